import Foundation
import Testing
@testable import FlowLoading

struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let keyPool = ["id","version","title","business","channel","category","owner","sla","timeout","mode","description","variables","start","handlers","states","kind","performer","mandatory","visits","transitions","say","send","audio","card","next","input","options","no-input","no-match","max-attempts","branches","otherwise","operation","args","results","outcomes","target","handoff","events","flow","outcome","on","when","to","set","note","except","max","then","key","label","length","min-length","max-length","terminator","inter-digit-timeout","pattern","valid","store","fields","required","type","default","pii","of","zh","en","queue","skill","org-unit","via","body","image","buttons","ok","failed","resolved","name","code","capabilities","max-sms-segments","benchmark","not-offered","variants","brand","environment","units","roles","skills","queues","parent","unit","brands","environments","businesses","organisation","operations","matrix","zzz","session","input","true"]
let scalarPool: [JSONValue] = [.string(""), .string(" "), .string("x"), .string("bad value"), .integer(0), .integer(1), .integer(-1), .number(1.5), .bool(true), .bool(false), .null, .array([]), .object([]), .string("3m"), .string("5s"), .string("1h30m"), .string("abc-def"), .string("a.b"), .string("1"), .string("#"), .string("*"), .string("10"), .integer(1000), .integer(1001), .integer(20), .integer(21), .integer(50), .integer(51), .integer(10000), .integer(10001), .integer(11), .number(0.5), .string("prompt"), .string("collect"), .string("decision"), .string("task"), .string("transfer"), .string("wait"), .string("subflow"), .string("end"), .string("list"), .string("record"), .string("string"), .string("int"), .string("decimal"), .string("bool"), .string("dtmf"), .string("form"), .string("sms"), .string("voice-prompt"), .string("resolved"), .string("guided"), .string("inquiry"), .string("timeout"), .string("hangup"), .string("input"), .string("bye"), .string("x_y"), .string("A1"), .array([.string("a")]), .array([.integer(1)]), .object([JSONMember(name: "zh", value: .string("x"))]), .object([JSONMember(name: "to", value: .string("x"))]), .object([JSONMember(name: "max", value: .integer(2)), JSONMember(name: "then", value: .string("x"))]), .integer(9), .integer(10), .integer(2)]

func paths(_ v: JSONValue, _ prefix: [Int] = []) -> [[Int]] {
    var out = [prefix]
    switch v {
    case .array(let items): for (i, x) in items.enumerated() { out += paths(x, prefix + [i]) }
    case .object(let ms): for (i, m) in ms.enumerated() { out += paths(m.value, prefix + [i]) }
    default: break
    }
    return out
}

func mutate(_ v: JSONValue, at path: [Int], _ rng: inout SplitMix) -> JSONValue {
    if path.isEmpty {
        switch (v, rng.int(4)) {
        case (.object(var ms), 0) where !ms.isEmpty:
            ms.remove(at: rng.int(ms.count)); return .object(ms)
        case (.object(var ms), 1):
            let name = keyPool[rng.int(keyPool.count)]
            if ms.contains(where: { $0.name == name }) { return v }
            ms.append(JSONMember(name: name, value: scalarPool[rng.int(scalarPool.count)])); return .object(ms)
        case (.object(var ms), 2) where !ms.isEmpty:
            let i = rng.int(ms.count); let name = keyPool[rng.int(keyPool.count)]
            if ms.contains(where: { $0.name == name }) { return v }
            ms[i].name = name; ms[i].key = .string(name); return .object(ms)
        case (.array(var items), 0) where !items.isEmpty:
            items.remove(at: rng.int(items.count)); return .array(items)
        default:
            return scalarPool[rng.int(scalarPool.count)]
        }
    }
    let i = path[0]
    switch v {
    case .array(var items): items[i] = mutate(items[i], at: Array(path.dropFirst()), &rng); return .array(items)
    case .object(var ms): ms[i].value = mutate(ms[i].value, at: Array(path.dropFirst()), &rng); return .object(ms)
    default: return v
    }
}

func json(_ v: JSONValue) -> String { v.description }

@Test func zzFuzzAgreement() throws {
    guard let count = ProcessInfo.processInfo.environment["SCHEMA_FUZZ"].flatMap(Int.init) else { return }
    var rng = SplitMix(state: 42)
    let seeds = Library.agreementFiles().filter { file in
        let d = Library.diagnostics(of: file)
        return !d.contains { Library.notYAMLCodes.contains($0.rule.code) || Library.structuralCodes.contains($0.rule.code) }
    }
    var seen: [String: Int] = [:]
    var reports: [String] = []
    for n in 0..<count {
        let file = seeds[rng.int(seeds.count)]
        var value = try EditorJSON.read(path: file.path)
        for _ in 0..<(1 + rng.int(2)) {
            let ps = paths(value)
            value = mutate(value, at: ps[rng.int(ps.count)], &rng)
        }
        let text = json(value)
        let reread = try EditorJSON.value(text: text)
        let diagnostics = file.isFlowMap ? FlowFileLoader.loadFlowMap(path: "m.yaml", text: text).diagnostics : FlowFileLoader.loadFlow(path: "f.yaml", text: text).diagnostics
        if diagnostics.contains(where: { Library.notYAMLCodes.contains($0.rule.code) }) { continue }
        let structural = diagnostics.filter { Library.structuralCodes.contains($0.rule.code) }
        let failures = try Library.validator(file.schemaName).validate(reread)
        if failures.isEmpty != structural.isEmpty {
            let key = failures.isEmpty ? "loader:" + structural.map { $0.message.replacing(/'[^']*'/, with: "'_'") }.joined(separator: "|") : "schema:" + failures.map { $0.schemaPath + " " + $0.keyword }.joined(separator: "|")
            seen[key, default: 0] += 1
            if seen[key] == 1 {
                reports.append("#\(n) \(file.relativePath)\n  \(key)\n  loader: \(structural.map(\.message))\n  schema: \(failures.map(\.description))\n  text: \(text.prefix(0))")
            }
        }
    }
    print("FUZZ mismatches kinds: \(seen.count)")
    for r in reports { print(r) }
}
