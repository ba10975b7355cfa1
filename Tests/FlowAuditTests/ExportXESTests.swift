import FlowAudit
import FlowConformance
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XES file read back with Foundation's XMLParser: the log's attributes, its
/// extensions, and each trace's attributes and events (key -> value).
final class XESReader: NSObject, XMLParserDelegate {
    struct Trace {
        var attributes: [String: String] = [:]
        var events: [[String: String]] = []
    }

    var logAttributes: [String: String] = [:]
    var extensions: [String] = []
    var traces: [Trace] = []
    private var trace: Trace?
    private var event: [String: String]?
    private var depthInGlobal = 0

    static func read(_ data: Data) throws -> XESReader {
        let reader = XESReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else {
            throw ParseFailure(message: parser.parserError.map { "\($0)" } ?? "unknown", line: parser.lineNumber)
        }
        return reader
    }

    struct ParseFailure: Error { let message: String; let line: Int }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "log": logAttributes = attributes
        case "extension": extensions.append(attributes["prefix"] ?? "")
        case "global": depthInGlobal += 1
        case "trace": trace = Trace()
        case "event": event = [:]
        case "string", "date", "int", "boolean":
            guard depthInGlobal == 0, let key = attributes["key"], let value = attributes["value"] else { return }
            if event != nil {
                event![key] = value
            } else if trace != nil {
                trace!.attributes[key] = value
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "global": depthInGlobal -= 1
        case "event":
            if let event { trace?.events.append(event) }
            event = nil
        case "trace":
            if let trace { traces.append(trace) }
            trace = nil
        default: break
        }
    }
}

/// `flowmap audit export --format xes` on the worked example, in a real store.
@Suite struct ExportXESTests {
    static func export(flow: Bool = true) async throws -> (reader: XESReader, summary: ExportSummary, text: String) {
        let path = try await ExportFixture.store()
        let store = try AuditStore(path: path)
        let audit = try AuditCatalog(store: store)
        let scanner = LogScanner(store: store, audit: audit, selection: try Selection().resolved(in: audit))
        let file = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("demo.xes").path
        let programs: Set<Int32>? = flow ? [try ExportFixture.demoPhone(audit)] : nil
        let summary = try LogExport.run(.xes, scanner: scanner, segmentsOf: programs, to: try ExportOutput.file(file))
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        return (try XESReader.read(data), summary, String(decoding: data, as: UTF8.self))
    }

    @Test func itIsAnIEEE1849LogWithTheStandardExtensions() async throws {
        let (reader, summary, _) = try await Self.export()
        #expect(reader.logAttributes["xes.version"] == "1849-2016")
        #expect(reader.logAttributes["xmlns"] == "http://www.xes-standard.org/" || reader.logAttributes["xmlns"] == nil)
        #expect(reader.extensions == ["concept", "time", "lifecycle", "org"])
        #expect(summary.sessions == 6 && summary.traces == 6)
        #expect(summary.events == 3 + 2 + 3 + 5 + 2 + 2)
    }

    @Test func eachSegmentIsATraceOfItsMovesLabelledAsTheNet() async throws {
        let (reader, _, _) = try await Self.export()
        let labels = Dictionary(uniqueKeysWithValues: reader.traces.map { trace in
            (trace.attributes["concept:name"] ?? "", trace.events.map { $0["concept:name"] ?? "" })
        })
        // docs/auditing.md, "Token replay": the traces of the worked example.
        #expect(labels["S1"] == ["greet->ask", "ask->resolve", "resolve->done"])
        #expect(labels["S2"] == ["greet->ask", "ask->done"])
        #expect(labels["S3"] == ["greet->ask", "ask->ask", "ask->hung-up"])
        #expect(labels["S4"] == [
            "greet->ask", "ask->transfer-billing", "transfer-billing->billing-explain", "billing-explain->resolve",
            "resolve->done",
        ])
        #expect(labels["S5"] == ["greet->ask", "ask->transfer-billing"])
        #expect(labels["S6"] == ["greet->ask", "ask->done"])
        let s1 = try #require(reader.traces.first { $0.attributes["concept:name"] == "S1" })
        #expect(s1.attributes["flowmap:flow"] == "demo.phone")
        #expect(s1.attributes["flowmap:contact-point"] == "P901")
        #expect(s1.attributes["flowmap:reached-end"] == "true")
    }

    @Test func eventsCarryTimePeopleAndTheirUnits() async throws {
        let (reader, _, _) = try await Self.export()
        let s4 = try #require(reader.traces.first { $0.attributes["concept:name"] == "S4" })
        // billing-explain->resolve: A7's input at 370 s after 09:00 on 2026-11-02.
        let explain = s4.events[3]
        #expect(explain["time:timestamp"] == "2026-11-02T09:06:10.000+00:00")
        #expect(explain["org:resource"] == "A7")
        #expect(explain["org:role"] == "agent")
        #expect(explain["org:group"] == "front-line")
        #expect(explain["lifecycle:transition"] == "complete")
        #expect(explain["flowmap:sequence"] == "5")
        // The connected outcome is nobody's.
        #expect(s4.events[2]["org:resource"] == nil)
        let s6 = try #require(reader.traces.first { $0.attributes["concept:name"] == "S6" })
        #expect(s6.events[1]["flowmap:reason"] == ExportFixture.awkwardReason)
        #expect(s6.events[1]["org:resource"] == "A9,x")
        #expect(s6.events[1]["flowmap:trigger"] == "override")
    }

    /// The exported traces replayed on the net give the worked example's token fitness:
    /// S1...S5 sum to m = 2, c = 22, r = 2, p = 22; S6 (like S2) adds 1, 2, 1, 2; so the
    /// log's fitness is ½(1 − 3/24) + ½(1 − 3/24) = 0.875.
    @Test func theExportedTracesReplayToTheExamplesFitness() async throws {
        let (reader, _, _) = try await Self.export()
        let path = try await ExportFixture.store()
        let audit = try AuditCatalog(store: try AuditStore(path: path))
        let net = audit.catalog.net(try ExportFixture.demoPhone(audit))
        var replay = TokenReplay()
        var total = TokenCounts()
        for trace in reader.traces {
            let moves: [Int32] = trace.events.map { event in
                let parts = (event["concept:name"] ?? "").components(separatedBy: "->")
                guard parts.count == 2, let from = net.stateNames.firstIndex(of: parts[0]),
                    let to = net.stateNames.firstIndex(of: parts[1])
                else { return -1 }
                return net.move(from: Int32(from), to: Int32(to)) ?? -1
            }
            total += replay.replay(moves, on: net)
        }
        #expect(total == TokenCounts(missing: 3, consumed: 24, remaining: 3, produced: 24))
        #expect(total.fitness == 0.875)
    }

    @Test func specialCharactersAreEscapedInTheFile() async throws {
        let (_, _, text) = try await Self.export()
        #expect(text.contains("value=\"客户着急, &quot;马上&quot; &lt;走&gt; &amp; &apos;挂机&apos;\""))
        #expect(text.contains("value=\"greet-&gt;ask\""))
    }

    @Test func theExportLeavesNoPartialFileAndTheStoreUnchanged() async throws {
        let path = try await ExportFixture.store()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let store = try AuditStore(path: path)
        let audit = try AuditCatalog(store: store)
        let scanner = LogScanner(store: store, audit: audit, selection: try Selection().resolved(in: audit))
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        _ = try LogExport.run(.xes, scanner: scanner, to: try ExportOutput.file(folder.appendingPathComponent("all.xes").path))
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(before == after)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!files.contains { $0.hasSuffix(".partial") })
        #expect(files.contains("all.xes"))
    }

    /// A subflow's segment is a trace of its own, named `C/2`; `--flow` picks segments at
    /// any depth.
    @Test func aSubflowsSegmentsAreTracesOfTheirOwn() async throws {
        let path = try await ExportFixture.store(adding: [try ExportFixture.complaint()])
        let store = try AuditStore(path: path)
        let audit = try AuditCatalog(store: store)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func traces(_ flow: String?) throws -> [String: [String]] {
            var selection = Selection()
            selection.restrict(to: try Selection.Period("2026-11-04"))
            let scanner = LogScanner(store: store, audit: audit, selection: try selection.resolved(in: audit))
            let file = folder.appendingPathComponent("\(flow ?? "all").xes").path
            let programs = try flow.map { Set(try audit.programs(flow: $0)) }
            _ = try LogExport.run(.xes, scanner: scanner, segmentsOf: programs, to: try ExportOutput.file(file))
            let reader = try XESReader.read(try Data(contentsOf: URL(fileURLWithPath: file)))
            return Dictionary(uniqueKeysWithValues: reader.traces.map { trace in
                (trace.attributes["concept:name"] ?? "", trace.events.map { $0["concept:name"] ?? "" })
            })
        }
        let caller = [
            "greet->verify", "verify->take-complaint", "take-complaint->to-billing", "to-billing->billing-review",
            "billing-review->closing",
        ]
        let child = ["ask-id->confirm", "confirm->checked"]
        #expect(try traces("check.phone") == ["C/2": child])
        #expect(try traces("complain.phone") == ["C": caller])
        #expect(try traces(nil) == ["C": caller, "C/2": child])
    }
}
