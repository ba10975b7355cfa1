import FlowAccess
import Testing

@Test func rolesAreNamedAsTheServiceDocumentNamesThem() {
    #expect(Role.allCases.map(\.rawValue) == ["designer", "adapter", "agent", "qa", "auditor", "admin"])
    #expect(Role(rawValue: "root") == nil)
}
