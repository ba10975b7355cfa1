import FlowAccess
import FlowLoading
import FlowModel
import FlowRuntime
import FlowStore
import Foundation

/// What the service runs on: the published library, the durable session store, the key
/// store beside it and one engine over them.
///
/// ```swift
/// let host = try ServiceHost.open(library: "Flows", store: "flowmap.sqlite")
/// defer { host.close() }
/// ```
public final class ServiceHost: Sendable {
    public let engine: Engine
    public let store: SQLiteSessionStore
    public let keys: KeyStore
    /// Every published version of every flow (sessions keep the version they started on),
    /// including those published through the service since it started.
    public var library: ProgramLibrary {
        programs.lock.withLock { programs.library }
    }
    private let programs: ProgramsBox
    public let flowMap: FlowMap
    /// What publishing the library found: documents new or changed.
    public let published: [Published]
    /// Every durable step, for the live streams and the metrics.
    public let steps: StepBroadcast

    init(
        engine: Engine, store: SQLiteSessionStore, keys: KeyStore, library: ProgramLibrary, flowMap: FlowMap,
        published: [Published], steps: StepBroadcast
    ) {
        self.engine = engine
        self.steps = steps
        self.store = store
        self.keys = keys
        self.programs = ProgramsBox(library)
        self.flowMap = flowMap
        self.published = published
    }

    /// Makes a newly published version live: new sessions start on it, running ones keep
    /// theirs, and the routes (session views, masking, streams) know it at once.
    public func publish(_ program: FlowProgram) async {
        programs.lock.withLock { programs.library.add(program) }
        await engine.publish(program)
    }

    /// Lints and publishes the library into the store (as `flowmap simulate` does), then
    /// opens the engine on the store, durably.
    /// - Parameter keyStore: the key store; `flowmap.keys.sqlite` beside the store when nil.
    /// - Parameter configuration: the engine's; its `onStep` is taken by the host's `steps`.
    /// - Parameter clock: the engine's time; tests give a `ManualClock` to move it by hand
    ///   (a month of traffic, a 24-hour reply deadline).
    public static func open(
        library: String, store path: String, keyStore: String? = nil,
        configuration: Engine.Configuration = Engine.Configuration(), clock: any EngineClock = SystemClock()
    ) throws -> ServiceHost {
        let loaded = FlowLibrary.load(paths: [library])
        if loaded.hasErrors {
            let first = loaded.diagnostics.first { $0.severity == .error }?.formatted ?? ""
            throw ServiceHostError("the library \(library) has \(loaded.errorCount) lint errors (first: \(first)); run flowmap lint \(library)")
        }
        let store = try SQLiteSessionStore(path: path)
        do {
            let versions = FlowVersionStore(store: store)
            let published = try versions.publish(paths: [library])
            let programs = try versions.programLibrary()
            guard let flowMap = try versions.currentFlowMap() ?? loaded.flowMap else {
                throw ServiceHostError("the library \(library) has no flowmap.yaml")
            }
            let keys = try KeyStore(path: keyStore ?? KeyStore.path(besideStore: path))
            let steps = StepBroadcast()
            var configuration = configuration
            configuration.onStep = { steps.publish($0) }
            let engine = Engine(
                library: programs, flowMap: flowMap, store: store, clock: clock, configuration: configuration)
            return ServiceHost(
                engine: engine, store: store, keys: keys, library: programs, flowMap: flowMap, published: published,
                steps: steps)
        } catch {
            store.close()
            throw error
        }
    }

    /// Writes what is queued and closes the session store.
    public func close() {
        store.close()
    }
}

/// The service could not be opened: what and where.
public struct ServiceHostError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The host's programs behind a lock: read by every request, changed by a publish.
private final class ProgramsBox: @unchecked Sendable {
    let lock = NSLock()
    var library: ProgramLibrary

    init(_ library: ProgramLibrary) {
        self.library = library
    }
}
