import Foundation
import Testing

extension AuditCLITests {
    /// The sessions of `traversals --format json`, in order.
    static func sessions(_ stdout: String) throws -> [String] {
        try #require(try json(stdout) as? [[String: Any]]).compactMap { $0["session"] as? String }
    }

    /// The cursor of `next page: --after CURSOR` on standard error, if the page gave one.
    static func nextCursor(_ stderr: String) -> String? {
        stderr.split(separator: "\n").first { $0.hasPrefix("next page: --after ") }.map { String($0.dropFirst(19)) }
    }

    @Test func traversalsGoOnAfterTheCursorTheyPrint() async throws {
        let store = try await Self.store
        let whole = try await Self.run(["audit", "traversals", "--store", store, "--limit", "100000", "--format", "json"])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(Self.nextCursor(whole.stderr) == nil)
        let expected = try Self.sessions(whole.stdout)
        #expect(expected.count > 200)

        var listed: [String] = []
        var cursors: [String] = []
        repeat {
            var arguments = ["audit", "traversals", "--store", store, "--limit", "40", "--format", "json"]
            if let after = cursors.last { arguments += ["--after", after] }
            let page = try await Self.run(arguments)
            #expect(page.status == 0, "\(page.stderr)")
            listed += try Self.sessions(page.stdout)
            guard let next = Self.nextCursor(page.stderr) else { break }
            cursors.append(next)
        } while cursors.count < 100
        #expect(listed == expected)
        #expect(cursors.count == (expected.count - 1) / 40)

        // A cursor given for another selection, or changed, is refused, naming the option.
        let first = try #require(cursors.first)
        let other = try await Self.run(["audit", "traversals", "--store", store, "--channel", "ivr", "--after", first])
        #expect(other.status == 1)
        #expect(
            other.stderr.hasPrefix(
                "error: --after: '\(first)' is not a cursor of this listing: it was given for another selection"))
        let changed = try await Self.run(["audit", "traversals", "--store", store, "--after", String(first.dropLast(2))])
        #expect(changed.status == 1)
        #expect(changed.stderr.hasPrefix("error: --after: "))
    }
}
