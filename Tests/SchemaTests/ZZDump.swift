import Foundation
import Testing
@testable import FlowLoading

@Test func zzDumpForCrossCheck() throws {
    guard ProcessInfo.processInfo.environment["SCHEMA_DUMP"] != nil else { return }
    var lines: [String] = []
    for file in Library.agreementFiles() {
        guard let value = try? EditorJSON.read(path: file.path) else { continue }
        let out = "/tmp/jsondump/" + file.relativePath.replacing("/", with: "__") + ".json"
        try? FileManager.default.createDirectory(atPath: "/tmp/jsondump", withIntermediateDirectories: true)
        try value.description.write(toFile: out, atomically: true, encoding: .utf8)
        let verdict = (try? Library.schemaFailures(of: file))?.isEmpty
        lines.append("\(out)\t\(file.schemaName)\t\(verdict.map { $0 ? "accept" : "reject" } ?? "error")")
    }
    try lines.joined(separator: "\n").write(toFile: "/tmp/jsondump/index.tsv", atomically: true, encoding: .utf8)
}
