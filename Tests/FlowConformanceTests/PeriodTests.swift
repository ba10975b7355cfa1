import FlowConformance
import Foundation
import Testing

@Suite struct PeriodTests {
    @Test func daysRoundTripThroughTheCivilCalendar() {
        for number in stride(from: Int32(-800_000), through: 800_000, by: 997) {
            let day = Day(number: number)
            let (year, month, dayOfMonth) = day.civil
            #expect(Day(year: year, month: month, day: dayOfMonth) == day)
        }
        #expect(Day(year: 1970, month: 1, day: 1).number == 0)
        #expect(Day(year: 2026, month: 11, day: 22).description == "2026-11-22")
        #expect(Day(year: 2026, month: 11, day: 22).weekday == 7)  // a Sunday
    }

    @Test(arguments: [
        ("2026-11-22", "2026-W47"), ("2026-11-23", "2026-W48"), ("2021-01-03", "2020-W53"),
        ("2024-12-30", "2025-W01"), ("2027-01-01", "2026-W53"), ("2026-01-01", "2026-W01"),
    ])
    func isoWeeksFollowTheFirstThursday(date: String, week: String) {
        let parts = date.split(separator: "-").map { Int($0)! }
        #expect(Day(year: parts[0], month: parts[1], day: parts[2]).week.description == week)
    }

    @Test func aTimeFallsOnItsLocalDay() {
        var shanghai = PeriodCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        // 2026-11-21 16:30 UTC is 2026-11-22 00:30 in Shanghai.
        let time: Int64 = 1_795_278_600_000
        #expect(shanghai.day(of: time).description == "2026-11-22")
        #expect(shanghai.day(of: time - 3_600_000).description == "2026-11-21")
        var utc = PeriodCalendar()
        #expect(utc.day(of: time).description == "2026-11-21")
        #expect(shanghai.start(of: Day(year: 2026, month: 11, day: 22)) == 1_795_276_800_000)
    }

    @Test func daysAcrossADaylightSavingChangeHaveTheirOwnLength() {
        var berlin = PeriodCalendar(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        let day = Day(year: 2026, month: 10, day: 25)  // clocks go back: a 25-hour day
        let (start, end) = berlin.bounds(of: day)
        #expect(end - start == 25 * 3_600_000)
        #expect(berlin.day(of: start) == day)
        #expect(berlin.day(of: end - 1) == day)
        #expect(berlin.day(of: end) == Day(number: day.number + 1))
    }

    @Test func monthsParseAndStep() {
        #expect(Month("2026-11") == Month(year: 2026, month: 11))
        #expect(Month("2026-13") == nil)
        #expect(Month("26-11") == nil)
        #expect(Month(year: 2026, month: 12).next == Month(year: 2027, month: 1))
        #expect(Month(year: 2026, month: 1).previous.description == "2025-12")
        #expect(Month(year: 2026, month: 11).firstDay.description == "2026-11-01")
    }
}
