import Foundation

/// Where an export goes: a file, written whole or not at all, or standard output.
///
/// Text is buffered and written in large blocks. A file export is written to a temporary
/// file beside the target and moved into place by `commit()`, so a failed export leaves
/// no half-written file.
public final class ExportOutput {
    private let handle: FileHandle
    private let target: String?
    private let temporary: String?
    private var buffer: [UInt8] = []
    private var committed = false

    /// Standard output.
    public static func standardOutput() -> ExportOutput { ExportOutput(handle: .standardOutput, target: nil, temporary: nil) }

    /// A file at `path`, replaced only when the export completes.
    /// - Throws: `ExportError.cannotWrite` naming the path.
    public static func file(_ path: String) throws -> ExportOutput {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw ExportError.cannotWrite(path: path, reason: "cannot create a file in \(url.deletingLastPathComponent().path)") }
        return ExportOutput(handle: handle, target: path, temporary: temporary)
    }

    private init(handle: FileHandle, target: String?, temporary: String?) {
        self.handle = handle
        self.target = target
        self.temporary = temporary
        buffer.reserveCapacity(1 << 17)
    }

    deinit {
        // Not committed: an export that failed leaves nothing behind.
        if !committed, let temporary {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func write(bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw ExportError.cannotWrite(path: target ?? "standard output", reason: "\(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and, for a file, moves it into place.
    public func commit() throws {
        try flush()
        guard let target, let temporary else { return }
        do {
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
            try FileManager.default.moveItem(atPath: temporary, toPath: target)
            committed = true
        } catch {
            throw ExportError.cannotWrite(path: target, reason: "\(error)")
        }
    }
}

/// Why an export failed.
public enum ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    /// Stopped through its `ExportProgress` after writing `sessions` sessions; nothing was
    /// committed.
    case stopped(sessions: Int)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .stopped(let sessions): "the export was stopped after \(sessions) sessions; nothing was kept"
        }
    }
}
