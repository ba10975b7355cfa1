import Foundation

/// A line chart of rates (0-100%) over days or months, as the geometry an inline SVG
/// template draws: no script, no library. Series differ by colour and by dash, so a
/// black-and-white print still tells them apart; a missing value breaks the line.
struct TrendChart: Sendable {
    struct Point: Sendable {
        var x: String
        var y: String
        /// The tooltip: `2026-11-02: compliance 94.1%`.
        var title: String
    }

    struct Series: Sendable {
        var name: String
        var colour: String
        var dash: String
        var width: String
        /// Polyline point lists, one per unbroken run of values.
        var lines: [Line]
        var points: [Point]
        /// Where the legend puts it.
        var legendX: String
        var legendY: String
        var legendTextX: String
        var legendTextY: String
    }

    struct Line: Sendable { var points: String }

    struct Tick: Sendable {
        var x: String
        var y: String
        var text: String
    }

    var title: String
    var width = "760"
    var height: String
    var series: [Series]
    var xTicks: [Tick]
    var yTicks: [Tick]
    /// The gridlines' ends.
    var left: String
    var right: String
    /// The benchmark's line, when there is one.
    var benchmark: Tick?

    /// One series of the chart: a name, how it is drawn, a value per position (nil: none).
    struct Input {
        var name: String
        var colour: String
        var dash: String
        var width: Double = 1.5
        var values: [Double?]
    }

    static let plotLeft = 48.0
    static let plotRight = 740.0
    static let plotTop = 16.0
    static let plotHeight = 180.0

    /// - Parameters:
    ///   - labels: the positions' names (`2026-11-02`), for the tooltips.
    ///   - tickLabels: the text under each position (empty: none).
    init(title: String, labels: [String], tickLabels: [String], series inputs: [Input], benchmark: Double?) {
        self.title = title
        let count = max(labels.count, 1)
        let step = count > 1 ? (Self.plotRight - Self.plotLeft) / Double(count - 1) : 0
        func x(_ index: Int) -> Double { count > 1 ? Self.plotLeft + Double(index) * step : (Self.plotLeft + Self.plotRight) / 2 }
        func y(_ value: Double) -> Double { Self.plotTop + (1 - min(max(value, 0), 1)) * Self.plotHeight }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }

        let legendTop = Self.plotTop + Self.plotHeight + 34
        let perRow = 3
        series = inputs.enumerated().map { index, input in
            var lines: [Line] = []
            var run: [String] = []
            var points: [Point] = []
            for (position, value) in input.values.enumerated() {
                guard let value else {
                    if !run.isEmpty { lines.append(Line(points: run.joined(separator: " "))) }
                    run = []
                    continue
                }
                let point = f(x(position)) + "," + f(y(value))
                run.append(point)
                let label = position < labels.count ? labels[position] : ""
                points.append(Point(
                    x: f(x(position)), y: f(y(value)), title: "\(label): \(input.name) \(ReportText.percent(value))"))
            }
            if !run.isEmpty { lines.append(Line(points: run.joined(separator: " "))) }
            let legendX = Self.plotLeft + Double(index % perRow) * 230
            let legendY = legendTop + Double(index / perRow) * 18
            return Series(
                name: input.name, colour: input.colour, dash: input.dash, width: f(input.width), lines: lines, points: points,
                legendX: f(legendX), legendY: f(legendY), legendTextX: f(legendX + 34), legendTextY: f(legendY + 4))
        }
        xTicks = tickLabels.enumerated().compactMap { index, text in
            text.isEmpty ? nil : Tick(x: f(x(index)), y: f(Self.plotTop + Self.plotHeight + 16), text: text)
        }
        yTicks = [0, 0.25, 0.5, 0.75, 1].map { Tick(x: f(Self.plotLeft - 6), y: f(y($0)), text: "\(Int($0 * 100))%") }
        left = f(Self.plotLeft)
        right = f(Self.plotRight)
        self.benchmark = benchmark.map { Tick(x: f(Self.plotRight), y: f(y($0)), text: "标杆值 benchmark \(ReportText.percent($0))") }
        let rows = (inputs.count + perRow - 1) / perRow
        height = f(legendTop + Double(rows) * 18 + 6)
    }
}
