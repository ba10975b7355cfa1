import FlowAudit
import FlowmapTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Audit routes that stop and resume well: an export whose client goes away stops its
/// scan, and the traversals' cursor resumes the scan where the page before stopped. Real
/// HTTP on 127.0.0.1 over traffic from the real `flowmap simulate`. One server at a time:
/// each holds a copy of a store and its connections, and the whole test run's open files
/// are many already.
@Suite(.serialized) struct AuditResumeTests {
    // MARK: Paging

    @Test(arguments: [3, 7, 64])
    func everyPageSizeListsEachSessionOnceInTheOrderTheyEnded(limit: Int) async throws {
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            let expected = try server.directLines(Selection()).map(\.session)
            var listed: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let answer = try await server.get(
                    "/v1/audit/traversals?limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? ""), token: qa)
                #expect(answer.status == 200, "\(answer.text.prefix(300))")
                let page = try #require(answer.json?["traversals"] as? [[String: Any]])
                cursor = answer.json?["next"] as? String
                if cursor != nil { #expect(page.count == limit) }
                listed += page.compactMap { $0["session"] as? String }
                pages += 1
            } while cursor != nil && pages <= expected.count
            #expect(expected.count > 250)
            #expect(listed == expected)
            #expect(Set(listed).count == listed.count)
            #expect(pages == (expected.count + limit - 1) / limit)
        }
    }

    @Test func aDeepPageReadsAboutAPageOfTheLog() async throws {
        let server = try await AuditServer(simulated: try await SimulatedStore.large.path())
        do {
            let qa = try server.key("qa-lead", .qa)
            var cursor: String?
            var read: [Int] = []
            for _ in 0..<35 {
                let answer = try await server.get(
                    "/v1/audit/traversals?limit=100" + (cursor.map { "&cursor=\($0)" } ?? ""), token: qa)
                #expect(answer.status == 200)
                read.append(try #require(answer.json?["recordsRead"] as? Int))
                cursor = try #require(answer.json?["next"] as? String)
            }
            // What a scan from the log's start reads to reach page 35's end (the 3,501st
            // session, which tells there is more): what page 35 cost when every page
            // scanned from the start.
            let (store, audit) = try server.audit()
            var sessions = 0
            var end: Int64 = 0
            try LogScanner(store: store, audit: audit, selection: try Selection.all.resolved(in: audit)).forEachPlacedSession {
                _, place in
                sessions += 1
                end = place.end
                return sessions < 3_501
            }
            print(
                "records read per page of 100: page 1 \(read[0]), page 35 \(read[34]), at most \(read.max()!); "
                    + "from the start to page 35's end \(end), log \(try store.recordCount())")
            #expect(read[0] > 0)
            #expect(read[34] * 3 < Int(end))
            // Deep pages cost about what shallow ones do: each reads from the start of the
            // oldest session still open at the page before's end (simulated SMS and phone
            // contacts stay open over some 6,000 records of other traffic here).
            #expect(read[25..<35].max()! < 2 * read[0..<10].max()!)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func aCursorOfAnotherStoreOrChangedIsABadCursor() async throws {
        let first = try await withAuditServerAnswer { server in
            let qa = try server.key("qa-lead", .qa)
            let page = try await server.get("/v1/audit/traversals?limit=3", token: qa)
            return try #require(page.json?["next"] as? String)
        }
        // Another store: one contact driven through a fresh server, then audited.
        try await withServer { server in
            let gateway = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            let qa = try server.key("qa-lead", .qa).token
            let started = try await server.send("POST", "/v1/sessions", token: gateway, json: IVRContactTests.start)
            #expect(started.status == 201, "\(started.text)")
            let refused = try await server.send("GET", "/v1/audit/traversals?cursor=\(first)", token: qa)
            #expect(refused.status == 400)
            #expect(refused.errorCode == "bad-cursor")
            #expect(refused.errorField == "cursor")
        }
        try await withAuditServer { server in
            let qa = try server.key("qa-lead", .qa)
            var changed = Array(first)
            changed[changed.count - 3] = changed[changed.count - 3] == "A" ? "B" : "A"
            for text in [String(changed), "after:12", String(first.dropLast(4))] {
                let answer = try await server.get("/v1/audit/traversals?cursor=\(text)", token: qa)
                #expect(answer.status == 400, "\(text)")
                #expect(answer.errorCode == "bad-cursor", "\(text): \(answer.text)")
            }
            // The same cursor on a copy of the same store resumes.
            let resumed = try await server.get("/v1/audit/traversals?limit=3&cursor=\(first)", token: qa)
            #expect(resumed.status == 200)
            let sessions = (resumed.json?["traversals"] as? [[String: Any]])?.compactMap { $0["session"] as? String }
            #expect(sessions == Array(try server.directLines(Selection()).map(\.session)[3..<6]))
        }
    }

    // MARK: Exports

    @Test func anExportWhoseClientLeavesStopsItsScan() async throws {
        let path = try await SimulatedStore.large.path()
        // The export may run 256 KiB ahead of what the client was sent: however the threads
        // are scheduled, it cannot have written much more than the client took when the
        // client leaves (the CSV of these 4,000 contacts is some 18 MB).
        let server = try await AuditServer(simulated: path, exportAhead: 256 << 10)
        do {
            let auditor = try server.key("auditor-1", .auditor)
            let finished = try server.directLines(Selection()).count
            #expect(finished > 3_000)

            let received = try await LeavingClient.read(
                bytes: 8_192, port: server.port, path: "/v1/audit/export?format=csv", token: auditor)
            #expect(received.hasPrefix("HTTP/1.1 200"))

            // The export's thread ends (the gauge back to zero) well before its last session:
            // at most 256 KiB beyond what the socket's buffers took.
            var metrics = try await Self.metrics(server)
            for _ in 0..<3_000 where metrics["flowmap_audit_exports_active"] != 0 {
                try await Task.sleep(for: .milliseconds(100))
                metrics = try await Self.metrics(server)
            }
            #expect(metrics["flowmap_audit_exports_active"] == 0)
            #expect(metrics["flowmap_audit_exports_stopped_total"] == 1)
            let written = try #require(metrics["flowmap_audit_export_sessions_total"])
            print("export stopped after \(Int(written)) of \(finished) sessions")
            #expect(written < Double(finished) / 2)
            // And stays there: nothing goes on scanning.
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await Self.metrics(server)["flowmap_audit_export_sessions_total"] == written)

            // The server answers as before, a whole export included.
            let page = try await server.get("/v1/audit/traversals?limit=2", token: auditor)
            #expect(page.status == 200)
            let small = try await server.get("/v1/audit/export?format=json&period=2026-11-02&channel=sms", token: auditor)
            #expect(small.status == 200)
            #expect(small.text.hasSuffix("\n"))
            let after = try await Self.metrics(server)
            #expect(after["flowmap_audit_exports_active"] == 0)
            #expect(after["flowmap_audit_exports_stopped_total"] == 1)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// The metrics without labels, by name.
    static func metrics(_ server: AuditServer) async throws -> [String: Double] {
        let text = try await server.get("/metrics", token: nil).text
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("flowmap_audit_") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }
}

/// Runs `body` with a fresh audit server and returns what it gives.
func withAuditServerAnswer<T>(_ body: (AuditServer) async throws -> T) async throws -> T {
    var answer: T?
    try await withAuditServer { answer = try await body($0) }
    return answer!
}

/// A client that sends a request, reads the first bytes of the answer and closes its
/// socket: a browser tab closed during a download. A plain POSIX socket, so that nothing
/// reads on after it.
enum LeavingClient {
    /// The first `bytes` bytes (or fewer, if the server closes first), as text.
    static func read(bytes wanted: Int, port: Int, path: String, token: String) async throws -> String {
        try await offThread {
            // A small receive buffer: the server cannot push much ahead of what is read.
            let socket = try LoopbackSocket.get(port: port, path: path, token: token, receiveBuffer: 4096)
            defer { close(socket) }
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while data.count < wanted {
                let count = recv(socket, &buffer, buffer.count, 0)
                guard count > 0 else { break }
                data += buffer[0..<count]
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Blocking socket calls on a thread of their own, not the cooperative pool.
    private static func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
