import FlowLoading
import FlowModel
import FlowRuntime
import Foundation
import GRDB

/// Published flows, in the store's database: an immutable copy of every version of every
/// flow file and of the flow map, addressed by the SHA-256 of its bytes, and which version
/// of each is current.
///
/// ```swift
/// let versions = FlowVersionStore(store: store)
/// for published in try versions.publish(paths: ["Flows"]) { print(published) }
/// let library = try versions.programLibrary()   // current versions current, old ones for replay
/// ```
public struct FlowVersionStore: Sendable {
    private let store: SQLiteSessionStore

    public init(store: SQLiteSessionStore) {
        self.store = store
    }

    /// The name the flow map is stored under.
    public static let flowMapDocument = "flowmap"

    /// Lints the library at `paths` and publishes it: each file whose content is new is
    /// stored, and every flow (and the map) becomes current at the version on disk.
    /// Refuses a library with lint errors, leaving the store as it was.
    ///
    /// - Parameter recordedPath: the path a new version row names, given the file it was
    ///   read from (the file itself by default; the service names the designer's file, not
    ///   the temporary copy it published from).
    public func publish(
        paths: [String], at time: Date = Date(), recordedPath: (String) -> String = { $0 }
    ) throws -> [Published] {
        guard !store.isReadOnly else { throw PublishError.readOnly(store.path) }
        let library = FlowLibrary.load(paths: paths)
        guard !library.hasErrors else {
            throw PublishError.lintErrors(library.diagnostics.filter { $0.severity == .error })
        }
        guard let flowMap = library.flowMap else { throw PublishError.noFlowMap }

        let mapContent = try Self.read(flowMap.file)
        let mapVersion = FlowVersion.hash(of: mapContent)
        var documents = [
            PublishedDocument(
                kind: .flowMap, document: Self.flowMapDocument, path: recordedPath(flowMap.file), content: mapContent,
                version: mapVersion)
        ]
        for flow in library.flows {
            let content = try Self.read(flow.file)
            documents.append(PublishedDocument(
                kind: .flow, document: flow.id, path: recordedPath(flow.file), content: content,
                version: FlowVersion.hash(of: content)))
        }
        let now = Int64(time.timeIntervalSince1970 * 1000)
        return try store.pool.write { db in
            try documents.map { document in try document.publish(db, mapVersion: mapVersion, at: now) }
        }
    }

    /// Every stored version compiled, the current ones current: what sessions run on, and
    /// what replay and resumed sessions need for the versions they pinned.
    public func programLibrary() throws -> ProgramLibrary {
        let (versions, current) = try store.pool.read { db in
            (try FlowVersionRow.fetchAll(db, sql: "SELECT * FROM flow_versions ORDER BY published_at, document"),
             try CurrentVersionRow.fetchAll(db))
        }
        let currentByDocument = Dictionary(
            current.map { ("\($0.kind)/\($0.document)", $0.version) }, uniquingKeysWith: { first, _ in first })
        let currentMap = currentByDocument["\(Published.Kind.flowMap.rawValue)/\(Self.flowMapDocument)"]
        var maps: [String: FlowMap] = [:]
        func flowMap(_ version: String?) throws -> FlowMap? {
            guard let version else { return nil }
            if let known = maps[version] { return known }
            guard let row = versions.first(where: { $0.kind == Published.Kind.flowMap.rawValue && $0.version == version }) else {
                throw PublishError.missingVersion(document: Self.flowMapDocument, version: version)
            }
            let map = try Self.loadFlowMap(row.content, path: row.path)
            maps[version] = map
            return map
        }

        var library = ProgramLibrary()
        var currentPrograms: [FlowProgram] = []
        for row in versions where row.kind == Published.Kind.flow.rawValue {
            let isCurrent = currentByDocument["\(row.kind)/\(row.document)"] == row.version
            // A current flow runs under the current map; an old version under the map it was published with.
            let map = try flowMap(isCurrent ? currentMap : row.mapVersion)
            let loaded = FlowLibrary.load(flowText: String(decoding: row.content, as: UTF8.self), path: row.path, flowMap: map)
            guard let flow = loaded.flows.first, !loaded.hasErrors else {
                throw PublishError.unloadable(document: row.document, version: row.version, diagnostics: loaded.diagnostics)
            }
            let program = try ProgramCompiler.compile(
                flow, version: row.version, channelMode: map?.channel(flow.channel.name)?.mode ?? .automated,
                operations: map?.operations ?? [])
            if isCurrent {
                currentPrograms.append(program)
            } else {
                library.add(program, makeCurrent: false)
            }
        }
        for program in currentPrograms { library.add(program) }
        return library
    }

    /// The flow map as published now.
    public func currentFlowMap() throws -> FlowMap? {
        let row = try store.pool.read { db in
            try FlowVersionRow.fetchOne(
                db,
                sql: """
                    SELECT v.* FROM flow_versions v JOIN current_versions c USING (kind, document, version)
                    WHERE v.kind = ? AND v.document = ?
                    """, arguments: [Published.Kind.flowMap.rawValue, Self.flowMapDocument])
        }
        return try row.map { try Self.loadFlowMap($0.content, path: $0.path) }
    }

    /// The versions stored for a flow (or the map), oldest first, and which is current.
    public func versions(of document: String, kind: Published.Kind = .flow) throws -> [StoredVersion] {
        try store.pool.read { db in
            let current = try String.fetchOne(
                db, sql: "SELECT version FROM current_versions WHERE kind = ? AND document = ?",
                arguments: [kind.rawValue, document])
            return try FlowVersionRow.fetchAll(
                db, sql: "SELECT * FROM flow_versions WHERE kind = ? AND document = ? ORDER BY published_at",
                arguments: [kind.rawValue, document]
            ).map {
                StoredVersion(
                    version: $0.version, path: $0.path, publishedAt: $0.publishedAt, isCurrent: $0.version == current,
                    content: $0.content)
            }
        }
    }

    private static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PublishError.unreadable(path: path, reason: "\(error.localizedDescription)")
        }
    }

    /// FlowLoading reads flow maps from files only (a flow map from text is internal to it),
    /// so a stored map is loaded from a private temporary copy.
    static func loadFlowMap(_ content: Data, path: String) throws -> FlowMap {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("flowmap.yaml")
        try content.write(to: file)
        let loaded = FlowLibrary.load(paths: [file.path])
        guard var map = loaded.flowMap else {
            throw PublishError.unloadable(
                document: flowMapDocument, version: FlowVersion.hash(of: content), diagnostics: loaded.diagnostics)
        }
        map.file = path
        return map
    }
}

/// What publishing did with one document.
public struct Published: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case flow
        case flowMap = "flow-map"
    }

    public enum Status: String, Sendable, Hashable {
        /// New content, stored and now current.
        case published
        /// The current version already has this content.
        case unchanged
        /// An earlier version's content, current again.
        case restored
    }

    public var kind: Kind
    /// The flow's id, or `flowmap` for the flow map.
    public var document: String
    /// The SHA-256 of the content, in hex.
    public var version: String
    public var path: String
    public var status: Status

    /// `bill-inquiry.ivr  published 3f2a9c1e` or `bill-inquiry.ivr  unchanged`.
    public var description: String {
        switch status {
        case .unchanged: "\(document)  unchanged"
        case .published: "\(document)  published \(version.prefix(8))"
        case .restored: "\(document)  restored \(version.prefix(8))"
        }
    }
}

/// A stored version of a document.
public struct StoredVersion: Sendable, Hashable {
    public var version: String
    public var path: String
    /// Milliseconds since 1970, when this content was first published.
    public var publishedAt: Int64
    public var isCurrent: Bool
    public var content: Data
}

public enum PublishError: Error, Sendable, CustomStringConvertible {
    case lintErrors([Diagnostic])
    case noFlowMap
    case readOnly(String)
    case unreadable(path: String, reason: String)
    case missingVersion(document: String, version: String)
    case unloadable(document: String, version: String, diagnostics: [Diagnostic])

    public var description: String {
        switch self {
        case .lintErrors(let diagnostics):
            "the library has \(diagnostics.count) lint error(s); nothing was published:\n"
                + diagnostics.map(\.formatted).joined(separator: "\n")
        case .noFlowMap: "no flowmap.yaml in the library; a library is published with its flow map"
        case .readOnly(let path): "the store at \(path) is open read-only"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .missingVersion(let document, let version): "\(document) version \(version) is not stored"
        case .unloadable(let document, let version, let diagnostics):
            "stored \(document) version \(version.prefix(8)) does not load:\n"
                + diagnostics.map(\.formatted).joined(separator: "\n")
        }
    }
}

// MARK: - Rows

/// A document ready to publish.
private struct PublishedDocument {
    var kind: Published.Kind
    var document: String
    var path: String
    var content: Data
    var version: String

    func publish(_ db: Database, mapVersion: String, at time: Int64) throws -> Published {
        let stored = try FlowVersionRow.exists(db, key: ["kind": kind.rawValue, "document": document, "version": version])
        if !stored {
            try FlowVersionRow(
                kind: kind.rawValue, document: document, version: version, path: path, content: content,
                mapVersion: kind == .flow ? mapVersion : nil, publishedAt: time
            ).insert(db)
        }
        let current = try CurrentVersionRow.fetchOne(db, key: ["kind": kind.rawValue, "document": document])
        if current?.version == version {
            return Published(kind: kind, document: document, version: version, path: path, status: .unchanged)
        }
        try CurrentVersionRow(kind: kind.rawValue, document: document, version: version, since: time).upsert(db)
        try PublicationRow(kind: kind.rawValue, document: document, version: version, publishedAt: time).insert(db)
        return Published(kind: kind, document: document, version: version, path: path, status: stored ? .restored : .published)
    }
}

struct FlowVersionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "flow_versions"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var kind: String
    var document: String
    var version: String
    var path: String
    var content: Data
    var mapVersion: String?
    var publishedAt: Int64
}

struct CurrentVersionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "current_versions"

    var kind: String
    var document: String
    var version: String
    var since: Int64
}

struct PublicationRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "publications"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var kind: String
    var document: String
    var version: String
    var publishedAt: Int64
}
