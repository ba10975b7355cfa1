import Foundation
import Testing

/// `flowmap test` as designers and CI run it: the real binary on scenario files.
@Suite struct ScenarioCommandTests {
    static let library = "Tests/FlowmapCLITests/Fixtures/scenarios/library"

    @Test func passingScenariosPassWithCoverageByFlow() async throws {
        let result = try await CLIRunner.run(["test", "\(Self.library)/passing"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("""
            Tests/FlowmapCLITests/Fixtures/scenarios/library/passing/bill.ivr.scenario.yaml
              PASS  本月话费较高，再查上月后结束
              PASS  本月没有待缴费用
            """))
        #expect(result.stdout.contains("\n14 scenarios in 2 files: 14 passed, 0 failed\n"))
        #expect(result.stdout.contains("""
            Coverage                  states          transitions
            bill.ivr                  13/13 100%      19/20  95%
                transitions never taken:
                  verify: outcome 'abandoned' -> hung-up
            bill.phone                5/6    83%      3/7    42%
                states never entered: hung-up
            """))
        #expect(result.stdout.contains("""
            verify.ivr                4/4   100%      4/5    80%
                transitions never taken:
                  ask: no-match limit -> failed
            all 4 flows               26/29  89%      29/38  76%

            """))
    }

    @Test func aFailureSaysWhereWhatWasExpectedAndWhatHappened() async throws {
        let result = try await CLIRunner.run(["test", "\(Self.library)/failing"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("""
              PASS  密码正确
              FAIL  金额较高时以为直接播报
                    Tests/FlowmapCLITests/Fixtures/scenarios/library/failing/bill.ivr.scenario.yaml:20:19: step 4 (outcome: ok)
                    expected: enters check > read > menu
                    happened: entered check > high > read > menu
                    path:     welcome > verify > verify.ivr/ask > verify.ivr/check > verify.ivr/passed > menu > lookup > check > high > read > menu
                    actions:  say "您本月的话费128.5元，金额较高。"
                              say "您本月的话费为128.5元。"
                              say "本月请按1，上月请按2。"
                              collect dtmf length 1 keys 1 2 (timeout 5s)
            """), "\(result.stdout)")
        #expect(result.stdout.contains("""
                    expected: says "本月请按1，下月请按2。"
                    happened: says "本月请按1，上月请按2。"
            """))
        #expect(result.stdout.contains("""
                    Tests/FlowmapCLITests/Fixtures/scenarios/library/failing/bill.ivr.scenario.yaml:33:9: step 4 (outcome: not-fonud)
                    expected: an outcome billing.bill can end with (ok, failed, timeout, not-found)
                    happened: outcome 'not-fonud' in state lookup; did you mean 'not-found'?
            """))
        #expect(result.stdout.contains("""
                    Tests/FlowmapCLITests/Fixtures/scenarios/library/failing/bill.ivr.scenario.yaml:41:9: step 5 (input: 1)
                    expected: the runtime takes the event
                    happened: it refused: the session has ended
            """))
        #expect(result.stdout.contains("""
                    Tests/FlowmapCLITests/Fixtures/scenarios/library/failing/bill.ivr.scenario.yaml:49:15: the end
                    expected: the contact ends transferred
                    happened: it ended failed in state sorry
            """))
        #expect(result.stdout.contains("\n6 scenarios in 1 file: 1 passed, 5 failed\n"))
    }

    @Test func badScenarioFilesAreReportedWithFileLineAndColumn() async throws {
        let result = try await CLIRunner.run(["test", "\(Self.library)/bad"])
        #expect(result.status == 1)
        let bad = "Tests/FlowmapCLITests/Fixtures/scenarios/library/bad"
        #expect(result.stdout.hasPrefix("""
            \(bad)/duplicate.scenario.yaml:7:32: error: the key 'state' appears twice in this mapping
            \(bad)/duplicate.scenario.yaml:7:19: note: first written here
            \(bad)/names.scenario.yaml:6:36: error: flow 'bill.ivr' declares no variable 'totl'; did you mean 'total'?
            \(bad)/names.scenario.yaml:9:19: error: 'expect' has no key 'sayz'; did you mean 'says'?
            \(bad)/names.scenario.yaml:9:36: error: flow 'verify.ivr' has no state 'chek'; did you mean 'check'?
            \(bad)/names.scenario.yaml:11:26: error: flow 'bill.ivr' has no state 'ask'; a subflow's state is named with its flow: verify.ivr/ask
            \(bad)/names.scenario.yaml:11:37: error: the flow map declares no operation 'billing.bil'; did you mean 'billing.bill'?
            \(bad)/names.scenario.yaml:13:18: error: a step does one thing; this one has 'input' and 'outcome': make them two steps
            \(bad)/names.scenario.yaml:14:18: error: 'timeout' names a timer: input, operation, sla, flow; did you mean 'input'?
            \(bad)/names.scenario.yaml:15:17: error: 'hangup' takes no value: write '- hangup', or 'hangup:' with nothing after it
            \(bad)/names.scenario.yaml:16:16: error: 'sms-reply' cannot happen here: no state of 'bill.ivr' or its subflows waits for an event
            \(bad)/names.scenario.yaml:18:20: error: contact point SG101, environment own, is not offered: 样例
            \(bad)/names.scenario.yaml:21:5: error: a scenario needs a 'name:' that says what it shows
            \(bad)/syntax.scenario.yaml:7:1: error: found unexpected end of stream (while scanning a quoted scalar at line 6, column 16)

            0 scenarios in 0 files: 0 passed, 0 failed, 13 problems in scenario files

            """), "\(result.stdout)")
    }

    @Test func jsonGivesScenariosCoverageAndASummaryForCI() async throws {
        let result = try await CLIRunner.run(["test", "--format", "json", "\(Self.library)/passing", "\(Self.library)/failing"])
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["scenarios"] as? Int == 20)
        #expect(summary["passed"] as? Int == 15)
        #expect(summary["failed"] as? Int == 5)
        #expect(summary["flowsWithStatesMissed"] as? [String] == ["bill.phone", "package.sms"])
        let scenarios = try #require(report["scenarios"] as? [[String: Any]])
        let failed = try #require(scenarios.first { $0["name"] as? String == "播报文字写错" })
        #expect(failed["status"] as? String == "failed")
        #expect(failed["flow"] as? String == "bill.ivr")
        let failure = try #require(failed["failure"] as? [String: Any])
        #expect(failure["line"] as? Int == 26)
        #expect(failure["column"] as? Int == 19)
        #expect(failure["step"] as? String == "step 2 (outcome: ok)")
        #expect(failure["expected"] as? String == "says \"本月请按1，下月请按2。\"")
        #expect(failure["path"] as? [String] == ["welcome", "verify", "verify.ivr/ask", "verify.ivr/check", "verify.ivr/passed", "menu"])
        let coverage = try #require(report["coverage"] as? [[String: Any]])
        let sms = try #require(coverage.first { $0["flow"] as? String == "package.sms" })
        let states = try #require(sms["states"] as? [String: Any])
        #expect(states["covered"] as? Int == 4)
        #expect(states["total"] as? Int == 6)
        #expect(states["missed"] as? [String] == ["declined", "expired"])
        let transitions = try #require(sms["transitions"] as? [String: Any])
        #expect(transitions["missed"] as? [String] == [
            "offer: outcome 'timeout' -> expired", "decide: otherwise -> declined", "order: outcome 'failed' -> declined",
        ])
    }

    @Test func requireStatesFailsWhenAFlowHasStatesNoScenarioEnters() async throws {
        let result = try await CLIRunner.run(["test", "--require-states", "\(Self.library)/passing"])
        #expect(result.status == 1)
        #expect(result.stdout.hasSuffix(
            "--require-states: 2 flows have states no scenario enters: bill.phone, package.sms\n"))
        let one = try await CLIRunner.run(["test", "--require-states", "\(Self.library)/passing/bill.ivr.scenario.yaml"])
        #expect(one.status == 0, "\(one.stdout)")
    }

    @Test func filterRunsTheScenariosWhoseNameContainsTheText() async throws {
        let result = try await CLIRunner.run(["test", "--filter", "挂机", "\(Self.library)/passing"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("2 scenarios in 1 file: 2 passed, 0 failed"), "\(result.stdout)")
    }

    @Test func theShippedLibraryCoversEveryState() async throws {
        let result = try await CLIRunner.run(["test", "Flows", "--require-states"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(!result.stdout.contains("FAIL"))
        #expect(result.stdout.contains(" failed\n"))
        let all = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("all ") && $0.contains(" flows ") })
        let states = try #require(all.split(separator: " ").first { $0.contains("/") })
        let parts = states.split(separator: "/")
        #expect(parts.count == 2 && parts[0] == parts[1], "\(all)")
    }

    @Test func missingPathsAndFilesOutsideALibraryAreErrors() async throws {
        let missing = try await CLIRunner.run(["test", "no/such/folder"])
        #expect(missing.status == 1)
        #expect(missing.stdout.hasPrefix("no/such/folder:1:1: error: no such file or folder\n"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("alone.scenario.yaml")
        try Data("scenarios: []\n".utf8).write(to: file)
        let alone = try await CLIRunner.run(["test", file.path])
        #expect(alone.status == 1)
        #expect(alone.stdout.hasPrefix("\(file.path):1:1: error: no flowmap.yaml in a folder above this file; name the library with --library\n"))
    }
}
