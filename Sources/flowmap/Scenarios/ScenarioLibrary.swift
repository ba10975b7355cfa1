import FlowLoading
import FlowModel
import FlowRuntime
import Foundation

/// The flow library scenarios run against: its flows, its flow map and every flow
/// compiled as the runtime runs it (version = the SHA-256 of the file).
struct ScenarioLibrary: Sendable {
    /// The folder holding `flowmap.yaml`.
    var root: String
    var loaded: FlowLibrary
    var programs: ProgramLibrary
    /// Flows that did not compile, with the reason (the library has lint errors).
    var broken: [String: String]

    var map: FlowMap? { loaded.flowMap }

    func flow(_ id: String) -> Flow? { loaded.flow(id: id) }

    /// Loads and compiles the library in `root`. Flows with lint errors are left out
    /// one by one, so scenarios of the others still run.
    static func load(root: String) -> ScenarioLibrary {
        let loaded = FlowLibrary.load(paths: [root])
        var programs = ProgramLibrary()
        var broken: [String: String] = [:]
        for flow in loaded.flows {
            let mode = loaded.flowMap?.channel(flow.channel.name)?.mode ?? .automated
            do {
                let version = try FlowVersion.hash(ofFileAt: flow.file)
                programs.add(try ProgramCompiler.compile(
                    flow, version: version, channelMode: mode, operations: loaded.flowMap?.operations ?? []))
            } catch let failure as ProgramCompiler.Failure {
                broken[flow.id] = failure.reason
            } catch {
                broken[flow.id] = "its file cannot be read: \(error.localizedDescription)"
            }
        }
        return ScenarioLibrary(root: root, loaded: loaded, programs: programs, broken: broken)
    }

    /// The nearest folder at or above `path` that holds a `flowmap.yaml`, as a path the
    /// user would write (relative when `path` is relative).
    static func root(above path: String) -> String? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            url.deleteLastPathComponent()
        }
        while true {
            for name in ["flowmap.yaml", "flowmap.yml"]
            where FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) {
                return relative(url.path, absolute: path.hasPrefix("/"))
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    private static func relative(_ absolute: String, absolute keep: Bool) -> String {
        if keep { return absolute }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        if absolute == current { return "." }
        if absolute.hasPrefix(current + "/") { return String(absolute.dropFirst(current.count + 1)) }
        return absolute
    }
}
