import FlowRuntime

/// Hashes as the store keeps them: 32 bytes in a blob, where the chain and `LogRecord`
/// carry them as 64 lowercase hex digits.
enum StoredHash {
    /// The hex digits of a stored hash; a blob that is not 32 bytes reads as its bytes in
    /// hex all the same, so that a damaged value shows up as a broken chain, not a crash.
    static func hex(_ blob: UnsafeRawBufferPointer) -> String {
        guard !blob.isEmpty else { return "" }
        return String(unsafeUninitializedCapacity: 2 * blob.count) { out in
            var index = 0
            for start in stride(from: 0, to: blob.count, by: 32) {
                let chunk = UnsafeRawBufferPointer(rebasing: blob[start..<min(start + 32, blob.count)])
                RecordHashing.writeHex(chunk, to: UnsafeMutableRawPointer(out.baseAddress! + index))
                index += 2 * chunk.count
            }
            return index
        }
    }

    /// The 32 bytes of a hash in hex; nil when the text is not 64 hex digits.
    static func bytes(_ hex: String) -> [UInt8]? {
        var hex = hex
        return hex.withUTF8 { utf8 in
            var bytes = [UInt8](repeating: 0, count: 32)
            let valid = bytes.withUnsafeMutableBytes { RecordHashing.readHex(UnsafeRawBufferPointer(utf8), to: $0.baseAddress!) }
            return valid ? bytes : nil
        }
    }
}
