import FlowAudit
import FlowConformance
import FlowmapTestSupport
import Foundation
import Testing

/// A scan resumed after a `ScanPlace` (a listing's next page): it hands on exactly the
/// sessions a whole scan hands on after that place, each whole and in the same order,
/// whatever the page size and the number of readers, and it reads about a page of the log,
/// not the log up to the page. Over the simulated traffic of `ScanSimulatedStoreTests`.
@Suite(.serialized) struct ScanResumeTests {
    /// One page: the sessions as text (`ScanSimulatedStoreTests.scan`'s), the place of the
    /// last one, whether more followed, where its scan began, the end of the last session it
    /// needed (the one past the page), and the rows its readers read.
    struct Page {
        var sessions: [String] = []
        var last: ScanPlace?
        var more = false
        var firstRowid: Int64 = 0
        var neededEnd: Int64?
        var rowsRead = 0
    }

    static func page(
        _ opened: (AuditStore, AuditCatalog), size: Int, after: ScanPlace?, readers: Int, chunkRows: Int,
        readAhead: Int? = nil, _ change: (inout Selection) -> Void = { _ in }
    ) throws -> Page {
        let (store, audit) = opened
        var selection = Selection()
        change(&selection)
        var page = Page()
        let summary = try LogScanner(
            store: store, audit: audit, selection: try selection.resolved(in: audit), batchSize: 5, readers: readers,
            chunkRows: chunkRows, readAhead: readAhead, after: after
        ).forEachPlacedSession { trace, place in
            page.neededEnd = place.end
            guard page.sessions.count < size else {
                page.more = true
                return false
            }
            page.sessions.append(Self.text(trace, audit: audit))
            page.last = place
            return true
        }
        page.firstRowid = summary.firstRowid
        page.rowsRead = summary.rowsRead
        return page
    }

    /// A session as text with names for ids (ids differ between scans that meet names in
    /// another order).
    static func text(_ trace: SessionTrace, audit: AuditCatalog) -> String {
        func name(_ id: Int32) -> String { audit.vocabulary.name(id) ?? "-" }
        var text = "\(trace.session) \(trace.number) \(trace.journey) \(name(trace.contactPoint)) \(name(trace.channel))"
        for step in trace.steps {
            text +=
                "\n\(step.sequence) \(step.depth) \(step.trigger) \(step.outcome.map { "\($0)" } ?? "-") "
                + "\(step.tookTransition) \(audit.catalog.program(step.program).id) \(step.from) \(step.to) "
                + "\(name(step.event)) \(name(step.reason)) \(name(step.actor)) \(name(step.role)) "
                + "\(name(step.orgUnit)) \(step.enteredAt) \(step.leftAt)"
        }
        return text
    }

    /// Every page of a listing, resuming each after the one before.
    static func pages(
        _ path: String, size: Int, readers: Int, chunkRows: Int, readAhead: Int? = nil,
        _ change: (inout Selection) -> Void = { _ in }
    ) throws -> [Page] {
        let opened = try ScanFixture.audit(path)
        var pages: [Page] = []
        var after: ScanPlace?
        repeat {
            let page = try page(
                opened, size: size, after: after, readers: readers, chunkRows: chunkRows, readAhead: readAhead, change)
            pages.append(page)
            after = page.more ? page.last : nil
        } while after != nil && pages.count < 1_000
        return pages
    }

    @Test(arguments: [(1, 1 << 18), (3, 50), (2, 997)])
    func pagingGivesTheWholeListingInOrderWithoutGapOrDuplicate(readers: Int, chunkRows: Int) async throws {
        let path = try await ScanSimulatedStoreTests.shared.value()
        let selections: [(String, (inout Selection) -> Void)] = [
            ("all", { _ in }), ("ivr", { $0.channels = ["ivr"] }),
            ("two flows", { $0.flows = ["bill-inquiry.phone", "billing-complaint.web"] }),
            // By the day a session started: a page that begins inside a session takes it by
            // its start record (read by key), not by its first record after the page before.
            ("one day", { $0.restrict(to: try! Selection.Period("2026-11-02")) }),
        ]
        for (name, change) in selections {
            let whole = try Self.page(try ScanFixture.audit(path), size: .max, after: nil, readers: 1, chunkRows: 1 << 18, change)
                .sessions
            #expect(whole.count > 10, "\(name)")
            for size in name == "all" ? (readers == 1 ? [1, 7, 50, 1_000] : [7, 50]) : [3, 64] {
                let pages = try Self.pages(path, size: size, readers: readers, chunkRows: chunkRows, change)
                let listed = pages.flatMap(\.sessions)
                #expect(listed.count == whole.count, "\(name), \(size) a page")
                #expect(listed == whole, "\(name), \(size) a page")
                #expect(pages.count == max((whole.count + size - 1) / size, 1), "\(name), \(size) a page")
                #expect(pages.dropLast().allSatisfy { $0.sessions.count == size && $0.more })
                #expect(pages.last?.more == false)
            }
        }
    }

    @Test func pageFiftyReadsAboutAPageNotFiftyPages() async throws {
        let path = try await ScanSimulatedStoreTests.shared.value()
        // The reader hands over at most 64 steps ahead of the page (as a listing's does).
        let pages = try Self.pages(path, size: 5, readers: 1, chunkRows: 1 << 18, readAhead: 64)
        #expect(pages.count > 70)
        let fiftieth = pages[49]
        // What page 50 read, and what a scan from the log's start to the same session reads
        // (each page did so before its cursor could resume).
        let fromTheStart = Int(try #require(fiftieth.neededEnd) - pages[0].firstRowid + 1)
        let reads = pages.map(\.rowsRead)
        print(
            "rows read per page of 5: page 1 \(reads[0]), page 50 \(reads[49]), pages 2-11 at most \(reads[1..<11].max()!), pages 61-70 at most \(reads[60..<70].max()!), "
                + "from the start to page 50's end \(fromTheStart)")
        #expect(fiftieth.firstRowid > pages[0].firstRowid)
        // A page reads what it needs (from the oldest session still open at the page
        // before's end, through its own last session) and what its reader read ahead before
        // it stopped: a hand-over or two of sessions, spread over the rows of the sessions
        // open meanwhile (about 200 rows here; bounded loosely, since it depends on how far
        // the thread had got), never the rest of the log.
        for page in pages.dropLast() {
            let needed = Int(try #require(page.neededEnd) - page.firstRowid + 1)
            #expect(page.rowsRead >= needed)
            #expect(page.rowsRead <= needed + 10 * 64)
        }
        #expect(reads[49] * 3 < fromTheStart)
        // Deeper still, no page reads even half of what a scan from the start reads: each
        // begins where the earliest session still open before it began, however deep.
        for (index, page) in pages.enumerated().dropFirst(49).dropLast() {
            let fromTheStart = Int(try #require(page.neededEnd) - pages[0].firstRowid + 1)
            #expect(page.rowsRead * 2 < fromTheStart, "page \(index + 1)")
        }
    }

    @Test func aCursorResumesOnlyItsOwnStoreAndSelection() async throws {
        let path = try await ScanSimulatedStoreTests.shared.value()
        let (store, _) = try ScanFixture.audit(path)
        let first = try Self.page((store, try AuditCatalog(store: store)), size: 10, after: nil, readers: 1, chunkRows: 1 << 18)
        let place = try #require(first.last)
        let cursor = try TraversalCursor(after: place, selection: "--channel ivr", in: store)
        // Read back with the same selection and store: the same place.
        let read = try TraversalCursor(text: cursor.text, selection: "--channel ivr")
        #expect(try read.place(in: store) == place)
        #expect(cursor.text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })

        // Another selection, a changed character, text that is no cursor: refused.
        #expect(throws: TraversalCursor.Invalid.self) { try TraversalCursor(text: cursor.text, selection: "--channel sms") }
        var changed = Array(cursor.text)
        let index = changed.count / 2
        changed[index] = changed[index] == "A" ? "B" : "A"
        #expect(throws: TraversalCursor.Invalid.self) { try TraversalCursor(text: String(changed), selection: "--channel ivr") }
        #expect(throws: TraversalCursor.Invalid.self) { try TraversalCursor(text: "after:12", selection: "--channel ivr") }
        #expect(throws: TraversalCursor.Invalid.self) { try TraversalCursor(text: "", selection: "") }

        // Another store: the worked example's log has no session's end with that hash there.
        let other = try AuditStore(path: try await ScanFixture.workedExampleStore())
        #expect(throws: TraversalCursor.Invalid.self) { try read.place(in: other) }
    }
}
