import FlowExpression
import FlowLoading
import FlowRuntime

/// A 15-state IVR flow with guards, assignments, tasks and decisions, and a script of
/// events that drives one contact through 18 moves.
enum BenchmarkFlow {
    static let yaml = """
        id: bench.ivr
        version: "1"
        title: 话费余额（基准）
        business: bill
        channel: ivr
        category: inquiry
        owner: front
        sla: 3m
        variables:
          msisdn: { type: string, pii: true }
          total: { type: decimal, default: 0 }
          balance: { type: decimal, default: 0 }
          verified: { type: bool, default: true }
          count: { type: int, default: 0 }
        start: welcome
        handlers:
          - { on: hangup, to: goodbye }
          - { on: input, when: input == '0', to: agent, except: [agent] }
        states:
          welcome: { kind: prompt, say: 您好，欢迎致电。, next: menu }
          menu:
            kind: collect
            say: 话费请按1，余额请按2，充值请按3，结束请按9。
            visits: { max: 50, then: goodbye }
            input: { mode: dtmf, length: 1, timeout: 5s }
            options:
              - { key: "1", to: bill-lookup }
              - { key: "2", to: balance-lookup }
              - { key: "3", to: topup-offer }
              - { key: "9", to: goodbye }
            no-input: { max: 2, then: agent }
            no-match: { max: 2, then: agent }
          bill-lookup:
            kind: task
            operation: billing.bill
            args: { msisdn: msisdn }
            results: { total: total }
            outcomes: { ok: bill-check, failed: agent }
          bill-check:
            kind: decision
            branches:
              - { when: total > 200, to: bill-high }
              - { when: total > 0 && verified, to: bill-read }
            otherwise: bill-read
          bill-high: { kind: prompt, say: 您的话费较高。, next: bill-read }
          bill-read:
            kind: prompt
            say: "您本月话费{{total}}元。"
            transitions:
              - { on: done, to: menu, set: { count: count + 1 } }
          balance-lookup:
            kind: task
            operation: billing.balance
            args: { msisdn: msisdn }
            results: { balance: balance }
            outcomes: { ok: balance-check, failed: agent }
          balance-check:
            kind: decision
            branches:
              - { when: balance < 10, to: low }
            otherwise: balance-read
          low: { kind: prompt, say: 您的余额不足十元。, next: topup-offer }
          balance-read: { kind: prompt, say: "您的余额为{{balance}}元。", next: menu }
          topup-offer:
            kind: collect
            say: 充值五十元请按1，返回请按2。
            input: { mode: dtmf, length: 1, timeout: 5s }
            options:
              - { key: "1", to: topup }
              - { key: "2", to: menu }
            no-input: { max: 2, then: agent }
            no-match: { max: 2, then: agent }
          topup:
            kind: task
            operation: topup.charge
            args: { msisdn: msisdn }
            outcomes:
              ok: { to: menu, set: { balance: balance + 50 } }
              failed: agent
          agent:
            kind: transfer
            target: { queue: general }
            outcomes: { connected: transferred, failed: goodbye }
          goodbye: { kind: end, outcome: resolved, say: 再见。 }
          transferred: { kind: end, outcome: transferred }
        """

    static func program() -> FlowProgram {
        let loaded = FlowLibrary.load(flowText: yaml, path: "bench.ivr.yaml", flowMap: nil)
        guard let flow = loaded.flows.first, !loaded.hasErrors, flow.states.count == 15 else {
            fatalError("the benchmark flow must load clean with 15 states:\n" + loaded.diagnostics.map(\.formatted).joined(separator: "\n"))
        }
        do {
            return try ProgramCompiler.compile(flow, version: "bench")
        } catch {
            fatalError("\(error)")
        }
    }

    /// One contact's events after the start, 10 s apart.
    static func script(from start: Int64) -> [SessionEvent] {
        let kinds: [SessionEvent.Kind] = [
            .input("1"), .outcome("ok", results: ["total": .decimal(250)]),
            .input("2"), .outcome("ok", results: ["balance": .decimal(5)]),
            .input("1"), .outcome("ok"),
            .input("2"), .outcome("ok", results: ["balance": .decimal(55)]),
            .input("9"),
        ]
        return kinds.enumerated().map { SessionEvent($1, at: start + Int64($0 + 1) * 10_000) }
    }

    static let movesPerContact = 18
}
