import FlowModel

/// Compiled programs by flow and version: the catalog sessions and subflows run from.
///
/// ```swift
/// let library = try ProgramLibrary(flows: loaded.flows, flowMap: loaded.flowMap) { flow in
///     try FlowVersion.hash(ofFileAt: flow.file)
/// }
/// ```
public struct ProgramLibrary: ProgramCatalog {
    /// The version each flow starts on now.
    public private(set) var current: [String: FlowProgram] = [:]
    /// Every version known, current or not, for resumed sessions and replay.
    private var versions: [String: FlowProgram] = [:]

    public init() {}

    /// Compiles lint-clean flows; each flow's mode defaults to its channel's.
    public init(flows: [Flow], flowMap: FlowMap?, version: (Flow) throws -> String) throws {
        for flow in flows {
            let mode = flowMap?.channel(flow.channel.name)?.mode ?? .automated
            try add(ProgramCompiler.compile(
                flow, version: try version(flow), channelMode: mode, operations: flowMap?.operations ?? []))
        }
    }

    /// Adds a program; it becomes the current version of its flow.
    public mutating func add(_ program: FlowProgram, makeCurrent: Bool = true) {
        versions[Self.key(program.id, program.version)] = program
        if makeCurrent { current[program.id] = program }
    }

    public func currentProgram(flow: String) -> FlowProgram? { current[flow] }

    public func program(flow: String, version: String) -> FlowProgram? { versions[Self.key(flow, version)] }

    public var programs: [FlowProgram] { current.values.sorted { $0.id < $1.id } }

    private static func key(_ flow: String, _ version: String) -> String { flow + "@" + version }
}
