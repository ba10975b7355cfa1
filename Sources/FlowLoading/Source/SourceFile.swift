import FlowModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one file, checked to be readable, small enough, and UTF-8.
struct SourceFile: Sendable {
    /// Larger files are refused before they are read: a flow file of 50 states is about 20 KB.
    static let maximumSize = 8 * 1024 * 1024

    var path: String
    /// UTF-8 text without a byte-order mark.
    var bytes: [UInt8]

    enum ReadError: Error {
        case unreadable(String)
        case tooLarge(Int)
        case invalidUTF8(line: Int, column: Int, byte: UInt8)
    }

    /// Reads and validates a file. The size is checked before reading, so a huge file costs nothing.
    static func read(path: String) throws(ReadError) -> SourceFile {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .unreadable("not a regular file") }
        let size = Int(info.st_size)
        guard size <= maximumSize else { throw .tooLarge(size) }
        guard let handle = fopen(path, "rb") else { throw .unreadable(String(cString: strerror(errno))) }
        defer { fclose(handle) }
        var bytes = [UInt8](repeating: 0, count: size)
        let count = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, handle) }
        guard count == size else { throw .unreadable("short read (\(count) of \(size) bytes)") }
        return try SourceFile(path: path, bytes: bytes)
    }

    /// Validates in-memory text as if it were a file (tests, the service's lint endpoint).
    init(path: String, bytes: [UInt8]) throws(ReadError) {
        if let invalid = Self.firstInvalidUTF8(in: bytes) {
            let (line, column) = Self.position(ofByte: invalid, in: bytes)
            throw .invalidUTF8(line: line, column: column, byte: bytes[invalid])
        }
        self.path = path
        self.bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    init(path: String, text: String) {
        self.path = path
        self.bytes = Array(text.utf8)
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
            case .emptyInput:
                return nil
            case .error(let length):
                _ = length
                return offset
            }
        }
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = 0
        while index < offset, index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }
}
