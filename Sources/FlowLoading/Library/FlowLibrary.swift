import Foundation
import FlowModel

/// A set of flows and the flow map that places them, loaded and linted together.
///
/// ```swift
/// let library = FlowLibrary.load(paths: ["Flows"])
/// for diagnostic in library.diagnostics { print(diagnostic.formatted) }
/// ```
public struct FlowLibrary: Sendable {
    /// The flows that decoded, in file order (a flow with errors may still be here).
    public var flows: [Flow]
    public var flowMap: FlowMap?
    /// Every problem, sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// The folder the library was found in, when a single file was linted inside one.
    public var root: String?

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    public var hasErrors: Bool { errorCount > 0 }

    public func flow(id: String) -> Flow? { flows.first { $0.id == id } }

    /// The files under `paths`: every `*.yaml`/`*.yml`, with `flowmap.yaml` taken as the map.
    ///
    /// When no flow map is among them, the nearest `flowmap.yaml` in a folder above the
    /// first path is used: the whole library there is loaded, so that references to other
    /// flows resolve, and only problems in the files asked about are reported.
    public static func load(paths: [String]) -> FlowLibrary {
        var listing = FileListing(paths: paths)
        if listing.maps.isEmpty, let root = paths.first.flatMap(Self.discoverRoot) {
            let whole = FileListing(paths: [root])
            var library = load(listing: whole)
            let asked = Set(listing.flows.map(Self.canonical) + listing.problems.map { Self.canonical($0.location.file) })
            library.diagnostics = (listing.problems + library.diagnostics.filter { asked.contains(Self.canonical($0.location.file)) })
                .sorted()
            library.root = root
            return library
        }
        if listing.maps.isEmpty {
            listing.problems.append(Diagnostic(
                .missingFlowMap,
                "no flowmap.yaml among the paths or in a folder above them; the flow map's rules did not run",
                at: SourceLocation.start(of: listing.flows.first ?? paths.first ?? ".")))
        }
        return load(listing: listing)
    }

    /// Lints text that is not on disk (the service's lint endpoint, tests).
    public static func load(flowText: String, path: String, flowMap: FlowMap?) -> FlowLibrary {
        let loaded = FlowFileLoader.loadFlow(path: path, text: flowText)
        var diagnostics = loaded.diagnostics
        let flows = loaded.value.map { [$0] } ?? []
        for flow in flows {
            diagnostics += FlowRules.check(flow, context: RuleContext(flowMap: flowMap, flows: flows))
        }
        return FlowLibrary(flows: flows, flowMap: flowMap, diagnostics: diagnostics.sorted(), root: nil)
    }

    private static func load(listing: FileListing) -> FlowLibrary {
        let mapLoad = listing.maps.first.map { FlowFileLoader.loadFlowMap(path: $0) }
        var diagnostics = listing.problems + (mapLoad?.diagnostics ?? [])
        for extra in listing.maps.dropFirst() {
            let loaded = FlowFileLoader.loadFlowMap(path: extra)
            diagnostics += loaded.diagnostics
            diagnostics.append(Diagnostic(
                .documentShape, "a second flow map; the library uses \(listing.maps[0]) and ignores this one",
                at: SourceLocation.start(of: extra), severity: .warning))
        }
        let flowMap = mapLoad?.value

        // Files are independent: decode each on any core and run its own rules at once,
        // while it is fresh in the cache; only the rules across flows wait for all of them.
        let mapContext = RuleContext(flowMap: flowMap, flows: [])
        let loads = ConcurrentResults<(flow: Flow?, diagnostics: [Diagnostic])>(count: listing.flows.count)
        Parallel.forEach(listing.flows.count) { index in
            let loaded = FlowFileLoader.loadFlow(path: listing.flows[index])
            var found = loaded.diagnostics
            if let flow = loaded.value { found += FlowRules.check(flow, context: mapContext) }
            loads.set(index, (loaded.value, found))
        }
        let flows = loads.values.compactMap(\.flow)
        for load in loads.values { diagnostics += load.diagnostics }
        let context = RuleContext(flowMap: flowMap, flows: flows)
        diagnostics += LibraryRules.check(context: context)
        return FlowLibrary(flows: flows, flowMap: flowMap, diagnostics: diagnostics.sorted(), root: nil)
    }

    /// The nearest folder at or above `path` holding a `flowmap.yaml`.
    static func discoverRoot(from path: String) -> String? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            url.deleteLastPathComponent()
        }
        while true {
            for name in FileListing.mapNames {
                let candidate = url.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: candidate) {
                    return path.hasPrefix("/") ? url.path : relativeToCurrentDirectory(url.path)
                }
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    /// Paths are printed as the user wrote them: a root found above a relative path stays relative.
    private static func relativeToCurrentDirectory(_ absolute: String) -> String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        if absolute == current { return "." }
        if absolute.hasPrefix(current + "/") { return String(absolute.dropFirst(current.count + 1)) }
        var up = URL(fileURLWithPath: current)
        var prefix = ""
        while up.path != "/" {
            up.deleteLastPathComponent()
            prefix += "../"
            let base = up.path == "/" ? "/" : up.path + "/"
            if absolute.hasPrefix(base) { return prefix + absolute.dropFirst(base.count) }
        }
        return absolute
    }

    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// The flow and map files under some paths, in a stable order.
struct FileListing {
    static let mapNames = ["flowmap.yaml", "flowmap.yml"]

    var flows: [String] = []
    var maps: [String] = []
    var problems: [Diagnostic] = []

    init(paths: [String]) {
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Diagnostic(.unreadableFile, "no such file or folder", at: SourceLocation.start(of: path)))
                continue
            }
            if isDirectory.boolValue {
                for file in Self.yamlFiles(under: path) { add(file) }
            } else {
                add(path)
            }
        }
    }

    private mutating func add(_ path: String) {
        let name = (path as NSString).lastPathComponent
        if Self.mapNames.contains(name) {
            if !maps.contains(path) { maps.append(path) }
        } else if !flows.contains(path) {
            flows.append(path)
        }
    }

    /// Every YAML file below `folder`, skipping hidden folders and files, sorted.
    private static func yamlFiles(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            // Scenario files for `flowmap test` live beside flows and are not flows.
            guard !name.hasSuffix(".scenario.yaml"), !name.hasSuffix(".scenario.yml") else { continue }
            let path = folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}

/// Results written by concurrent workers, one slot each.
final class ConcurrentResults<Value>: @unchecked Sendable {
    // Each slot is written by exactly one worker and read only after all have finished,
    // so the slots need no lock; the buffer never moves while workers run.
    private let buffer: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func set(_ index: Int, _ value: Value) {
        buffer[index] = value
    }

    var values: [Value] { buffer.compactMap { $0 } }
}
