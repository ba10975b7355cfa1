import Foundation

/// Writes a large, lint-clean flow library for load testing: `businesses` x 4 channels
/// flows of `statesPerFlow` states each, and a flow map whose matrix names them all.
///
/// Each flow is a welcome prompt, blocks of five states (a menu, a task, a decision and
/// two prompts, with guards, assignments and templates), a transfer and four ends,
/// with flow-level handlers: the mix a real IVR or web flow has.
enum LibraryGenerator {
    static let channels = ["phone", "ivr", "web", "sms"]

    static func write(to folder: URL, businesses: Int, statesPerFlow: Int = 50) throws {
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try flowMap(businesses: businesses).write(to: folder.appendingPathComponent("flowmap.yaml"), atomically: true, encoding: .utf8)
        for business in 0..<businesses {
            let subfolder = folder.appendingPathComponent("b\(business)")
            try FileManager.default.createDirectory(at: subfolder, withIntermediateDirectories: true)
            for channel in channels {
                let text = flow(business: business, channel: channel, states: statesPerFlow)
                try text.write(to: subfolder.appendingPathComponent("b\(business).\(channel).yaml"), atomically: true, encoding: .utf8)
            }
        }
    }

    static func flowMap(businesses: Int) -> String {
        var text = """
            name: { zh: 压力测试流程地图, en: Load-test flow map }
            channels:
              phone: { code: P, name: 人工座席, mode: guided, capabilities: [voice-prompt, speech, text, agent-transfer, sms] }
              ivr: { code: V, name: 自助语音, capabilities: [voice-prompt, dtmf, speech, agent-transfer, sms] }
              web: { code: W, name: 网上营业厅, capabilities: [text, rich-cards, forms, agent-transfer] }
              sms: { code: S, name: 短信营业厅, capabilities: [text, sms, agent-transfer], max-sms-segments: 3 }
            brands:
              gotone: { code: G, name: 全球通 }
              mzone: { code: M, name: 动感地带 }
            environments:
              own-network: { name: 本网客户 }
              other-network: { name: 异网客户 }
            organisation:
              units:
                front: { name: 一线座席组 }
              roles:
                agent: { name: 座席员 }
              queues:
                general: { name: 综合队列, unit: front }
            operations:
              billing.current-bill:
                args: { msisdn: string, month: string }
                results: { total: decimal }
                outcomes: [not-found]
            businesses:

            """
        for business in 0..<businesses {
            text += "  b\(business): { code: \"\(String(format: "%04d", business))\", category: inquiry, name: 业务\(business) }\n"
        }
        text += "matrix:\n"
        for business in 0..<businesses {
            text += "  b\(business):\n"
            for channel in channels { text += "    \(channel): b\(business).\(channel)\n" }
        }
        return text
    }

    static func flow(business: Int, channel: String, states: Int) -> String {
        let voice = channel == "phone" || channel == "ivr"
        let say = voice ? "say" : "send"
        let input = channel == "ivr" ? "{ mode: dtmf, length: 1, timeout: 5s }" : "{ mode: text, max-length: 1 }"
        let retries = channel == "ivr"
            ? "\n    no-input: { \(say): 对不起，没有听到您的按键。, max: 2, then: to-agent }\n    no-match: { \(say): 对不起，您的输入有误。, max: 2, then: to-agent }"
            : "\n    no-match: { \(say): 对不起，您的输入有误。, max: 2, then: to-agent }"
        // A welcome prompt, the blocks of five, a transfer and three ends.
        let blocks = max(1, (states - 5) / 5)
        var text = """
            # yaml-language-server: $schema=../../Schemas/flow.schema.json
            id: b\(business).\(channel)
            version: "1"
            title: { zh: 业务\(business), en: Business \(business) }
            business: b\(business)
            channel: \(channel)
            category: inquiry
            owner: front
            sla: 4m
            variables:
              msisdn: { type: string, pii: true }
              month: { type: string, default: 本月, max-length: 2 }
              amount: { type: decimal, default: 0 }
              retries: { type: int, default: 0 }
              verified: { type: bool, default: false }
            start: welcome
            handlers:
              - { on: hangup, to: hung-up }
              - { on: input, when: input == '0', to: to-agent, except: [to-agent] }
            states:
              welcome:
                kind: prompt
                \(say): 您好，欢迎使用业务\(business)。
                next: ask-0

            """
        for block in 0..<blocks {
            let next = block + 1 < blocks ? "ask-\(block + 1)" : "goodbye"
            text += """
                  ask-\(block):
                    kind: collect
                    \(say): 第\(block + 1)项：查询本月请按1，查询上月请按2，下一项请按9。
                    input: \(input)
                    options:
                      - { key: "1", to: lookup-\(block), set: { month: "'本月'" } }
                      - { key: "2", to: lookup-\(block), set: { month: "'上月'" } }
                      - { key: "9", to: \(next) }\(retries)
                  lookup-\(block):
                    kind: task
                    operation: billing.current-bill
                    args: { msisdn: msisdn, month: month }
                    results: { total: amount }
                    timeout: 8s
                    outcomes: { ok: check-\(block), not-found: info-\(block), failed: to-agent }
                  check-\(block):
                    kind: decision
                    branches:
                      - { when: amount > 100 && !verified, to: high-\(block), set: { retries: retries + 1 } }
                      - { when: "amount >= 0 && session.brand in ['gotone', 'mzone']", to: info-\(block) }
                    otherwise: info-\(block)
                  high-\(block):
                    kind: prompt
                    \(say): "第\(block + 1)项：您{{month}}的费用为{{amount}}元，较高，请注意。"
                    next: info-\(block)
                  info-\(block):
                    kind: prompt
                    \(say): "第\(block + 1)项：您{{month}}的费用为{{amount}}元。"
                    next: \(next)

                """
        }
        text += """
              to-agent:
                kind: transfer
                \(say): 正在为您转接人工服务。
                target: { queue: general }
                outcomes: { connected: transferred, failed: goodbye }
              transferred:
                kind: end
                outcome: transferred
              goodbye:
                kind: end
                outcome: resolved
                \(say): 感谢您的使用，再见。
              hung-up:
                kind: end
                outcome: abandoned

            """
        return text
    }
}
