/// A lint rule: a stable code, a name, its default severity and what it catches.
///
/// Codes never change meaning once released; `docs/designer-guide.md` documents each
/// with a bad and a fixed example.
public struct LintRule: Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var name: String
    public var severity: Diagnostic.Severity
    public var summary: String

    init(_ code: String, _ name: String, _ severity: Diagnostic.Severity, _ summary: String) {
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
    }

    public var description: String { "\(code) \(name)" }
}

extension LintRule {
    // MARK: Files and YAML
    public static let yamlSyntax = LintRule("FM001", "yaml-syntax", .error, "The file is not well-formed YAML.")
    public static let invalidUTF8 = LintRule("FM002", "invalid-utf8", .error, "The file is not valid UTF-8 text.")
    public static let fileTooLarge = LintRule("FM003", "file-too-large", .error, "The file is larger than a flow file can be.")
    public static let nestingTooDeep = LintRule("FM004", "nesting-too-deep", .error, "YAML nested deeper than 1,000 levels.")
    public static let aliasExpansion = LintRule("FM005", "alias-expansion", .error, "YAML aliases expand the document beyond 250,000 nodes (an alias bomb).")
    public static let duplicateKey = LintRule("FM006", "duplicate-key", .error, "A mapping names the same key twice.")
    public static let documentShape = LintRule("FM007", "document-shape", .error, "The file is empty, holds several YAML documents, or its top level is not a mapping.")
    public static let unreadableFile = LintRule("FM008", "unreadable-file", .error, "The file or folder cannot be read.")

    // MARK: Structure
    public static let unknownKey = LintRule("FM101", "unknown-key", .error, "A key the format does not have here.")
    public static let missingKey = LintRule("FM102", "missing-key", .error, "A required key is missing.")
    public static let wrongType = LintRule("FM103", "wrong-type", .error, "A value of the wrong type (text where a number is needed, a list where a mapping is...).")
    public static let invalidValue = LintRule("FM104", "invalid-value", .error, "A value outside what the key allows (an unknown category, a malformed duration, a bad identifier...).")
    public static let duplicateFlow = LintRule("FM105", "duplicate-flow", .error, "Two files declare the same flow id.")
    public static let duplicateName = LintRule("FM106", "duplicate-name", .error, "A name is declared twice in one list (option keys, form fields, bindings).")

    // MARK: States and transitions
    public static let undefinedTarget = LintRule("FM201", "undefined-target", .error, "A transition, start or limit names a state that does not exist.")
    public static let duplicateState = LintRule("FM202", "duplicate-state", .error, "Two states share one id.")
    public static let unreachableState = LintRule("FM203", "unreachable-state", .warning, "No path from the start state reaches this state.")
    public static let noPathToEnd = LintRule("FM204", "no-path-to-end", .error, "No path from this state reaches an end state: a contact here can never finish.")
    public static let noExit = LintRule("FM205", "no-exit", .error, "A state that is not an end has no way out.")
    public static let overlappingTransitions = LintRule("FM206", "overlapping-transitions", .error, "Two transitions on one event cannot be told apart: the later one can never fire.")
    public static let decisionWithoutOtherwise = LintRule("FM207", "decision-without-otherwise", .error, "A decision has no `otherwise`, so a contact matching no branch would be stuck.")
    public static let unboundedLoop = LintRule("FM208", "unbounded-loop", .error, "A loop of states with no bound on how often it runs.")
    public static let endWithExits = LintRule("FM209", "end-with-exits", .error, "An end state declares transitions.")
    public static let unknownEvent = LintRule("FM210", "unknown-event", .error, "A transition waits for an event this state can never raise.")
    public static let unhandledOutcome = LintRule("FM211", "unhandled-outcome", .warning, "A task, transfer, wait or subflow outcome that nothing handles: a contact would be stuck there.")

    // MARK: Expressions, templates and variables
    public static let expressionSyntax = LintRule("FM301", "expression-syntax", .error, "An expression cannot be parsed.")
    public static let undeclaredVariable = LintRule("FM302", "undeclared-variable", .error, "An expression, template or binding names a variable the flow does not declare.")
    public static let typeMismatch = LintRule("FM303", "type-mismatch", .error, "An expression or value has the wrong type for where it stands.")
    public static let unknownFunction = LintRule("FM304", "unknown-function", .error, "An expression calls a function the language does not have.")
    public static let templateSyntax = LintRule("FM305", "template-syntax", .error, "A prompt template is not valid Mustache.")
    public static let invalidPattern = LintRule("FM306", "invalid-pattern", .error, "A regular expression does not compile.")
    public static let unusedVariable = LintRule("FM307", "unused-variable", .warning, "A declared variable is never read or written.")

    // MARK: Channels
    public static let channelCapability = LintRule("FM401", "channel-capability", .error, "A state uses a feature its flow's channel does not have (DTMF on SMS, cards on IVR, voice on SMS...).")
    public static let voiceCollectTimeout = LintRule("FM402", "voice-collect-timeout", .error, "A collect on a voice channel without an input timeout or no-input handling.")
    public static let smsTooLong = LintRule("FM403", "sms-too-long", .error, "SMS text longer than the channel's segment limit.")
    public static let collectShape = LintRule("FM404", "collect-shape", .error, "A collect's settings contradict each other or its input mode (a terminator on text input, options with a form...).")

    // MARK: Subflows and operations
    public static let missingSubflow = LintRule("FM501", "missing-subflow", .error, "A subflow state names a flow that does not exist.")
    public static let subflowCycle = LintRule("FM502", "subflow-cycle", .error, "Flows call each other as subflows in a cycle.")
    public static let subflowBinding = LintRule("FM503", "subflow-binding", .error, "A subflow argument or result names a variable the called flow does not declare, or types disagree.")
    public static let unknownOperation = LintRule("FM504", "unknown-operation", .error, "A task calls an operation the flow map's catalogue does not declare, or passes arguments or reads results it does not have.")

    // MARK: The flow map
    public static let blindSpot = LintRule("FM601", "blind-spot", .error, "A matrix cell (or brand/environment variant) has neither a flow nor a not-offered reason.")
    public static let ambiguousContactPoint = LintRule("FM602", "ambiguous-contact-point", .error, "A contact point resolves to two flows.")
    public static let cellMismatch = LintRule("FM603", "cell-mismatch", .error, "A flow's business or channel disagrees with the cell that uses it.")
    public static let unusedFlow = LintRule("FM604", "unused-flow", .warning, "No matrix cell and no subflow state uses this flow.")
    public static let duplicateCode = LintRule("FM605", "duplicate-code", .error, "Two channels, brands or businesses share a code, or two contact points print the same code.")
    public static let unknownFlow = LintRule("FM606", "unknown-flow", .error, "A matrix cell names a flow no file declares.")
    public static let unknownReference = LintRule("FM607", "unknown-reference", .error, "A name that the flow map does not declare: business, channel, brand, environment, org unit, role, skill or queue.")
    public static let missingFlowMap = LintRule("FM608", "missing-flow-map", .warning, "Flows were linted without a flow map, so map rules did not run.")

    /// Every rule, in code order.
    public static let all: [LintRule] = [
        .yamlSyntax, .invalidUTF8, .fileTooLarge, .nestingTooDeep, .aliasExpansion, .duplicateKey, .documentShape,
        .unreadableFile,
        .unknownKey, .missingKey, .wrongType, .invalidValue, .duplicateFlow, .duplicateName,
        .undefinedTarget, .duplicateState, .unreachableState, .noPathToEnd, .noExit, .overlappingTransitions,
        .decisionWithoutOtherwise, .unboundedLoop, .endWithExits, .unknownEvent, .unhandledOutcome,
        .expressionSyntax, .undeclaredVariable, .typeMismatch, .unknownFunction, .templateSyntax, .invalidPattern,
        .unusedVariable,
        .channelCapability, .voiceCollectTimeout, .smsTooLong, .collectShape,
        .missingSubflow, .subflowCycle, .subflowBinding, .unknownOperation,
        .blindSpot, .ambiguousContactPoint, .cellMismatch, .unusedFlow, .duplicateCode, .unknownFlow,
        .unknownReference, .missingFlowMap,
    ]
}
