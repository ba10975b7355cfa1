import FlowConformance
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The net's construction and export, and the slow path from log records to traces.
@Suite struct NetAndTraceTests {
    @Test func pnmlHasEveryPlaceTransitionArcAndBothMarkings() throws {
        let net = FlowNet(program: ConformanceFixture.program("demo.phone"))
        let pnml = net.pnml()
        let document = try XMLDocument(xmlString: pnml)
        func count(_ path: String) throws -> Int { try document.nodes(forXPath: path).count }
        #expect(try count("//place") == 8 + 1)  // 7 states, sink; the final marking's idref is a place too
        #expect(try count("//page/place") == 8)
        #expect(try count("//transition") == 16)
        #expect(try count("//transition/toolspecific[@activity='$invisible$']") == 2)
        #expect(try count("//arc") == 32)
        #expect(try count("//place[@id='p0']/initialMarking") == 1)
        #expect(try count("//finalmarkings/marking/place[@idref='sink']") == 1)
        let names = try document.nodes(forXPath: "//transition/name/text").map { $0.stringValue ?? "" }
        #expect(names.contains("ask->transfer-billing"))
        #expect(names.contains("τdone"))
        #expect(pnml.contains("type=\"http://www.pnml.org/version-2009/grammar/ptnet\""))
    }

    @Test func aStateNoDesignedPathReachesIsDominatedByItselfAlone() throws {
        let text = """
            id: side
            version: "1"
            title: 旁路
            business: demo
            channel: phone
            category: inquiry
            owner: front-line
            start: a
            states:
              a: { kind: prompt, say: 一, next: b }
              b: { kind: prompt, say: 二, mandatory: true, next: done }
              x: { kind: prompt, say: 三, next: done }
              done: { kind: end, outcome: resolved }
            """
        let loaded = FlowLibrary.load(flowText: text, path: "side.yaml", flowMap: ConformanceFixture.flowMap)
        let flow = try #require(loaded.flows.first)
        let net = FlowNet(program: try ProgramCompiler.compile(flow, version: "v1", channelMode: .guided))
        #expect(net.dominators(of: net.index("x")) == ["x"])
        #expect(net.dominators(of: net.index("done")) == ["a", "b", "done"])
        #expect(net.shortestRun == 2)
    }

    @Test func theSlowPathNamesTheRecordAndTheNameItCannotFind() throws {
        let catalog = ConformanceFixture.catalog()
        var contact = try DrivenContact("demo.phone", id: "E", agent: People.agent("A1"))
        try contact.send(.input("1"), at: 40)
        var records = contact.logRecords
        #expect(throws: Never.self) { try SessionTrace(records: records, number: 1, catalog: catalog, vocabulary: catalog.vocabulary) }

        var unknownVersion = records
        unknownVersion[2].version = "0000"
        #expect(throws: TraceError.unknownFlowVersion(session: "E", sequence: 3, flow: "demo.phone", version: "0000")) {
            try SessionTrace(records: unknownVersion, number: 1, catalog: catalog, vocabulary: catalog.vocabulary)
        }
        var unknownState = records
        unknownState[3].to = "finished"
        #expect(throws: TraceError.unknownState(session: "E", sequence: 4, flow: "demo.phone", state: "finished")) {
            try SessionTrace(records: unknownState, number: 1, catalog: catalog, vocabulary: catalog.vocabulary)
        }
        #expect(throws: TraceError.self) { try SessionTrace(records: [], number: 1, catalog: catalog, vocabulary: catalog.vocabulary) }

        // Records out of order are put in order.
        records.reverse()
        let trace = try SessionTrace(records: records, number: 1, catalog: catalog, vocabulary: catalog.vocabulary)
        #expect(trace.steps.map(\.sequence) == [1, 2, 3, 4])
        #expect(trace.outcome == .resolved)
    }

    @Test func aMeasurerReusedAcrossSessionsGivesTheSameVerdicts() throws {
        let catalog = ConformanceFixture.catalog()
        let traces = try WorkedExampleTests.sessions().enumerated().map { try $1.trace(number: Int64($0 + 1), catalog: catalog) }
        var reused = SessionMeasurer(catalog: catalog)
        let again = traces.map { reused.measure($0) }
        for (trace, verdict) in zip(traces, again) {
            var fresh = SessionMeasurer(catalog: catalog)
            let alone = fresh.measure(trace)
            #expect(alone.deviations == verdict.deviations)
            #expect(alone.tokens == verdict.tokens)
            #expect(alone.alignment == verdict.alignment)
            #expect(alone.personSteps == verdict.personSteps)
            #expect(alone.visits == verdict.visits)
            #expect(alone.variant == verdict.variant)
        }
        // Two of the five need the search (S2, S5); the rest take the fast path.
        #expect(reused.searchedSegments == 2)
    }
}
