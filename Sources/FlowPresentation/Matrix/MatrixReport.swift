import FlowModel

/// The flow map as a table: businesses down the side, channels across the top.
///
/// Each cell shows its flow (or why it is not offered, or a blind-spot marker), the
/// contact-point codes it covers, its brand/environment variants and its benchmark.
///
/// ```swift
/// let report = MatrixReport(map: library.flowMap!, flows: library.flows)
/// print(report.render(.text))
/// ```
public struct MatrixReport: Sendable {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// Aligned columns for a terminal (Chinese counted two columns wide).
        case text
        /// A Markdown table.
        case markdown
        /// One self-contained HTML page, with a section per flow.
        case html
        /// One row per contact point and environment (RFC 4180).
        case csv
    }

    /// A refinement of a cell for a brand, an environment or both.
    public struct Variant: Sendable, Hashable {
        public var brand: String?
        public var environment: String?
        public var status: CellStatus
        /// The benchmark that applies when the variant names a flow: its own, the cell's or the map's.
        public var benchmark: Double?

        /// `gotone`, `other-network`, `gotone/other-network`.
        public var scope: String {
            [brand, environment].compactMap { $0 }.joined(separator: "/")
        }
    }

    /// One business x channel crossing.
    public struct Cell: Sendable, Hashable {
        public var business: String
        public var channel: String
        public var status: CellStatus
        /// The contact-point codes of the cell, one per brand: `VG101 VM101`.
        public var codes: [String]
        public var variants: [Variant]
        /// The benchmark that applies to the cell's own flow: its own or the map's default.
        public var benchmark: Double?
    }

    /// A business and its cells, one per channel in the map's channel order.
    public struct Row: Sendable, Hashable {
        public var business: Business
        public var cells: [Cell]
    }

    /// One contact point in one customer environment, as the CSV lists it.
    public struct ContactPointLine: Sendable, Hashable {
        public var code: String
        public var business: String
        public var channel: String
        public var brand: String
        public var environment: String
        public var status: CellStatus
        public var benchmark: Double?
    }

    /// The flow map's name, the report's title.
    public var name: LocalizedText
    /// The columns, in the map's order.
    public var channels: [Channel]
    /// One row per business, in the map's order.
    public var rows: [Row]
    /// Every contact point in every customer environment, as the CSV lists them.
    public var contactPoints: [ContactPointLine]
    /// The flows of the library, for the HTML page's sections.
    public var flows: [Flow]
    var map: FlowMap

    public init(map: FlowMap, flows: [Flow] = []) {
        self.map = map
        self.name = map.name
        self.channels = map.channels
        self.flows = flows
        self.rows = map.businesses.map { business in
            Row(business: business, cells: map.channels.map { Self.cell(business: business, channel: $0, map: map) })
        }
        var lines: [ContactPointLine] = []
        let environments = map.environments.isEmpty ? [""] : map.environments.map(\.id)
        for point in map.contactPoints {
            for environment in environments {
                let resolution = map.resolve(
                    business: point.business, channel: point.channel, brand: point.brand, environment: environment)
                let status = CellStatus(resolution)
                let benchmark = status.flowID == nil ? nil : map.benchmark(
                    business: point.business, channel: point.channel, brand: point.brand, environment: environment)
                lines.append(ContactPointLine(
                    code: point.code, business: point.business, channel: point.channel, brand: point.brand,
                    environment: environment, status: status, benchmark: benchmark))
            }
        }
        self.contactPoints = lines
    }

    /// The report in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .text: textTable()
        case .markdown: markdownTable()
        case .html: htmlPage()
        case .csv: csvRows()
        }
    }

    /// Flows the matrix names that the library does not declare (empty when no flows were given).
    public var missingFlowIDs: Set<String> {
        guard !flows.isEmpty else { return [] }
        let declared = Set(flows.map(\.id))
        let named = cells.flatMap { ([$0.status] + $0.variants.map(\.status)).compactMap(\.flowID) }
        return Set(named.filter { !declared.contains($0) })
    }

    /// The cells of every row, flattened.
    public var cells: [Cell] { rows.flatMap(\.cells) }

    /// `2 businesses x 3 channels = 6 cells: 3 flows, 3 not offered, 0 blind spots; 12 contact points`.
    public var summary: String {
        let all = cells
        let flows = all.count { $0.status.flowID != nil }
        let notOffered = all.count { if case .notOffered = $0.status { true } else { false } }
        let blind = all.count { $0.status == .blindSpot } + all.flatMap(\.variants).count { $0.status == .blindSpot }
        let points = map.contactPoints.count
        return "\(rows.count) business\(rows.count == 1 ? "" : "es") x \(channels.count) channel\(channels.count == 1 ? "" : "s") = \(all.count) cell\(all.count == 1 ? "" : "s"): \(flows) with a flow, \(notOffered) not offered, \(blind) blind spot\(blind == 1 ? "" : "s"); \(points) contact point\(points == 1 ? "" : "s")"
    }

    private static func cell(business: Business, channel: Channel, map: FlowMap) -> Cell {
        let brandIDs = map.brands.isEmpty ? [""] : map.brands.map(\.id)
        let codes = brandIDs.compactMap { map.code(business: business.id, channel: channel.id, brand: $0) }
        guard let matrixCell = map.cell(business: business.id, channel: channel.id) else {
            return Cell(business: business.id, channel: channel.id, status: .blindSpot, codes: codes, variants: [], benchmark: nil)
        }
        let status = CellStatus(matrixCell.assignment)
        let variants = matrixCell.variants.map { variant in
            let status = CellStatus(variant.assignment)
            let benchmark = status.flowID == nil ? nil : (variant.benchmark ?? matrixCell.benchmark ?? map.defaultBenchmark)
            return Variant(brand: variant.brand?.name, environment: variant.environment?.name, status: status, benchmark: benchmark)
        }
        let benchmark = status.flowID == nil ? nil : (matrixCell.benchmark ?? map.defaultBenchmark)
        return Cell(business: business.id, channel: channel.id, status: status, codes: codes, variants: variants, benchmark: benchmark)
    }
}
