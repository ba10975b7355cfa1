/// A name or title in Chinese, English, or both.
///
/// ```yaml
/// title: 话费查询
/// title: { zh: 话费查询, en: Bill inquiry }
/// ```
public struct LocalizedText: Sendable, Hashable, CustomStringConvertible {
    public var zh: String?
    public var en: String?

    public init(zh: String? = nil, en: String? = nil) {
        self.zh = zh
        self.en = en
    }

    /// Both languages when both are given: `话费查询 (Bill inquiry)`.
    public var description: String {
        switch (zh, en) {
        case let (zh?, en?): "\(zh) (\(en))"
        case let (zh?, nil): zh
        case let (nil, en?): en
        case (nil, nil): ""
        }
    }

    /// The English text when there is one, else the Chinese.
    public var english: String { en ?? zh ?? "" }
    /// The Chinese text when there is one, else the English.
    public var chinese: String { zh ?? en ?? "" }
}
