import Foundation
import GRDB
import Testing

@testable import FlowAccess

/// Verified keys are kept between requests, and any change to the key store, by this
/// process or another, is seen on the very next request.
@Suite struct VerifiedKeysTests {
    let now = KeyStoreFixture.now

    @Test func aKeyDisabledByAnotherProcessIsRefusedOnItsNextRequest() throws {
        let fixture = try KeyStoreFixture()
        let ivr = try fixture.keys.create(owner: "ivr-gateway", role: .adapter, scope: KeyScope(channels: ["ivr"]), by: "root", at: now)
        for _ in 0..<3 {
            #expect(try fixture.keys.verify(ivr.token.text, at: now) == .accepted(ivr.key))
        }
        // Another KeyStore on the same file is another connection, as `flowmap keys disable` is.
        let other = try KeyStore(path: fixture.keys.path)
        try other.disable(id: ivr.key.id, by: "root", reason: "gateway replaced", at: now.addingTimeInterval(1))
        #expect(try fixture.keys.verify(ivr.token.text, at: now.addingTimeInterval(2))
            == .refused(.disabled(id: ivr.key.id, reason: "gateway replaced")))
    }

    @Test func aKeyDisabledHereIsRefusedOnItsNextRequest() throws {
        let fixture = try KeyStoreFixture()
        let agent = try fixture.keys.create(owner: "li.na", role: .agent, scope: KeyScope(agent: "A2"), by: "root", at: now)
        #expect(try fixture.keys.verify(agent.token.text, at: now) == .accepted(agent.key))
        let rotated = try fixture.keys.rotate(id: agent.key.id, by: "root", at: now.addingTimeInterval(1))
        #expect(try fixture.keys.verify(agent.token.text, at: now.addingTimeInterval(2))
            == .refused(.disabled(id: agent.key.id, reason: "rotated to \(rotated.new.id)")))
        #expect(try fixture.keys.verify(rotated.token.text, at: now.addingTimeInterval(2)) == .accepted(rotated.new))
    }

    @Test func aCachedKeyStillNeedsItsSecret() throws {
        let fixture = try KeyStoreFixture()
        let ivr = try fixture.keys.create(owner: "ivr-gateway", role: .adapter, scope: KeyScope(channels: ["ivr"]), by: "root", at: now)
        #expect(try fixture.keys.verify(ivr.token.text, at: now) == .accepted(ivr.key))
        let forged = "fmk_\(ivr.key.id)_\(KeyToken.generate().secret)"
        #expect(try fixture.keys.verify(forged, at: now) == .refused(.wrongSecret(id: ivr.key.id)))
    }

    @Test func aGracePeriodEndsWhileTheKeyIsCached() throws {
        let fixture = try KeyStoreFixture()
        let ivr = try fixture.keys.create(owner: "ivr-gateway", role: .adapter, scope: KeyScope(channels: ["ivr"]), by: "root", at: now)
        _ = try fixture.keys.rotate(id: ivr.key.id, by: "root", grace: 60, at: now)
        guard case .accepted = try fixture.keys.verify(ivr.token.text, at: now.addingTimeInterval(59)) else {
            Issue.record("the old key works during its grace period")
            return
        }
        guard case .refused(.disabled) = try fixture.keys.verify(ivr.token.text, at: now.addingTimeInterval(61)) else {
            Issue.record("the old key stops when its grace period ends, cached or not")
            return
        }
    }
}

/// Denials are written in batches, in order with the admin actions around them, and a flood
/// over the queue's capacity is summarised rather than dropped.
@Suite struct DenialQueueTests {
    let now = KeyStoreFixture.now

    @Test func denialsAndAdminActionsKeepTheirOrderInTheLog() throws {
        let fixture = try KeyStoreFixture()
        _ = try fixture.keys.admit(token: nil, action: .readFlowMap, target: .service, route: "GET /v1/contact-points", at: now)
        let made = try fixture.keys.create(owner: "li.na", role: .agent, scope: KeyScope(agent: "A2"), by: "root", at: now)
        _ = try fixture.keys.admit(
            token: made.token.text, action: .publishFlow, target: .service, route: "POST /v1/publish", at: now)
        try fixture.keys.disable(id: made.key.id, by: "root", reason: "left", at: now)
        #expect(try fixture.keys.log().map(\.action) == [.denial, .create, .denial, .disable])
    }

    @Test func everyDenialOfABurstIsLogged() throws {
        let fixture = try KeyStoreFixture()
        let stranger = KeyToken.generate()
        for index in 0..<500 {
            _ = try fixture.keys.admit(
                token: stranger.text, action: .readFlowMap, target: .service,
                route: "GET /v1/flows/f\(index)", at: now)
        }
        let log = try fixture.keys.log()
        #expect(log.count == 500)
        #expect(log.map(\.route) == (0..<500).map { "GET /v1/flows/f\($0)" })
        #expect(Set(log.map(\.reason)) == ["unknown-key: no key '\(stranger.id)'"])
    }

    @Test func aFloodOverCapacityIsSummarisedPerKeyAndReason() throws {
        let fixture = try KeyStoreFixture()
        let queue = DenialQueue(pool: fixture.keys.pool, capacity: 5, delay: .seconds(3600))
        for index in 0..<9 {
            queue.add(.init(at: 1000 + Int64(index), key: "0123456789abcdef", route: "GET /r\(index)", reason: "unknown-key: no key"))
        }
        queue.add(.init(at: 2000, key: nil, route: "GET /x", reason: "no-token: no key presented"))
        try queue.flush()
        let log = try fixture.keys.log()
        #expect(log.map(\.route) == ["GET /r0", "GET /r1", "GET /r2", "GET /r3", "GET /r4", "GET /r5", "GET /x"])
        #expect(log[5].reason == "unknown-key: no key (and 3 more like it not logged one by one: over 5 denials queued)")
        #expect(log[6].reason == "no-token: no key presented")
    }
}
