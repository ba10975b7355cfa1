extension FlowNet {
    /// The net as PNML (the 2009 place/transition grammar), so that process-mining tools
    /// load the same net the measures use.
    ///
    /// Places are `p0`... in state order, then `sink`; visible transitions `t0`... in move
    /// order, named with their labels (`ask->resolve`); the silent `τe` transitions are
    /// `tau0`... and carry ProM's `$invisible$` marker, which pm4py's and ProM's importers
    /// read as silent (a transition without a name would import as visible, labelled
    /// with its id). The initial marking is one token on the start state, the final
    /// marking (`<finalmarkings>`, read by pm4py) one token on `sink`.
    public func pnml() -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <pnml>
              <net id="\(Self.escape(flow))" type="http://www.pnml.org/version-2009/grammar/ptnet">
                <name><text>\(Self.escape(flow)) \(Self.escape(version))</text></name>
                <page id="page0">

            """
        for (index, name) in stateNames.enumerated() {
            out += "      <place id=\"p\(index)\"><name><text>\(Self.escape(name))</text></name>"
            if index == Int(start) { out += "<initialMarking><text>1</text></initialMarking>" }
            out += "</place>\n"
        }
        out += "      <place id=\"sink\"><name><text>sink</text></name></place>\n"
        for move in 0..<moveCount {
            out += "      <transition id=\"t\(move)\"><name><text>\(Self.escape(label(ofMove: Int32(move))))</text></name></transition>\n"
        }
        for (index, end) in endStates.enumerated() {
            out += "      <transition id=\"tau\(index)\"><name><text>τ\(Self.escape(stateNames[Int(end)]))</text></name>"
            out += "<toolspecific tool=\"ProM\" version=\"6.4\" activity=\"$invisible$\" localNodeID=\"tau-\(index)\"/></transition>\n"
        }
        var arc = 0
        func addArc(_ source: String, _ target: String) {
            out += "      <arc id=\"a\(arc)\" source=\"\(source)\" target=\"\(target)\"/>\n"
            arc += 1
        }
        for move in 0..<moveCount {
            addArc("p\(moveFrom[move])", "t\(move)")
            addArc("t\(move)", "p\(moveTo[move])")
        }
        for (index, end) in endStates.enumerated() {
            addArc("p\(end)", "tau\(index)")
            addArc("tau\(index)", "sink")
        }
        out += """
                </page>
                <finalmarkings>
                  <marking>
                    <place idref="sink"><text>1</text></place>
                  </marking>
                </finalmarkings>
              </net>
            </pnml>

            """
        return out
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
