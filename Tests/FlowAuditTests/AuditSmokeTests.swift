import FlowAudit
import Testing

@Test func theModuleLinks() {
    #expect(String(describing: FlowAudit.self) == "FlowAudit")
}
