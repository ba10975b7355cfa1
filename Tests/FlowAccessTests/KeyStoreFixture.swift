import FlowAccess
import Foundation

/// A fresh key store in its own temp folder, beside a session store path that is never created.
struct KeyStoreFixture {
    let folder: URL
    let keys: KeyStore

    /// 2026-11-02T09:00:00Z: keys are created at this moment in the tests.
    static let now = Date(timeIntervalSince1970: 1_793_610_000)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowaccess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        keys = try KeyStore(path: KeyStore.path(besideStore: folder.appendingPathComponent("flowmap.sqlite").path))
    }

    /// The bytes of the key store's files (the database, its WAL and shared memory).
    func fileBytes() throws -> Data {
        var all = Data()
        for suffix in ["", "-wal", "-shm"] {
            let file = URL(fileURLWithPath: keys.path + suffix)
            if FileManager.default.fileExists(atPath: file.path) { all.append(try Data(contentsOf: file)) }
        }
        return all
    }
}

extension Data {
    func holds(_ bytes: some Sequence<UInt8>) -> Bool {
        range(of: Data(bytes)) != nil
    }
}
