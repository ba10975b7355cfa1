import FlowModel
import Testing
@testable import FlowPresentation

@Suite("Flow diagrams")
struct FlowDiagramTests {
    let diagram = FlowDiagram(flow: Fixtures.flow("top-up.ivr"))

    @Test("Mermaid: labelled states, event and guard labels, start and end arrows, handlers in a note")
    func mermaid() {
        let expected =
        #"""
        ---
        title: "top-up.ivr 话费充值（自助语音） (Top-up (IVR))"
        ---
        stateDiagram-v2
            state "ask-amount<br/>collect<br/>输入#quot;金额#quot;<br/>(元)" as s0
            state "charge<br/>task topup.charge" as s1
            state "done<br/>end: resolved" as s2
            state "hung-up<br/>end: abandoned" as s3
            [*] --> s0
            s0 --> s3 : no-input after 1 retry
            s0 --> s3 : no-match after 1 retry
            s0 --> s1 : input [int(input) #gt;= 10]
            s1 --> s2 : ok
            s1 --> s3 : declined
            s1 --> s3 : failed
            s2 --> [*]
            s3 --> [*]
            classDef mandatory font-weight:bold,stroke-width:3px
            class s1 mandatory
            note right of s0
                handlers (any state)
                hangup → hung-up
            end note
        """#
        #expect(diagram.render(.mermaid) == expected + "\n")
    }

    @Test("DOT: shapes by kind, edge labels, dashed handler edges, bold mandatory states")
    func dot() {
        let expected =
        #"""
        digraph "top-up.ivr" {
            graph [label="top-up.ivr 话费充值（自助语音） (Top-up (IVR))", labelloc=t, fontname="sans-serif"];
            node [fontname="sans-serif", fontsize=11];
            edge [fontname="sans-serif", fontsize=9];
            "(start)" [shape=point, width=0.15, label=""];
            "ask-amount" [shape=box, label="ask-amount\ncollect\n输入\"金额\"\n(元)"];
            "charge" [shape=component, style=bold, penwidth=2, label="charge\ntask topup.charge"];
            "done" [shape=doublecircle, label="done\nend: resolved"];
            "hung-up" [shape=doublecircle, label="hung-up\nend: abandoned"];
            "(start)" -> "ask-amount";
            "ask-amount" -> "hung-up" [label="no-input after 1 retry"];
            "ask-amount" -> "hung-up" [label="no-match after 1 retry"];
            "ask-amount" -> "charge" [label="input [int(input) >= 10]"];
            "charge" -> "done" [label="ok"];
            "charge" -> "hung-up" [label="declined"];
            "charge" -> "hung-up" [label="failed"];
            "(any state)" [shape=plaintext, fontcolor=gray40, label="any state"];
            "(any state)" -> "hung-up" [style=dashed, color=gray40, label="hangup"];
        }
        """#
        #expect(diagram.render(.dot) == expected + "\n")
    }

    @Test("Mermaid labels: quotes, markup and statement separators become entity codes, newlines <br/>")
    func mermaidEscaping() {
        #expect(FlowDiagram.mermaidText(#"说 "你好"; a<b && c>d #1"#) == "说 #quot;你好#quot;#59; a#lt;b #amp;#amp; c#gt;d #35;1")
        #expect(FlowDiagram.mermaidText("第一行\n第二行") == "第一行<br/>第二行")
        #expect(FlowDiagram.yamlQuoted(#"a "b" \ c"#) == #""a \"b\" \\ c""#)
    }

    @Test("DOT strings: quotes and backslashes escaped, newlines as \\n, Chinese kept")
    func dotEscaping() {
        #expect(FlowDiagram.dotQuoted(#"说 "你好" \N"#) == #""说 \"你好\" \\N""#)
        #expect(FlowDiagram.dotQuoted("第一行\n第二行") == #""第一行\n第二行""#)
    }

    @Test("every state kind has its own shape")
    func shapes() {
        let flow = Fixtures.flow("bill-inquiry.ivr")
        let shapes = Dictionary(flow.states.map { ($0.id, FlowDiagram.shape(of: $0)) }, uniquingKeysWith: { a, _ in a })
        #expect(shapes["welcome"] == "ellipse")
        #expect(shapes["choose-month"] == "box")
        #expect(shapes["check-total"] == "diamond")
        #expect(shapes["lookup"] == "component")
        #expect(shapes["to-agent"] == "cds")
        #expect(shapes["goodbye"] == "doublecircle")
        let dot = FlowDiagram(flow: flow).render(.dot)
        #expect(dot.contains(#""read-bill" [shape=ellipse, style=bold, penwidth=2, label="read-bill\nprompt"];"#))
        #expect(dot.contains(#""check-total" -> "read-bill" [label="[total > 0]"];"#))
        #expect(dot.contains(#""check-total" -> "goodbye" [label="[otherwise]"];"#))
        #expect(dot.contains(#""(any state)" -> "to-agent" [style=dashed, color=gray40, label="input [input == '0']\nexcept to-agent"];"#))
    }

    @Test("without Graphviz, SVG fails with a message saying how to get it")
    func svgWithoutGraphviz() async {
        let graphviz = Graphviz(searchPath: "")
        #expect(graphviz.executable == nil)
        await #expect(throws: Graphviz.Failure.notInstalled) { try await graphviz.svg(fromDOT: diagram.render(.dot)) }
        #expect(Graphviz.Failure.notInstalled.description.contains("apt-get install -y graphviz"))
        #expect(Graphviz.Failure.notInstalled.description.contains("--format dot"))
    }

    @Test("with Graphviz, SVG is drawn by dot", .enabled(if: Graphviz().executable != nil, "Graphviz's dot is not on PATH"))
    func svg() async throws {
        let svg = try await Graphviz().svg(fromDOT: diagram.render(.dot))
        #expect(svg.contains("<svg"))
        #expect(svg.contains("ask&#45;amount") || svg.contains("ask-amount"))
        #expect(svg.contains("金额"))
    }
}
