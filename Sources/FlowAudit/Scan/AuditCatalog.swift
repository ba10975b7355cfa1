import FlowConformance
import FlowLoading
import FlowModel
import FlowRuntime
import Foundation
import GRDB

/// What an audit measures against: every flow version published in the store, compiled as
/// the engine compiles it, numbered in a `NetCatalog`; the flow map whose organisation
/// (roles and what they include, the unit tree) judges who acted; and the report's time
/// zone.
///
/// ```swift
/// let store = try AuditStore(path: "flowmap.sqlite")
/// let audit = try AuditCatalog(store: store)              // the flow map published with the flows
/// let net = audit.catalog.net(audit.catalog.index(flow: "bill-inquiry.ivr", version: hash)!)
/// ```
///
/// A flow version runs under the flow map it was published with (the current one for the
/// current version), as `FlowVersionStore.programLibrary()` does for the engine.
public struct AuditCatalog: Sendable {
    public let catalog: NetCatalog
    public let flowMap: FlowMap
    /// Days, weeks and months are counted in this zone (`--time-zone`, else the flow map's, else UTC).
    public let timeZone: TimeZone
    /// Each flow's current version (the one `net FLOW` shows unless told otherwise).
    public let currentVersions: [String: String]

    public var vocabulary: Vocabulary { catalog.vocabulary }

    /// Loads the published versions of `store`.
    ///
    /// - Parameters:
    ///   - flowMap: the flow map for the organisation and benchmarks (`--library`); nil for the
    ///     one published in the store.
    ///   - timeZone: overrides the flow map's time zone.
    /// - Throws: `AuditError.noFlowMap`, `.unloadable` naming the document and version.
    public init(store: AuditStore, flowMap: FlowMap? = nil, timeZone: TimeZone? = nil) throws {
        let rows = try store.read { db in
            try Row.fetchAll(
                db, sql: "SELECT kind, document, version, path, content, map_version FROM flow_versions ORDER BY published_at, document")
        }
        let current = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, document, version FROM current_versions")
        }
        var currentByDocument: [String: String] = [:]
        for row in current {
            let kind: String = row[0]
            let document: String = row[1]
            currentByDocument[kind + "/" + document] = row[2]
        }
        var mapContent: [String: (path: String, content: Data)] = [:]
        for row in rows where (row[0] as String) == "flow-map" {
            mapContent[row[2]] = (row[3], row[4])
        }
        var maps: [String: FlowMap] = [:]
        func map(_ version: String?) throws -> FlowMap? {
            guard let version else { return nil }
            if let known = maps[version] { return known }
            guard let stored = mapContent[version] else { return nil }
            let loaded = try Self.loadFlowMap(stored.content, path: stored.path, version: version)
            maps[version] = loaded
            return loaded
        }
        let currentMap = try map(currentByDocument["flow-map/flowmap"])
        guard let organisationMap = flowMap ?? currentMap else { throw AuditError.noFlowMap(path: store.path) }

        var programs: [FlowProgram] = []
        var currentVersions: [String: String] = [:]
        for row in rows where (row[0] as String) == "flow" {
            let document: String = row[1]
            let version: String = row[2]
            let path: String = row[3]
            let content: Data = row[4]
            let isCurrent = currentByDocument["flow/" + document] == version
            if isCurrent { currentVersions[document] = version }
            let runMap = try isCurrent ? currentMap : (map(row[5]) ?? currentMap)
            let loaded = FlowLibrary.load(flowText: String(decoding: content, as: UTF8.self), path: path, flowMap: runMap)
            guard let flow = loaded.flows.first, !loaded.hasErrors else {
                let problem = loaded.diagnostics.filter { $0.severity == .error }.map(\.formatted).joined(separator: "\n")
                throw AuditError.unloadable(document: document, version: version, problem: problem)
            }
            do {
                programs.append(try ProgramCompiler.compile(
                    flow, version: version, channelMode: runMap?.channel(flow.channel.name)?.mode ?? .automated,
                    operations: runMap?.operations ?? []))
            } catch {
                throw AuditError.unloadable(document: document, version: version, problem: "\(error)")
            }
        }
        let zone: TimeZone
        if let timeZone {
            zone = timeZone
        } else if let name = organisationMap.timeZone {
            guard let named = TimeZone(identifier: name) else {
                throw AuditError.badValue(option: "the flow map's time-zone", value: name, expected: "an IANA time zone")
            }
            zone = named
        } else {
            zone = TimeZone(identifier: "UTC")!
        }
        self.init(programs: programs, flowMap: organisationMap, timeZone: zone, currentVersions: currentVersions)
    }

    /// A catalog of given programs (for tests and tools that compile flows themselves).
    public init(programs: [FlowProgram], flowMap: FlowMap, timeZone: TimeZone, currentVersions: [String: String] = [:]) {
        catalog = NetCatalog(programs: programs, organisation: flowMap.organisation, vocabulary: Vocabulary())
        self.flowMap = flowMap
        self.timeZone = timeZone
        self.currentVersions = currentVersions
    }

    /// Every flow id in the catalog, sorted.
    public var flowIDs: [String] {
        Array(Set((0..<Int32(catalog.count)).map { catalog.program($0).id })).sorted()
    }

    /// The catalog numbers of a flow's versions; `version` may be a prefix of the hash.
    /// - Throws: `AuditError.unknownName` when the flow or version is not published.
    public func programs(flow: String, version: String? = nil) throws -> [Int32] {
        let all = (0..<Int32(catalog.count)).filter { catalog.program($0).id == flow }
        guard !all.isEmpty else { throw AuditError.unknownName(kind: "flow", name: flow, known: flowIDs) }
        guard let version else { return all }
        let matching = all.filter { catalog.program($0).version.hasPrefix(version.lowercased()) }
        guard !matching.isEmpty else {
            throw AuditError.unknownName(
                kind: "version of \(flow)", name: version, known: all.map { String(catalog.program($0).version.prefix(12)) })
        }
        return matching
    }

    /// The flow version `net FLOW` means: the given one (a hash or its prefix), else the current one.
    public func program(flow: String, version: String?) throws -> Int32 {
        if let version { return try programs(flow: flow, version: version)[0] }
        let all = try programs(flow: flow)
        if let current = currentVersions[flow], let index = catalog.index(flow: flow, version: current) { return index }
        return all[all.count - 1]
    }

    /// FlowLoading reads flow maps from files only, so a stored map is loaded from a
    /// private temporary copy (as `FlowVersionStore` does).
    static func loadFlowMap(_ content: Data, path: String, version: String) throws -> FlowMap {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-audit-map-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("flowmap.yaml")
            try content.write(to: file)
            let loaded = FlowLibrary.load(paths: [file.path])
            guard var map = loaded.flowMap else {
                let problem = loaded.diagnostics.filter { $0.severity == .error }.map(\.formatted).joined(separator: "\n")
                throw AuditError.unloadable(document: "flowmap", version: version, problem: problem)
            }
            map.file = path
            return map
        } catch let error as AuditError {
            throw error
        } catch {
            throw AuditError.unloadable(document: "flowmap", version: version, problem: "\(error)")
        }
    }
}
