import FlowConformance
import Foundation

/// Why a report could not be written, and where.
public enum ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An earlier month's report.json that cannot be read as one.
    case unreadablePreviousReport(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadablePreviousReport(let path, let reason):
            "\(path): error: not a monthly report's figures (\(reason)); move it away or regenerate that month"
        case .cannotWrite(let path, let reason):
            "\(path): error: cannot write the report (\(reason))"
        }
    }
}

/// Where monthly reports live: `root/2026-11/{index.html, report.json, report.csv, sessions/}`.
/// A month's folder is written whole beside the old one and then put in its place, so a
/// reader sees the old report or the new one, never half of one.
public struct ReportWriter: Sendable {
    public let root: URL

    public init(root: String) {
        self.root = URL(fileURLWithPath: root, isDirectory: true)
    }

    /// The figures of every earlier month found under the root (`2026-10/report.json`...),
    /// oldest first.
    ///
    /// - Throws: `ReportError.unreadablePreviousReport` naming a report.json that is not one.
    public func previousMonths(before month: Month) throws(ReportError) -> [ReportFigures] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        var found: [ReportFigures] = []
        for name in names.sorted() {
            guard let earlier = Month(name), earlier < month else { continue }
            let file = root.appendingPathComponent(name).appendingPathComponent("report.json")
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            do {
                let figures = try ReportJSON.decode(data)
                guard figures.month == name else {
                    throw ReportError.unreadablePreviousReport(
                        path: file.path, reason: "it is the report of \(figures.month), in the folder of \(name)")
                }
                guard figures.format <= ReportFigures.currentFormat else {
                    throw ReportError.unreadablePreviousReport(
                        path: file.path, reason: "format \(figures.format) is newer than this tool's \(ReportFigures.currentFormat)")
                }
                found.append(figures)
            } catch let error as ReportError {
                throw error
            } catch {
                throw .unreadablePreviousReport(path: file.path, reason: Self.describe(error))
            }
        }
        return found
    }

    /// Writes a month's files and returns its folder.
    @discardableResult
    public func write(_ files: [ReportFile], month: Month) throws(ReportError) -> URL {
        let manager = FileManager.default
        let target = root.appendingPathComponent(month.description, isDirectory: true)
        let token = UUID().uuidString.prefix(8)
        let partial = root.appendingPathComponent(".\(month).partial-\(token)", isDirectory: true)
        let old = root.appendingPathComponent(".\(month).old-\(token)", isDirectory: true)
        do {
            try manager.createDirectory(at: partial, withIntermediateDirectories: true)
            for file in files {
                let url = partial.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: url)
            }
            let replacing = manager.fileExists(atPath: target.path)
            if replacing { try manager.moveItem(at: target, to: old) }
            do {
                try manager.moveItem(at: partial, to: target)
            } catch {
                if replacing { try? manager.moveItem(at: old, to: target) }
                throw error
            }
            if replacing { try? manager.removeItem(at: old) }
        } catch {
            try? manager.removeItem(at: partial)
            throw .cannotWrite(path: target.path, reason: Self.describe(error))
        }
        return target
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "no '\(key.stringValue)' at \(path(context.codingPath))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\(context.debugDescription) at \(path(context.codingPath))"
        case DecodingError.dataCorrupted(let context):
            context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        default:
            error.localizedDescription
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top" : keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
    }
}
