import FlowExpression
import FlowModel
import FlowRuntime
@testable import FlowStore
import FlowSimulation
import Foundation
import Testing

/// The binary forms of sessions and receipts: what goes in comes out, for real sessions
/// and generated ones, and bytes the codec did not write are refused, never trusted.
@Suite struct CodecTests {
    @Test func everyStepOfRealContactsRoundTrips() throws {
        for seed in 0..<20 as Range<UInt64> {
            var contact = try Contact(id: "s-\(seed)", seed: seed)
            var states = [contact.live.state]
            var receipts = [contact.started.receipt!]
            while let step = contact.next() {
                states.append(step.session)
                receipts.append(step.receipt!)
            }
            for state in states {
                #expect(try SessionStateCodec.decode(SessionStateCodec.encode(state)) == state)
            }
            for receipt in receipts {
                #expect(try ReceiptCodec.decode(ReceiptCodec.encode(receipt)) == receipt)
            }
        }
    }

    @Test func generatedSessionsRoundTrip() throws {
        var random = SeededRandom(seed: 42)
        for _ in 0..<2_000 {
            let state = Generator.session(&random)
            let decoded = try SessionStateCodec.decode(SessionStateCodec.encode(state))
            #expect(decoded == state)
            // Decimals come back exactly, not merely equal in value.
            #expect(decoded.frames.map(\.variables.values).description == state.frames.map(\.variables.values).description)
        }
    }

    @Test func receiptsWithEveryKindOfActionRoundTrip() throws {
        var random = SeededRandom(seed: 9)
        for _ in 0..<500 {
            let actions = (0..<Int(random.next() % 6)).map { _ in Generator.action(&random) }
            let receipt = EventReceipt(
                event: Generator.text(&random), state: Generator.text(&random),
                outcome: random.next() % 2 == 0 ? nil : EndOutcome.allCases[Int(random.next() % 5)],
                firstSequence: Generator.integer(&random), lastSequence: Generator.integer(&random), actions: actions)
            #expect(try ReceiptCodec.decode(ReceiptCodec.encode(receipt)) == receipt)
        }
    }

    @Test(arguments: [
        "0", "1", "-1", "0.5", "-123.45", "1.50", "100", "1e20", "-0.000001", "9223372036854775807",
        "18446744073709551616", "123456789012345678901234567890.12345678", "-99999999999999999999999999999999999999",
        "0.00000000000000000000000000000000000001",
    ])
    func decimalsRoundTripExactly(_ text: String) throws {
        let decimal = try #require(Decimal(string: text))
        var writer = BinaryWriter()
        writer.value(.decimal(decimal))
        let decoded = try writer.bytes.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes)
            return try reader.value()
        }
        guard case .decimal(let back) = decoded else {
            Issue.record("decoded \(decoded)")
            return
        }
        #expect(back == decimal)
        #expect(back.description == decimal.description)
    }

    @Test func everyTruncationIsRefused() throws {
        var contact = try Contact(id: "s-1")
        _ = contact.next()
        let bytes = SessionStateCodec.encode(contact.live.state)
        for length in 0..<bytes.count {
            #expect(throws: CodecError.self) { try SessionStateCodec.decode(Array(bytes.prefix(length))) }
        }
        let receipt = ReceiptCodec.encode(contact.started.receipt!)
        for length in 0..<receipt.count {
            #expect(throws: CodecError.self) { try ReceiptCodec.decode(Array(receipt.prefix(length))) }
        }
    }

    @Test func trailingBytesAndUnknownFormatsAreRefused() throws {
        let contact = try Contact(id: "s-1")
        let bytes = SessionStateCodec.encode(contact.live.state)
        #expect(throws: CodecError.self) { try SessionStateCodec.decode(bytes + [0]) }
        var future = bytes
        future[0] = 2
        #expect(throws: CodecError.self) { try SessionStateCodec.decode(future) }
        #expect(throws: CodecError.self) { try SessionStateCodec.decode([]) }
    }

    @Test func corruptedBytesNeverCrash() throws {
        var contact = try Contact(id: "s-1")
        _ = contact.next()
        let bytes = SessionStateCodec.encode(contact.live.state)
        let receipt = ReceiptCodec.encode(contact.started.receipt!)
        var random = SeededRandom(seed: 7)
        for _ in 0..<20_000 {
            var corrupted = random.next() % 2 == 0 ? bytes : receipt
            for _ in 0..<(1 + random.next() % 4) {
                let index = Int(random.next() % UInt64(corrupted.count))
                corrupted[index] = UInt8(truncatingIfNeeded: random.next())
            }
            // Either refused, or decoded into some value: never a trap.
            _ = try? SessionStateCodec.decode(corrupted)
            _ = try? ReceiptCodec.decode(corrupted)
        }
        for _ in 0..<20_000 {
            let noise = (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            _ = try? SessionStateCodec.decode([1] + noise)
            _ = try? ReceiptCodec.decode([1] + noise)
        }
    }

    @Test func hostileCountsAndNestingAreRefused() {
        // A list claiming 2^60 items, and lists nested past the limit.
        var huge = BinaryWriter()
        huge.byte(ValueTag.list.rawValue)
        huge.varint(1 << 60)
        #expect(throws: CodecError.self) {
            try huge.bytes.withUnsafeBytes { bytes in
                var reader = BinaryReader(bytes)
                _ = try reader.value()
            }
        }
        let deep = [UInt8](repeating: ValueTag.list.rawValue, count: 1) + [UInt8](repeating: 0, count: 0)
        var nested: [UInt8] = []
        for _ in 0..<10_000 { nested += [ValueTag.list.rawValue, 1] }
        nested += deep + [0]
        #expect(throws: CodecError.self) {
            try nested.withUnsafeBytes { bytes in
                var reader = BinaryReader(bytes)
                _ = try reader.value()
            }
        }
        // Invalid UTF-8 in a string.
        #expect(throws: CodecError.self) {
            try [ValueTag.string.rawValue, 2, 0xC3, 0x28].withUnsafeBytes { bytes in
                var reader = BinaryReader(bytes)
                _ = try reader.value()
            }
        }
    }
}

/// Random sessions covering every value and field shape.
enum Generator {
    static func session(_ random: inout SeededRandom) -> SessionState {
        let frames = (0..<(1 + Int(random.next() % 3))).map { _ in frame(&random) }
        let status: SessionState.Status =
            random.next() % 3 == 0 ? .ended(EndOutcome.allCases[Int(random.next() % 5)]) : .active
        return SessionState(
            id: text(&random), journey: text(&random),
            contactPoint: ContactPointInfo(
                code: text(&random), business: text(&random), channel: text(&random), brand: text(&random),
                environment: text(&random)),
            customer: text(&random),
            agent: random.next() % 2 == 0 ? nil : Actor(id: text(&random), role: optionalText(&random), orgUnit: optionalText(&random)),
            mode: random.next() % 2 == 0 ? .automated : .guided, status: status, frames: frames,
            nextSequence: Int64(random.next() % 10_000), startedAt: integer(&random),
            timers: (0..<Int(random.next() % 4)).map { _ in
                ArmedTimer(
                    kind: TimerKind.allCases[Int(random.next() % 4)], due: integer(&random), depth: Int(random.next() % 4),
                    visit: UInt32(truncatingIfNeeded: random.next()))
            })
    }

    static func action(_ random: inout SeededRandom) -> RenderedAction {
        switch random.next() % 10 {
        case 0: .say(text(&random))
        case 1: .send(text(&random))
        case 2: .play(audio: text(&random))
        case 3:
            .card(
                title: optionalText(&random), body: optionalText(&random), image: optionalText(&random),
                buttons: (0..<Int(random.next() % 3)).map { _ in text(&random) })
        case 4:
            .collect(CollectRequest(
                state: text(&random), mode: InputMode.allCases[Int(random.next() % UInt64(InputMode.allCases.count))],
                length: random.next() % 2 == 0 ? nil : Int(random.next() % 20), minLength: nil,
                maxLength: random.next() % 2 == 0 ? nil : 40, terminator: optionalText(&random), pattern: optionalText(&random),
                timeout: random.next() % 2 == 0 ? nil : 5_000, interDigitTimeout: nil,
                options: (0..<Int(random.next() % 4)).map { _ in .init(key: text(&random), label: optionalText(&random)) },
                formFields: (0..<Int(random.next() % 3)).map { _ in
                    .init(name: text(&random), label: text(&random), required: random.next() % 2 == 0)
                },
                retry: Int(random.next() % 3)))
        case 5:
            .runTask(
                state: text(&random), operation: text(&random),
                arguments: Dictionary((0..<Int(random.next() % 4)).map { _ in (text(&random), text(&random)) }) { a, _ in a },
                timeout: random.next() % 2 == 0 ? nil : integer(&random))
        case 6: .transfer(kind: text(&random), target: text(&random), timeout: nil)
        case 7:
            .handoff(
                channel: text(&random), business: text(&random), via: optionalText(&random), message: optionalText(&random),
                journey: text(&random))
        case 8: .await(events: (0..<Int(random.next() % 3)).map { _ in text(&random) }, timeout: integer(&random))
        default: .end(outcome: text(&random))
        }
    }

    static func frame(_ random: inout SeededRandom) -> Frame {
        let values = (0..<Int(random.next() % 12)).map { _ in value(&random, depth: 0) }
        var variables = SlotEnvironment(values: values)
        variables.setMask = values.map { _ in random.next() % 2 == 0 }
        let version =
            random.next() % 2 == 0
            ? String((0..<64).map { _ in "0123456789abcdef".randomElement(using: &random)! }) : text(&random)
        return Frame(
            flowID: text(&random), version: version, state: Int32(truncatingIfNeeded: random.next() % 100) - 1,
            enteredAt: integer(&random), visit: UInt32(truncatingIfNeeded: random.next()), variables: variables,
            visits: (0..<Int(random.next() % 20)).map { _ in UInt16(truncatingIfNeeded: random.next()) },
            noInputs: UInt16(truncatingIfNeeded: random.next()), noMatches: UInt16(truncatingIfNeeded: random.next()),
            attempts: UInt16(truncatingIfNeeded: random.next()))
    }

    static func value(_ random: inout SeededRandom, depth: Int) -> Value {
        switch random.next() % (depth < 3 ? 7 : 5) {
        case 0: return .bool(random.next() % 2 == 0)
        case 1: return .int(integer(&random))
        case 2: return .decimal(decimal(&random))
        case 3: return .string(text(&random))
        case 4: return .decimal(Decimal(Int64(bitPattern: random.next())) / 100)
        case 5: return .list((0..<Int(random.next() % 4)).map { _ in value(&random, depth: depth + 1) })
        default: return .record((0..<Int(random.next() % 4)).map { _ in value(&random, depth: depth + 1) })
        }
    }

    static func decimal(_ random: inout SeededRandom) -> Decimal {
        let significand = Decimal(random.next() % 1_000_000_000_000) * (random.next() % 4 == 0 ? Decimal(random.next()) : 1)
        let exponent = Int(random.next() % 40) - 20
        return Decimal(sign: random.next() % 2 == 0 ? .plus : .minus, exponent: exponent, significand: significand)
    }

    static func integer(_ random: inout SeededRandom) -> Int64 {
        switch random.next() % 3 {
        case 0: Int64(random.next() % 100)
        case 1: Int64(bitPattern: random.next())
        default: 1_795_000_000_000 + Int64(random.next() % 1_000_000_000)
        }
    }

    static let alphabet = Array("abcxyz019 -_.'\"\\{}话费查询😀é")

    static func text(_ random: inout SeededRandom) -> String {
        String((0..<Int(random.next() % 16)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }

    static func optionalText(_ random: inout SeededRandom) -> String? {
        random.next() % 2 == 0 ? nil : text(&random)
    }
}
