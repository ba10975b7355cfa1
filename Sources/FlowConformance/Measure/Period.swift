import Foundation

/// A calendar day in the report's time zone, as a count of days since 1970-01-01.
///
/// Sessions belong to the day, ISO week and month in which their first record was
/// entered (see docs/auditing.md, "Period"). Days are plain integers so that tallies key
/// on them cheaply; `PeriodCalendar` turns times into days and days into names.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let number: Int32

    public init(number: Int32) { self.number = number }

    public init(year: Int, month: Int, day: Int) {
        number = Int32(Self.daysFromCivil(year: year, month: month, day: day))
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }

    /// Year, month (1-12) and day (1-31), proleptic Gregorian.
    public var civil: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = Int(number) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Monday = 1 ... Sunday = 7.
    public var weekday: Int {
        let w = (Int(number) + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    /// `2026-11-22`.
    public var description: String {
        let (year, month, day) = civil
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The ISO week (weeks start on Monday; week 1 holds the year's first Thursday).
    public var week: Week {
        let thursday = Day(number: number - Int32(weekday) + 4)
        let year = thursday.civil.year
        let first = Day(year: year, month: 1, day: 1)
        return Week(year: year, week: Int(thursday.number - first.number) / 7 + 1)
    }

    public var month: Month {
        let (year, month, _) = civil
        return Month(year: year, month: month)
    }
}

/// An ISO week: `2026-W47`.
public struct Week: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let week: Int

    public init(year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    public static func < (lhs: Week, rhs: Week) -> Bool { (lhs.year, lhs.week) < (rhs.year, rhs.week) }
    public var description: String { String(format: "%04d-W%02d", year, week) }
}

/// A calendar month: `2026-11`.
public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// `2026-11`; nil when the text is not a month.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        self.init(year: year, month: month)
    }

    public static func < (lhs: Month, rhs: Month) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
    public var description: String { String(format: "%04d-%02d", year, month) }

    public var firstDay: Day { Day(year: year, month: month, day: 1) }
    public var next: Month { month == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: month + 1) }
    public var previous: Month { month == 1 ? Month(year: year - 1, month: 12) : Month(year: year, month: month - 1) }
}

/// Turns times (milliseconds since 1970) into days of one time zone.
///
/// Logs are read in arrival order, so most times fall on the day of the one before: the
/// day's bounds are kept and a time inside them costs two comparisons. Daylight-saving
/// changes are honoured: each day's bounds come from the zone's offset on that day.
public struct PeriodCalendar: Sendable {
    public let timeZone: TimeZone
    private var cachedDay = Day(number: Int32.min)
    private var cachedStart: Int64 = 1
    private var cachedEnd: Int64 = 0

    public init(timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.timeZone = timeZone
    }

    /// The day `time` falls on.
    public mutating func day(of time: Int64) -> Day {
        if time >= cachedStart, time < cachedEnd { return cachedDay }
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(time) / 1000))) * 1000
        let local = time + offset
        let number = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        let day = Day(number: Int32(number))
        cachedDay = day
        (cachedStart, cachedEnd) = bounds(of: day)
        if !(time >= cachedStart && time < cachedEnd) {
            // A day whose offset changes inside it: do not cache a range that does not hold.
            cachedStart = 1
            cachedEnd = 0
        }
        return day
    }

    /// Milliseconds since 1970 at the start of `day` and of the day after, in this zone.
    public func bounds(of day: Day) -> (start: Int64, end: Int64) {
        (start(of: day), start(of: Day(number: day.number + 1)))
    }

    /// The first millisecond of `day` in this zone.
    public func start(of day: Day) -> Int64 {
        let utcMidnight = Int64(day.number) * 86_400_000
        // The zone's offset at that local midnight (checked once more after the shift).
        var offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utcMidnight) / 1000))) * 1000
        let guess = utcMidnight - offset
        offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess) / 1000))) * 1000
        return utcMidnight - offset
    }
}
