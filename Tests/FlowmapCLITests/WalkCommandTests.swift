import Foundation
import Testing

/// `flowmap walk` driven by a script on standard input, as a designer types it.
@Suite struct WalkCommandTests {
    static let library = "Tests/FlowmapCLITests/Fixtures/scenarios/library"

    @Test func aPipedScriptGivesTheWholeTranscript() async throws {
        let script = """
            123456
            :outcome ok
            1
            ok total=128.5 due=11月20日
            :back
            :timeout
            :vars
            :foo
            1

            """
        let result = try await CLIRunner.run(
            ["walk", "--library", Self.library, "--contact-point", "VG101", "--var", "msisdn=13800138000"], input: script)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            bill.ivr  话费查询  (version 1, automated)
            contact point VG101: bill by ivr for gotone, own; customer 13800138000
            Type what the customer keys or says; :help lists the commands.
              says   您好，欢迎致电。
              says   请输入六位服务密码。
            state verify.ivr/ask (collect)
              asks   dtmf, 6 keys, timeout 8s
            path: welcome > verify > verify.ivr/ask
            > 123456
              does   run identity.check(msisdn: 13800138000, password: 123456)
            state verify.ivr/check (task)
              runs   identity.check: which outcome? ok, failed, timeout, wrong-password
            path: welcome > verify > verify.ivr/ask > verify.ivr/check
            > :outcome ok
              says   本月请按1，上月请按2。
            state menu (collect)
              asks   dtmf, 1 key, timeout 5s
              keys   1 | 2
            path: welcome > verify > verify.ivr/ask > verify.ivr/check > verify.ivr/passed > menu
            > 1
              does   run billing.bill(msisdn: 13800138000, month: 本月) (timeout 8s)
            state lookup (task)
              runs   billing.bill: which outcome? ok, failed, timeout, not-found
                     results: total=... due=...
            path: welcome > verify > verify.ivr/ask > verify.ivr/check > verify.ivr/passed > menu > lookup
            > ok total=128.5 due=11月20日
              says   您本月的话费128.5元，金额较高。
              says   您本月的话费为128.5元。
              says   本月请按1，上月请按2。
            state menu (collect)
              asks   dtmf, 1 key, timeout 5s
              keys   1 | 2
            path: welcome > verify > verify.ivr/ask > verify.ivr/check > verify.ivr/passed > menu > lookup > check > high > read > menu
            > :back
            (back one step)
            state lookup (task)
              runs   billing.bill: which outcome? ok, failed, timeout, not-found
                     results: total=... due=...
            path: welcome > verify > verify.ivr/ask > verify.ivr/check > verify.ivr/passed > menu > lookup
            > :timeout
              says   系统繁忙。
              ends   failed
            ended failed in state sorry
            path: welcome > verify > verify.ivr/ask > verify.ivr/check > verify.ivr/passed > menu > lookup > sorry
            > :vars
              msisdn = '13800138000'  (personal data)
              month = '本月'
              total = 0
              due = (not set)
              verified = true
              input = '1'
            > :foo
            ? no command ':foo'; :help lists them
            > 1
            the contact has ended: :back undoes the last step, :quit leaves
            > 

            """, "\(result.stdout)")
    }

    @Test func aGuidedFlowTakesRecordedStepsAndOverrides() async throws {
        let recorded = try await CLIRunner.run(
            ["walk", "bill.phone", "--library", Self.library, "--agent", "a-007"], input: ":record lookup 在CRM中查询\nok total=66\n")
        #expect(recorded.stdout.contains("Guided: the agent may :override STATE REASON, or :record STATE NOTE for a step done outside.\n"))
        #expect(recorded.stdout.contains("""
            > :record lookup 在CRM中查询
            state lookup (task)
            """))
        #expect(recorded.stdout.contains("""
            > ok total=66
              says   客户本月话费66元，请向客户说明。
              says   感谢来电，再见。
              ends   resolved
            ended resolved in state closing
            path: greet > identify > lookup > explain > closing
            """))
        let overridden = try await CLIRunner.run(
            ["walk", "bill.phone", "--library", Self.library], input: ":override closing customer-in-hurry\n:back\n")
        #expect(overridden.stdout.contains("""
            > :override closing customer-in-hurry
              says   感谢来电，再见。
              ends   resolved
            ended resolved in state closing
            path: greet > identify > closing
            > :back
            (back one step)
            state identify (collect)
            """), "\(overridden.stdout)")
    }

    @Test func anAutomatedFlowRefusesOverridesAndUnknownOutcomesAreExplained() async throws {
        let result = try await CLIRunner.run(
            ["walk", "--library", Self.library, "--business", "package", "--channel", "sms"],
            input: ":override ordered test\n:event sms-reply Y\nokay\n:outcome ok fee=10\n")
        #expect(result.stdout.contains("""
            > :override ordered test
            refused: overrides and recorded steps are for guided flows; this flow runs automated
            """), "\(result.stdout)")
        #expect(result.stdout.contains("""
            > okay
            ? outcome 'okay' in state order; expected an outcome data.order can end with (ok, failed, timeout)
            """))
        #expect(result.stdout.contains("""
            > :outcome ok fee=10
              sends  订购成功。
              ends   resolved
            """))
    }

    @Test func anUnknownFlowOrNoFlowIsAnError() async throws {
        let unknown = try await CLIRunner.run(["walk", "bill.ivx", "--library", Self.library], input: "")
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: no flow 'bill.ivx' in \(Self.library); did you mean 'bill.ivr'?\n")
        let none = try await CLIRunner.run(["walk", "--library", Self.library], input: "")
        #expect(none.status != 0)
        #expect(none.stderr.contains("give a flow, or --contact-point, or --business and --channel"))
    }
}
