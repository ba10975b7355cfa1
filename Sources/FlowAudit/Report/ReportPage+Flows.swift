extension ReportPage {
    /// A flow version's section of "Paths and time per state".
    struct FlowSection {
        var flow: String
        var version: String
        var sessions: Int
        var variants: [VariantRow]
        var other: OtherRow?
        var hasVariants: Bool
        var states: [StateRow]
        var overSLA: Int
    }

    struct VariantRow {
        var rank: Int
        var path: String
        var count: Int
        var share: String
        var cumulative: String
        /// The bar's width in the share column, 0...100.
        var bar: String
    }

    struct OtherRow {
        var variants: Int
        var count: Int
        var share: String
    }

    struct StateRow {
        var state: String
        var visits: Int
        var median: String
        var p90: String
        var sla: String
        var over: Bool
    }

    static func flowSections(_ flows: [FlowFigures]) -> [FlowSection] {
        flows.map { flow in
            FlowSection(
                flow: flow.flow, version: String(flow.version.prefix(12)), sessions: flow.sessions,
                variants: flow.variants.map { variant in
                    VariantRow(
                        rank: variant.rank, path: variant.path, count: variant.count, share: ReportText.percent(variant.share),
                        cumulative: ReportText.percent(variant.cumulativeShare), bar: String(format: "%.1f", variant.share * 100))
                },
                other: flow.otherVariants.map {
                    OtherRow(variants: $0.variants, count: $0.count, share: ReportText.percent($0.share))
                },
                hasVariants: !flow.variants.isEmpty,
                states: flow.states.map { state in
                    StateRow(
                        state: state.state, visits: state.visits, median: ReportText.seconds(state.median),
                        p90: ReportText.seconds(state.p90), sla: ReportText.seconds(state.sla), over: state.overSLA)
                },
                overSLA: flow.states.count(where: \.overSLA))
        }
    }
}
