import Foundation

/// The SMS adapter's open conversations: per customer number, the session its last message
/// went to. Messages from one number are handled one at a time, in the order they arrive;
/// other numbers go on meanwhile.
///
/// With a journal file the numbers survive a restart of the adapter: each new conversation
/// is appended (`{"number": "13800138000", "session": "sms-m-1001"}`, one JSON object a line)
/// and forced to disk before the message that opened it is acknowledged to the gateway, and
/// the file is read back when the adapter starts (the last line of a number wins).
/// Why the adapter keeps it and not the service: the service's store knows a session's
/// customer only inside the session's encoded state (no index by number), and a customer's
/// number is personal data the service keeps out of its log; the adapter is the one system
/// that already holds the number, and it needs one line per conversation, not per message.
actor SMSConversations {
    private var sessions: [String: String] = [:]
    /// By session: the last log sequence whose texts went to the customer (memory only).
    private var presented: [String: Int64] = [:]
    private var busy: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
    /// The file the conversations are kept in; memory only when nil.
    let journalPath: String?
    private var journal: SMSConversationJournal?

    /// - Parameter journal: the file the conversations are kept in (read at `open`); memory
    ///   only when nil.
    init(journal path: String? = nil) {
        journalPath = path
    }

    /// Reads the journal, once; later calls do nothing.
    /// - Throws: `SMSConversationJournalError` when the file does not read or cannot be written.
    func open() throws {
        guard let journalPath, journal == nil else { return }
        let opened = try SMSConversationJournal(path: journalPath)
        journal = opened
        for (number, session) in opened.loaded where sessions[number] == nil { sessions[number] = session }
    }

    /// The session the number's last message went to.
    func session(of number: String) throws -> String? {
        try open()
        return sessions[number]
    }

    /// Remembers the number's new session; with a journal, on disk before it returns.
    func remember(_ session: String, for number: String) throws {
        try open()
        guard sessions[number] != session else { return }
        try journal?.append(number: number, session: session)
        sessions[number] = session
    }

    /// Every number with the session its last message went to.
    func all() throws -> [(number: String, session: String)] {
        try open()
        return sessions.map { ($0.key, $0.value) }
    }

    /// The last log sequence of `session` whose texts went out (nil: none known here).
    func presented(_ session: String) -> Int64? {
        presented[session]
    }

    /// The texts of `session`'s steps through `sequence` went out.
    func present(_ session: String, through sequence: Int64) {
        presented[session] = max(presented[session] ?? 0, sequence)
    }

    /// Runs `body` once no other message from `number` is being handled.
    func handling<T: Sendable>(_ number: String, _ body: @Sendable () async throws -> T) async throws -> T {
        while busy.contains(number) {
            await withCheckedContinuation { waiting[number, default: []].append($0) }
        }
        busy.insert(number)
        defer {
            busy.remove(number)
            if var queue = waiting[number], !queue.isEmpty {
                queue.removeFirst().resume()
                waiting[number] = queue.isEmpty ? nil : queue
            }
        }
        return try await body()
    }
}

/// The file behind `SMSConversations`: JSON Lines, appended and synced one line at a time.
///
/// A line cut short by a crash (no newline at the end of the file) is ignored: its
/// conversation's first message was not acknowledged, so the gateway sends it again and the
/// line is written again. When the file holds many more lines than numbers, it is rewritten
/// with one line per number (a temporary file, synced, then renamed over it).
final class SMSConversationJournal: @unchecked Sendable {
    struct Line: Codable {
        var number: String
        var session: String
    }

    let path: String
    /// What the file held when opened: the last session of each number.
    let loaded: [String: String]
    // Used only from the `SMSConversations` actor.
    private let handle: FileHandle

    init(path: String) throws {
        self.path = path
        let manager = FileManager.default
        var sessions: [String: String] = [:]
        var lines = 0
        // The bytes up to the last newline: a line cut short after them is dropped.
        var whole = 0
        if let data = manager.contents(atPath: path) {
            whole = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 - data.startIndex + 1 }) ?? 0
            let decoder = JSONDecoder()
            // Only whole lines: the last one counts only if the newline after it was written.
            var complete = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            complete.removeLast()
            for line in complete where !line.isEmpty {
                guard let entry = try? decoder.decode(Line.self, from: Data(line)) else {
                    throw SMSConversationJournalError(path: path, line: lines + 1)
                }
                sessions[entry.number] = entry.session
                lines += 1
            }
        }
        loaded = sessions
        if lines > 2 * sessions.count + 1_000 || !manager.fileExists(atPath: path) {
            try Self.rewrite(sessions, at: path)
            whole = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw SMSConversationJournalError(path: path, line: nil)
        }
        try handle.truncate(atOffset: UInt64(whole))
        try handle.seekToEnd()
        self.handle = handle
    }

    deinit {
        try? handle.close()
    }

    /// Appends one conversation and forces it to disk.
    func append(number: String, session: String) throws {
        var data = try Self.encoder.encode(Line(number: number, session: session))
        data.append(UInt8(ascii: "\n"))
        try handle.write(contentsOf: data)
        try handle.synchronize()
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Writes one line per number to a temporary file beside `path`, syncs it, and renames it over `path`.
    private static func rewrite(_ sessions: [String: String], at path: String) throws {
        var data = Data()
        for (number, session) in sessions.sorted(by: { $0.key < $1.key }) {
            data.append(try encoder.encode(Line(number: number, session: session)))
            data.append(UInt8(ascii: "\n"))
        }
        let temporary = path + ".rewrite"
        guard FileManager.default.createFile(atPath: temporary, contents: data),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw SMSConversationJournalError(path: temporary, line: nil)
        }
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, path) == 0 else { throw SMSConversationJournalError(path: path, line: nil) }
    }
}

/// The conversations' file cannot be used: where.
public struct SMSConversationJournalError: Error, CustomStringConvertible {
    public var path: String
    /// The line that is not a conversation; nil: the file cannot be written.
    public var line: Int?

    public var description: String {
        if let line { return "\(path):\(line): error: not an SMS conversation line (number, session); move the file away" }
        return "\(path): error: the SMS conversations' file cannot be written"
    }
}
