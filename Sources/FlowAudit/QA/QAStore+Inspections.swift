import FlowConformance
import Foundation
import GRDB

extension QAStore {
    /// Records an inspection and returns it numbered. A `fail` needs a reason code; a
    /// correction (`supersedes`) must name an inspection of the same session and step that
    /// nothing supersedes yet. Nothing is written when any of that fails.
    @discardableResult
    public func record(_ new: NewInspection) throws -> Inspection {
        guard !new.session.isEmpty else { throw QAError.emptyField("the session id") }
        guard !new.inspector.isEmpty else { throw QAError.emptyField("the inspector id (--inspector)") }
        if new.verdict == .fail, (new.reason ?? "").isEmpty { throw QAError.reasonRequired(session: new.session) }
        if let step = new.step, step < 1 { throw QAError.refused("step \(step): steps are numbered from 1") }
        return try write { db in
            if let id = new.supersedes {
                guard let old = try Inspection.fetchOne(db, sql: "SELECT * FROM inspections WHERE id = ?", arguments: [id]) else {
                    throw QAError.unknownInspection(id)
                }
                guard old.session == new.session else {
                    throw QAError.supersedesOtherSession(id: id, session: old.session, given: new.session)
                }
                guard old.step == new.step else { throw QAError.supersedesOtherStep(id: id, step: old.step, given: new.step) }
                if let later = try Int64.fetchOne(db, sql: "SELECT id FROM inspections WHERE supersedes = ?", arguments: [id]) {
                    throw QAError.alreadySuperseded(id: id, by: later)
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO inspections (session, step, verdict, reason, note, inspector, inspected_at, supersedes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    new.session, new.step, new.verdict.rawValue, new.reason, new.note, new.inspector, new.inspectedAt,
                    new.supersedes,
                ])
            return Inspection(
                id: db.lastInsertedRowID, session: new.session, step: new.step, verdict: new.verdict, reason: new.reason,
                note: new.note, inspector: new.inspector, inspectedAt: new.inspectedAt, supersedes: new.supersedes)
        }
    }

    /// Inspections, oldest first: all, one session's, or those of a campaign's sessions.
    public func inspections(session: String? = nil, campaign: String? = nil) throws -> [Inspection] {
        try read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let session {
                conditions.append("session = ?")
                arguments += [session]
            }
            if let campaign {
                guard let found = try Campaign.fetchOne(db, sql: "SELECT * FROM campaigns WHERE name = ?", arguments: [campaign])
                else { throw QAError.unknownCampaign(campaign) }
                conditions.append("session IN (SELECT session FROM samples WHERE campaign = ?)")
                arguments += [found.id]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Inspection.fetchAll(
                db, sql: "SELECT * FROM inspections \(filter) ORDER BY inspected_at, id", arguments: arguments)
        }
    }

    /// The id of the inspection that supersedes each superseded one.
    public func supersededBy() throws -> [Int64: Int64] {
        try read { db in
            var result: [Int64: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, supersedes FROM inspections WHERE supersedes IS NOT NULL")
            while let row = try rows.next() { result[row[1]] = row[0] }
            return result
        }
    }

    /// Each inspected session's current verdict (docs/auditing.md, "Inspections"): its
    /// latest session-level inspection that no other supersedes (latest by time, then by
    /// the order they were entered).
    public func currentVerdicts() throws -> [String: InspectionVerdict] {
        try read { db in
            var verdicts: [String: InspectionVerdict] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT i.session, i.verdict FROM inspections i
                    WHERE i.step IS NULL AND NOT EXISTS (SELECT 1 FROM inspections s WHERE s.supersedes = i.id)
                    ORDER BY i.inspected_at, i.id
                    """)
            while let row = try rows.next() {
                let session: String = row[0]
                let text: String = row[1]
                verdicts[session] = InspectionVerdict(rawValue: text)
            }
            return verdicts
        }
    }

    /// The current verdicts of the QA store beside a session store; none when it has no QA
    /// store yet. For `audit measure` and the report.
    public static func currentVerdicts(besideStore storePath: String) throws -> [String: InspectionVerdict] {
        let path = path(besideStore: storePath)
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        return try QAStore(path: path, readOnly: true).currentVerdicts()
    }
}
