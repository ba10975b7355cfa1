import Foundation

/// Finding scenario files: `*.scenario.yaml` (or `.yml`) under folders, or named directly.
enum ScenarioFiles {
    static func isScenario(_ path: String) -> Bool {
        path.hasSuffix(".scenario.yaml") || path.hasSuffix(".scenario.yml")
    }

    /// The scenario files under `paths`, sorted within each folder; missing paths are problems.
    static func find(under paths: [String]) -> (files: [String], problems: [ScenarioProblem]) {
        var files: [String] = []
        var problems: [ScenarioProblem] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(ScenarioProblem("no such file or folder", at: .start(of: path)))
                continue
            }
            guard isDirectory.boolValue else {
                if !isScenario(path) {
                    problems.append(ScenarioProblem(
                        "not a scenario file: scenario files are named <anything>.scenario.yaml", at: .start(of: path)))
                } else if !files.contains(path) {
                    files.append(path)
                }
                continue
            }
            var found: [String] = []
            let enumerator = FileManager.default.enumerator(atPath: path)
            while let relative = enumerator?.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator?.skipDescendants()
                    continue
                }
                guard isScenario(name) else { continue }
                found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
            }
            for file in found.sorted() where !files.contains(file) { files.append(file) }
        }
        return (files, problems)
    }

    /// The flow files under `paths` (for the coverage report: flows without scenarios show too).
    static func flowFiles(under paths: [String]) -> Set<String> {
        var result: Set<String> = []
        for path in paths {
            guard let enumerator = FileManager.default.enumerator(atPath: path) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                guard name.hasSuffix(".yaml") || name.hasSuffix(".yml"), !isScenario(name),
                    !name.hasPrefix("flowmap.")
                else { continue }
                result.insert(canonical(path.hasSuffix("/") ? path + relative : path + "/" + relative))
            }
        }
        return result
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
