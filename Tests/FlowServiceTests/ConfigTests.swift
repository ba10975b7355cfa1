import FlowService
import FlowmapTestSupport
import Foundation
import Logging
import Testing

/// `flowmap serve --config FILE`: the YAML file, `FLOWMAP_*` variables over it, flags over
/// both; a bad key or value is an error naming the file, the place and the key.
@Suite struct ConfigTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/config/\(name)").path
    }

    @Test func withoutAFileTheDefaultsHold() async throws {
        let configuration = try await ServiceConfiguration.load(file: nil, environment: [:])
        #expect(configuration == ServiceConfiguration())
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8086)
        #expect(configuration.bodyLimit == 65536)
        #expect(configuration.shutdownGrace == 10)
    }

    @Test func theShippedSampleHoldsTheDefaults() async throws {
        let sample = FlowmapBinary.repositoryRoot.appendingPathComponent("docs/serve.yaml").path
        #expect(try await ServiceConfiguration.load(file: sample, environment: [:]) == ServiceConfiguration())
    }

    @Test func everyKeyIsReadFromTheFile() async throws {
        let configuration = try await ServiceConfiguration.load(file: Self.fixture("full.yaml"), environment: [:])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9090)
        #expect(configuration.store == "/var/lib/flowmap/flowmap.sqlite")
        #expect(configuration.library == "/etc/flowmap/Flows")
        #expect(configuration.keyStore == "/var/lib/flowmap/keys.sqlite")
        #expect(configuration.reports == "/var/lib/flowmap/reports")
        #expect(configuration.bodyLimit == 16384)
        #expect(configuration.exportAhead == 1_048_576)
        #expect(configuration.cacheCapacity == 5000)
        #expect(configuration.timerPoll == 50)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.logFormat == .json)
        #expect(configuration.shutdownGrace == 2.5)
    }

    @Test func environmentVariablesOverrideTheFile() async throws {
        let environment = [
            "FLOWMAP_PORT": "9191", "FLOWMAP_KEY_STORE": "/tmp/other.keys.sqlite", "FLOWMAP_LOG_LEVEL": "warning",
            "FLOWMAP_SHUTDOWN_GRACE": "1", "FLOWMAP_REPORTS": "/srv/reports", "FLOWMAP_EXPORT_AHEAD": "131072", "PORT": "1", "HOME": "/root",
        ]
        let configuration = try await ServiceConfiguration.load(file: Self.fixture("full.yaml"), environment: environment)
        #expect(configuration.port == 9191)
        #expect(configuration.keyStore == "/tmp/other.keys.sqlite")
        #expect(configuration.logLevel == .warning)
        #expect(configuration.shutdownGrace == 1)
        #expect(configuration.reports == "/srv/reports")
        #expect(configuration.exportAhead == 131_072)
        #expect(configuration.host == "0.0.0.0")
        // Without a file, the variables alone.
        let alone = try await ServiceConfiguration.load(file: nil, environment: ["FLOWMAP_STORE": "env.sqlite"])
        #expect(alone.store == "env.sqlite")
        #expect(alone.port == 8086)
    }

    @Test func anUnknownKeyIsNamedWithItsPlace() async throws {
        let file = Self.fixture("unknown-key.yaml")
        let error = await #expect(throws: ConfigurationError.self) {
            try await ServiceConfiguration.load(file: file, environment: [:])
        }
        #expect(error?.description.hasPrefix("\(file):3:1: error: unknown key 'prot'; did you mean 'port'?") == true)
    }

    @Test func aValueOfTheWrongKindIsNamedWithItsPlace() async throws {
        let cases: [(file: String, message: String)] = [
            ("wrong-type.yaml", "2:7: error: 'port' must be an integer from 0 to 65535, not text"),
            ("out-of-range.yaml", "1:13: error: 'body-limit' must be an integer from 1 to 65536, not a number (1048576)"),
        ]
        for item in cases {
            let file = Self.fixture(item.file)
            let error = await #expect(throws: ConfigurationError.self) {
                try await ServiceConfiguration.load(file: file, environment: [:])
            }
            #expect(error?.description == "\(file):\(item.message)")
        }
        // The keys are flat: a nested mapping is an unknown key.
        let nested = Self.fixture("nested.yaml")
        let error = await #expect(throws: ConfigurationError.self) {
            try await ServiceConfiguration.load(file: nested, environment: [:])
        }
        #expect(error?.description.hasPrefix("\(nested):1:1: error: unknown key 'listen'") == true)
    }

    @Test func aBadVariableIsNamed() async throws {
        let error = await #expect(throws: ConfigurationError.self) {
            try await ServiceConfiguration.load(file: nil, environment: ["FLOWMAP_PORT": "eighty"])
        }
        #expect(error?.description == "FLOWMAP_PORT=eighty: expected an integer from 0 to 65535, found 'eighty'")
        let level = await #expect(throws: ConfigurationError.self) {
            try await ServiceConfiguration.load(file: nil, environment: ["FLOWMAP_LOG_LEVEL": "loud"])
        }
        #expect(level?.description.hasPrefix("FLOWMAP_LOG_LEVEL=loud: expected one of trace, debug") == true)
    }

    @Test func aLowerBodyLimitIsEnforcedAfterTheToken() async throws {
        var logger = Logger(label: "flowmap.serve.test")
        logger.logLevel = .critical
        try await withOperationsServer(logger: logger, bodyLimit: 1024) { server in
            let ivr = try server.key("ivr-gateway", .adapter, channels: ["ivr"]).token
            var start = IVRContactTests.start
            start["journey"] = String(repeating: "j", count: 2000)
            let large = try await server.send("POST", "/v1/sessions", token: ivr, json: start)
            #expect(large.status == 413)
            #expect(large.errorCode == "body-too-large")
            // The message names the configured limit, not the reader's own 64 KiB.
            #expect((large.json?["error"] as? [String: Any])?["message"] as? String == "the body is larger than 1024 bytes")
            let anonymous = try await server.send("POST", "/v1/sessions", token: nil, json: start)
            #expect(anonymous.errorCode == "no-token")
            let small = try await server.send("POST", "/v1/sessions", token: ivr, json: IVRContactTests.start)
            #expect(small.status == 201)
            #expect(try await server.host.store.counts().sessions == 1)
        }
    }

    @Test func serveRefusesABadConfigurationFile() async throws {
        let file = Self.fixture("unknown-key.yaml")
        let run = try await FlowmapBinary.run(["serve", "--config", file, "--port", "0"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("\(file):3:1: error: unknown key 'prot'"), "\(run.stderr)")
        #expect(!run.stdout.contains("listening"))
    }

    @Test func flagsOverrideTheEnvironmentAndTheFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flowconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // port-only.yaml names store from-file.sqlite; FLOWMAP_STORE names another; the flag wins.
        let flag = directory.appendingPathComponent("from-flag.sqlite").path
        let served = try ServeProcess(
            arguments: ["--config", Self.fixture("port-only.yaml"), "--store", flag, "--port", "0"],
            environment: ["FLOWMAP_STORE": directory.appendingPathComponent("from-env.sqlite").path, "FLOWMAP_PORT": "1"],
            directory: directory)
        let port = try await served.waitForPort()
        #expect(port != 9090 && port != 1)
        #expect(FileManager.default.fileExists(atPath: flag))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("from-env.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("from-file.sqlite").path))
        served.terminate()
        #expect(try await served.wait() == 0)
    }
}
