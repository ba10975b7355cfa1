import FlowPresentation
import Foundation

/// The report as a terminal shows it: each scenario passed or failed (with where, what
/// was expected, what happened, the path and the step's actions), then coverage by flow.
extension TestReport {
    func text(colour: Bool, requireStates: Bool) -> String {
        let style = TextStyle(colour: colour)
        var lines: [String] = problems.map { $0.rendered(colour: colour) }
        if !problems.isEmpty { lines.append("") }
        for file in files {
            lines.append(style.bold(file.path))
            for result in file.results {
                lines.append("  " + (result.passed ? style.green("PASS") : style.red("FAIL")) + "  \(result.name)")
                if let failure = result.failure { lines += failureLines(failure, style: style) }
            }
        }
        if !files.isEmpty { lines.append("") }
        if results.isEmpty, problems.isEmpty {
            lines.append(style.red("no scenarios found: scenario files are named <anything>.scenario.yaml"))
        }
        lines.append(summary(style: style))
        if !coverage.isEmpty {
            lines.append("")
            lines += coverageLines(style: style, requireStates: requireStates)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func failureLines(_ failure: ScenarioFailure, style: TextStyle) -> [String] {
        let indent = "        "
        var lines = [indent + style.bold("\(failure.location): \(failure.step)")]
        lines.append(indent + "expected: " + failure.expected)
        lines.append(indent + "happened: " + failure.happened)
        lines.append(indent + "path:     " + PathText.line(failure.path))
        for (index, action) in failure.actions.enumerated() {
            lines.append(indent + (index == 0 ? "actions:  " : "          ") + action)
        }
        return lines
    }

    private func summary(style: TextStyle) -> String {
        let count = results.count
        var text = "\(count) scenario\(count == 1 ? "" : "s") in \(files.count) file\(files.count == 1 ? "" : "s"): "
        text += "\(passedCount) passed, \(failedCount) failed"
        if !problems.isEmpty { text += ", \(problems.count) problem\(problems.count == 1 ? "" : "s") in scenario files" }
        return failedCount > 0 || !problems.isEmpty || count == 0 ? style.red(text) : style.green(text)
    }

    private func coverageLines(style: TextStyle, requireStates: Bool) -> [String] {
        let width = max(24, coverage.map { DisplayWidth.of($0.flow) }.max() ?? 0) + 2
        var lines = [style.bold(DisplayWidth.pad("Coverage", to: width) + "states          transitions")]
        for flow in coverage {
            let states = Self.figure(flow.coveredStates, flow.states.count)
            let transitions = Self.figure(flow.coveredTransitions, flow.transitions.count)
            var line = DisplayWidth.pad(flow.flow, to: width) + DisplayWidth.pad(states, to: 16) + transitions
            if !flow.allStatesCovered { line = requireStates ? style.red(line) : style.yellow(line) }
            lines.append(line)
            if !flow.missedStates.isEmpty {
                lines.append("    states never entered: " + flow.missedStates.joined(separator: ", "))
            }
            if !flow.missedTransitions.isEmpty {
                lines.append("    transitions never taken:")
                lines += flow.missedTransitions.map { "      " + $0 }
            }
        }
        lines.append(DisplayWidth.pad("all \(coverage.count) flows", to: width)
            + DisplayWidth.pad(Self.figure(coveredStates, totalStates), to: 16) + Self.figure(coveredTransitions, totalTransitions))
        if requireStates, !incompleteFlows.isEmpty {
            lines.append(style.red("--require-states: \(incompleteFlows.count) flow\(incompleteFlows.count == 1 ? " has" : "s have") states no scenario enters: \(incompleteFlows.map(\.flow).joined(separator: ", "))"))
        }
        return lines
    }

    /// `12/14  85%`.
    static func figure(_ part: Int, _ whole: Int) -> String {
        let percent = String(FlowCoverage.percent(part, of: whole))
        return "\(part)/\(whole)" + String(repeating: " ", count: max(1, 9 - "\(part)/\(whole)".count - percent.count)) + percent + "%"
    }
}
