import FlowConformance

/// Writes IEEE 1849-2016 XES: one trace per segment, its events the segment's moves
/// labelled `s->t` (docs/auditing.md, "Fitness"), so that a process-mining tool replaying
/// the export on `flowmap audit net --format pnml` computes the fitness we do.
///
/// Each event carries `concept:name` (the label), `time:timestamp` (when the move was
/// made), `lifecycle:transition` (`complete`), and, when a person made it, `org:resource`
/// (the agent), `org:role` and `org:group` (the org unit); plus `flowmap:sequence`,
/// `flowmap:trigger` and, when there is one, `flowmap:reason`. A trace is named by its
/// session (`S1`), or `S1/2` for the second segment of S1 (a subflow call).
///
/// Each event also carries `flowmap:hash` and `flowmap:previous-hash`: its record's place in
/// the log's hash chain (64 hex digits), as attributes of our own prefix, which XES allows
/// beside those of declared extensions.
struct XESWriter: LogWriter {
    let output: ExportOutput
    let catalog: NetCatalog
    /// The stored records, for their hashes.
    let stored: StoredRecords
    /// The flow versions whose segments become traces; nil for all.
    let programs: Set<Int32>?
    private var segmenter = Segmenter()
    private var segments: [Segment] = []
    private(set) var traces = 0
    private(set) var events = 0

    init(output: ExportOutput, catalog: NetCatalog, programs: Set<Int32>?, stored: StoredRecords) {
        self.output = output
        self.catalog = catalog
        self.stored = stored
        self.programs = programs
    }

    mutating func begin() throws {
        try output.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
              <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
              <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
              <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
              <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
              <global scope="trace">
                <string key="concept:name" value="__INVALID__"/>
              </global>
              <global scope="event">
                <string key="concept:name" value="__INVALID__"/>
                <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
                <string key="lifecycle:transition" value="complete"/>
              </global>
              <classifier name="Move" keys="concept:name"/>
              <string key="concept:name" value="flowmap traversal log"/>

            """)
    }

    mutating func write(_ trace: SessionTrace) throws {
        segmenter.split(trace.steps, catalog: catalog, into: &segments)
        let vocabulary = catalog.vocabulary
        // Read only for a session with a segment exported.
        var storedRecords: [StoredRecord]?
        for (position, segment) in segments.enumerated() {
            if let programs, !programs.contains(segment.program) { continue }
            if storedRecords == nil { storedRecords = try stored.records(of: trace) }
            let net = catalog.net(segment.program)
            let name = position == 0 ? trace.session : "\(trace.session)/\(position + 1)"
            var text = "  <trace>\n"
            text += "    <string key=\"concept:name\" value=\"\(Escaping.xml(name))\"/>\n"
            text += "    <string key=\"flowmap:session\" value=\"\(Escaping.xml(trace.session))\"/>\n"
            text += "    <string key=\"flowmap:flow\" value=\"\(Escaping.xml(net.flow))\"/>\n"
            text += "    <string key=\"flowmap:version\" value=\"\(Escaping.xml(net.version))\"/>\n"
            text += "    <int key=\"flowmap:depth\" value=\"\(segment.depth)\"/>\n"
            text += "    <string key=\"flowmap:contact-point\" value=\"\(Escaping.xml(vocabulary.name(trace.contactPoint) ?? ""))\"/>\n"
            text += "    <boolean key=\"flowmap:reached-end\" value=\"\(segment.reachedEnd)\"/>\n"
            for index in trace.eventIndices(of: segment) {
                let step = trace.steps[index]
                let label = net.stateNames[Int(step.from)] + "->" + net.stateNames[Int(step.to)]
                text += "    <event>\n"
                text += "      <string key=\"concept:name\" value=\"\(Escaping.xml(label))\"/>\n"
                text += "      <date key=\"time:timestamp\" value=\"\(Timestamp.iso(step.leftAt))\"/>\n"
                text += "      <string key=\"lifecycle:transition\" value=\"complete\"/>\n"
                if let actor = vocabulary.name(step.actor) {
                    text += "      <string key=\"org:resource\" value=\"\(Escaping.xml(actor))\"/>\n"
                }
                if let role = vocabulary.name(step.role) {
                    text += "      <string key=\"org:role\" value=\"\(Escaping.xml(role))\"/>\n"
                }
                if let unit = vocabulary.name(step.orgUnit) {
                    text += "      <string key=\"org:group\" value=\"\(Escaping.xml(unit))\"/>\n"
                }
                text += "      <int key=\"flowmap:sequence\" value=\"\(step.sequence)\"/>\n"
                text += "      <string key=\"flowmap:trigger\" value=\"\(step.trigger.rawValue)\"/>\n"
                if let reason = vocabulary.name(step.reason) {
                    text += "      <string key=\"flowmap:reason\" value=\"\(Escaping.xml(reason))\"/>\n"
                }
                text += "      <string key=\"flowmap:hash\" value=\"\(storedRecords![index].hash)\"/>\n"
                text += "      <string key=\"flowmap:previous-hash\" value=\"\(storedRecords![index].previousHash)\"/>\n"
                text += "    </event>\n"
                events += 1
            }
            text += "  </trace>\n"
            traces += 1
            try output.write(text)
        }
    }

    mutating func finish() throws {
        try output.write("</log>\n")
    }
}
