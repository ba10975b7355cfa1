import FlowRuntime
@testable import FlowStore
import Foundation
import Testing

/// The hash chain's digests are fixed by its definition, not by the code that computes
/// them: the expected values below were computed outside Swift (Python's hashlib over the
/// length-prefixed fields, as `RecordHashing` documents them), so a faster implementation
/// must give the very same digests.
@Suite struct RecordHashingTests {
    /// Every field set, personal data masked, texts that are not ASCII, a negative time.
    static var full: LogRecord {
        var record = LogRecord.blank
        record.session = "s-1"
        record.sequence = 7
        record.journey = "j-1"
        record.contactPoint = "VG101"
        record.flow = "bill-inquiry.ivr"
        record.version = String(repeating: "ab", count: 32)
        record.depth = 1
        record.from = "choose-month"
        record.to = "lookup-bill"
        record.trigger = "event"
        record.event = "input"
        record.guardText = "input == '1'"
        record.origin = "option '1'"
        record.reason = "客户要求"
        record.actor = "a-7"
        record.role = "agent"
        record.orgUnit = "front"
        record.channel = "ivr"
        record.enteredAt = 1_795_000_000_000
        record.leftAt = -5
        record.outcome = "resolved"
        record.changes = "month=本月; msisdn=***"
        record.note = "备注"
        return record
    }

    /// Every optional field absent, empty texts.
    static var bare: LogRecord {
        var record = LogRecord.blank
        record.session = "s-2"
        record.sequence = 1
        record.flow = "f"
        record.trigger = "abandon"
        record.channel = "sms"
        return record
    }

    @Test func digestsAreThoseOfTheDefinition() {
        let first = RecordHashing.hash(Self.full, previous: RecordHashing.genesis)
        #expect(first == "9f1059af4e0844da36f0f0ebc87378a0b7852115f9e3514b941b43643011de3a")
        #expect(RecordHashing.hash(Self.bare, previous: first) == "99a34ae244372ade0e065aee44f2205f2e1013dd3d5ec7e053c1a350d64a1b41")
        // The previous hash is a field like the others: an empty one is its length, 0.
        #expect(RecordHashing.hash(Self.bare, previous: "") == "d357c632ce929ab330e3e88f85e101f31ce84c88c70e279ee7d67c28f62c5450")
    }

    @Test func theStoresChainOfRealContactsIsTheDefinitionsChain() async throws {
        // Contacts through every IVR flow, with retries, subflows and hang-ups: the store
        // hashes the fields it laid out for binding; `RecordHashing` hashes the `LogRecord`.
        let (store, _) = try StoreFixture.temporaryStore()
        let flows = ["bill-inquiry.ivr", "balance-inquiry.ivr", "top-up.ivr", "plan-change.ivr", "data-package.ivr"]
        for (index, flow) in flows.enumerated() {
            var contact = try Contact(id: "c-\(index)", flow: flow, seed: UInt64(index + 11))
            try await store.commit(contact.started)
            while let step = contact.next() { try await store.commit(step) }
            let stored = try await store.log(session: "c-\(index)")
            #expect(stored == RecordHashing.chain(contact.records.map(\.logRecord), after: RecordHashing.genesis))
        }
    }

    @Test func storedHashesAreTheirBytesAndReadBackAsHex() {
        let hex = "9f1059af4e0844da36f0f0ebc87378a0b7852115f9e3514b941b43643011de3a"
        let bytes = StoredHash.bytes(hex)
        #expect(bytes?.count == 32)
        #expect(bytes?.first == 0x9F)
        #expect(bytes.map { $0.withUnsafeBytes { StoredHash.hex($0) } } == hex)
        #expect(StoredHash.bytes(String(hex.dropLast())) == nil)
        #expect(StoredHash.bytes(String(hex.dropLast()) + "g") == nil)
        #expect(StoredHash.bytes(hex.uppercased()) == bytes)
    }
}
