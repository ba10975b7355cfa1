import FlowAudit

/// `GET /v1/audit/traversals`: one page of finished sessions, in the order they ended.
public struct TraversalPage: Sendable, Hashable, Encodable {
    /// One line per session, as `flowmap audit traversals --format json` lists them.
    public var traversals: [TraversalLine]
    /// Give as `cursor` for the next page; absent on the last page.
    public var next: String?
    public var limit: Int
    /// The log's records the page's reader threads read: from where the scan began (the
    /// log's start, or where the page before stopped) to a little past the page's last
    /// session (what they read ahead), or to the log's end on the last page. About a page's
    /// worth at any depth.
    public var recordsRead: Int
}

/// `GET /v1/audit/sessions/{id}`: a session's path (`flowmap audit session ID --format
/// json`) and its customer, masked unless the key holds the `pii-reader` grant.
public struct AuditSessionAnswer: Sendable, Hashable, Encodable {
    public var path: SessionPath
    public var customer: String?

    private enum Key: String, CodingKey { case customer }

    /// The path's fields, with `customer` beside them.
    public func encode(to encoder: any Encoder) throws {
        try path.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(customer, forKey: .customer)
    }
}
