import FlowConformance

/// Times in exports: ISO 8601 in UTC with milliseconds, `2026-11-02T09:00:40.000+00:00`
/// (the `+00:00` form every XES and OCEL reader takes).
enum Timestamp {
    /// `milliseconds` since 1970 as ISO 8601, UTC.
    static func iso(_ milliseconds: Int64) -> String {
        let (days, inDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let dayNumber = inDay < 0 ? days - 1 : days
        let ms = inDay < 0 ? inDay + 86_400_000 : inDay
        let (year, month, day) = Day(number: Int32(truncatingIfNeeded: dayNumber)).civil
        let hours = ms / 3_600_000
        let minutes = ms / 60_000 % 60
        let seconds = ms / 1000 % 60
        let millis = ms % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(Int(hours), 2)):\(pad(Int(minutes), 2)):"
            + "\(pad(Int(seconds), 2)).\(pad(Int(millis), 3))+00:00"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
