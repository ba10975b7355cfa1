import FlowRuntime
@testable import FlowStore
import Foundation
import Testing

/// The audit's packed copy of a record's step fields (`AuditFields`): what is packed reads
/// back field for field, the writer's form equals the one made from the columns (what
/// `log verify` compares), and bytes that are not a whole format-1 blob are refused.
@Suite struct AuditFieldsTests {
    /// The fields of a packed blob as plain values, for comparing.
    struct Unpacked: Equatable {
        var sequence: Int64, depth: Int, tookTransition: Bool, isStart: Bool, hasOutcome: Bool
        var enteredAt: Int64, leftAt: Int64
        var texts: [String?]

        /// Nil when the blob does not read whole.
        init?(_ blob: UnsafeRawBufferPointer) {
            guard let head = AuditFieldsHead(blob) else { return nil }
            sequence = head.sequence
            depth = head.depth
            tookTransition = head.tookTransition
            isStart = head.isStart
            hasOutcome = head.hasOutcome
            enteredAt = head.enteredAt
            leftAt = head.leftAt
            var reader = head.texts(in: blob)
            texts = []
            for _ in 0..<9 {
                guard case .some(let text) = reader.next() else { return nil }
                texts.append(text.map { String(decoding: $0, as: UTF8.self) })
            }
            guard reader.isAtEnd else { return nil }
        }

        init(_ record: LogRecord) {
            sequence = record.sequence
            depth = record.depth
            tookTransition = record.origin != nil
            isStart = record.from == nil
            hasOutcome = record.outcome != nil
            enteredAt = record.enteredAt
            leftAt = record.leftAt
            texts = [
                record.from, record.to, record.trigger, record.event, record.reason, record.actor, record.role,
                record.orgUnit, record.outcome,
            ]
        }
    }

    func unpack(_ bytes: [UInt8]) -> Unpacked? {
        bytes.withUnsafeBytes { Unpacked($0) }
    }

    @Test func everyRecordOfRealContactsRoundTrips() throws {
        var checked = 0
        for seed in 1...4 as ClosedRange<UInt64> {
            var contact = try Contact(id: "s-\(seed)", seed: seed)
            while contact.next() != nil {}
            for record in contact.records {
                var written: [UInt8] = []
                AuditFields.encode(record, into: &written)
                // The writer's bytes are the ones the verifier makes from the columns.
                #expect(written == AuditFields.encode(record.logRecord))
                #expect(unpack(written) == Unpacked(record.logRecord))
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    @Test func edgeValuesRoundTrip() throws {
        var record = LogRecord.blank
        record.sequence = 1 << 40
        record.depth = 3
        record.from = nil
        record.to = String(repeating: "状态", count: 200)  // 1,200 bytes: a two-byte length
        record.trigger = "override"
        record.event = ""
        record.origin = "option '1'"
        record.reason = "customer-request"
        record.actor = "A-1"
        record.role = "agent"
        record.orgUnit = "front-line"
        record.outcome = "resolved"
        record.enteredAt = -5
        record.leftAt = -9  // a clock set back: a negative duration
        let bytes = AuditFields.encode(record)
        #expect(unpack(bytes) == Unpacked(record))
        #expect(unpack(bytes)?.texts[3] == "")
        #expect(unpack(bytes)?.isStart == true)
        #expect(unpack(bytes)?.hasOutcome == true)
    }

    @Test func cutShortTrailingAndUnknownFormatsAreRefused() throws {
        let contact = try Contact(id: "s-1")
        // The start record: no outcome, so its blob ends with the outcome's NULL marker.
        let record = try #require(contact.records.first).logRecord
        #expect(record.outcome == nil)
        let bytes = AuditFields.encode(record)
        #expect(unpack(bytes) != nil)
        for length in 0..<bytes.count {
            #expect(unpack(Array(bytes.prefix(length))) == nil, "\(length) bytes")
        }
        #expect(unpack(bytes + [0]) == nil)
        var future = bytes
        future[0] = 2
        #expect(unpack(future) == nil)
        // The last text claims four bytes where none are left.
        var overlong = bytes
        overlong[overlong.count - 1] = 5
        #expect(unpack(overlong) == nil)
    }
}
