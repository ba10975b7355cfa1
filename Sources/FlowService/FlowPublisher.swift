import FlowLoading
import FlowModel
import FlowRuntime
import FlowStore
import Foundation

/// Publishes a flow sent over HTTP: lint, store a content-addressed version, make it
/// current in the engine. One publication at a time, so the store and the engine agree
/// on which version is current.
///
/// The store's `FlowVersionStore.publish(paths:)` publishes a library from files, linted
/// whole. So the library as published now (the flow map and every current flow, read back
/// from the store) is written to a private temporary folder with the new flow in place of
/// its current version, and that folder is published: every other document is unchanged
/// (same content, same hash) and only the new flow is stored. Nothing is written to the
/// library the service was started from (Flows/ on disk): a flow published here lives in
/// the store; the version row's `path` names the designer's file (`path` of the request),
/// and the other documents keep the paths their current versions were published from.
actor FlowPublisher {
    enum Outcome: Sendable {
        case published(PublishAnswer)
        /// Lint errors (one flow's rules, or the library's); nothing was stored.
        case refused([Diagnostic])
        case failed(ServiceError)
    }

    private let host: ServiceHost

    init(host: ServiceHost) {
        self.host = host
    }

    func publish(text: String, path: String) async -> Outcome {
        let map = host.flowMap
        let loaded = FlowLibrary.load(flowText: text, path: path, flowMap: map)
        guard !loaded.hasErrors, let flow = loaded.flows.first else { return .refused(loaded.diagnostics) }
        let content = Data(text.utf8)
        let version = FlowVersion.hash(of: content)
        let versions = FlowVersionStore(store: host.store)
        let status: Published.Status
        do {
            let stored = try versions.versions(of: flow.id)
            if stored.first(where: \.isCurrent)?.version == version {
                status = .unchanged
            } else {
                switch try publishThroughLibrary(flow: flow.id, content: content, path: path, versions: versions) {
                case .success(let published): status = published
                case .failure(let errors): return .refused(errors.diagnostics.map { Self.renamed($0, to: path, id: flow.id) })
                }
            }
        } catch {
            return .failed(ServiceError(.serviceUnavailable, "storage", "the store failed: \(error)"))
        }
        if status != .unchanged {
            do {
                let program = try ProgramCompiler.compile(
                    flow, version: version, channelMode: map.channel(flow.channel.name)?.mode ?? .automated,
                    operations: map.operations)
                await host.publish(program)
            } catch {
                return .failed(ServiceError(.internalServerError, "compile", "\(error)"))
            }
        }
        return .published(
            PublishAnswer(
                flow: flow.id, version: version, status: status.rawValue, new: status == .published,
                diagnostics: loaded.diagnostics.map(DiagnosticView.init)))
    }

    /// Writes the current library with `content` as flow `id` to a temporary folder and
    /// publishes it; the new flow's status, or the library's lint errors.
    private func publishThroughLibrary(flow id: String, content: Data, path: String, versions: FlowVersionStore) throws
        -> Result<Published.Status, LintErrors>
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowmap-publish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let mapVersion = try versions.versions(of: FlowVersionStore.flowMapDocument, kind: .flowMap).first(where: \.isCurrent)
        else { throw ServiceHostError("the store has no current flow map") }
        try mapVersion.content.write(to: folder.appendingPathComponent("flowmap.yaml"))
        var documents = Set(try versions.programLibrary().programs.map(\.id))
        documents.insert(id)
        // File name in the temporary folder -> the path a new version row names.
        var recorded = ["flowmap.yaml": mapVersion.path]
        for document in documents {
            let file = folder.appendingPathComponent("\(document).yaml")
            if document == id {
                try content.write(to: file)
                recorded[file.lastPathComponent] = path
            } else if let current = try versions.versions(of: document).first(where: \.isCurrent) {
                try current.content.write(to: file)
                recorded[file.lastPathComponent] = current.path
            }
        }
        do {
            let published = try versions.publish(paths: [folder.path]) { file in
                recorded[URL(fileURLWithPath: file).lastPathComponent] ?? file
            }
            return .success(published.first { $0.kind == .flow && $0.document == id }?.status ?? .unchanged)
        } catch PublishError.lintErrors(let diagnostics) {
            return .failure(LintErrors(diagnostics: diagnostics))
        }
    }

    struct LintErrors: Error {
        var diagnostics: [Diagnostic]
    }

    /// A diagnostic of the temporary copy named as the designer's file.
    private static func renamed(_ diagnostic: Diagnostic, to path: String, id: String) -> Diagnostic {
        var diagnostic = diagnostic
        if diagnostic.location.file.hasSuffix("/\(id).yaml") { diagnostic.location.file = path }
        diagnostic.notes = diagnostic.notes.map { note in
            var note = note
            if note.location.file.hasSuffix("/\(id).yaml") { note.location.file = path }
            return note
        }
        return diagnostic
    }
}
