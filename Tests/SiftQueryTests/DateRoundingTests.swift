import SiftCore
import Testing

@testable import SiftQuery

private func ms(_ iso: String) -> Int64 {
    guard let timestamp = Timestamp(iso8601: iso) else { fatalError("bad test instant \(iso)") }
    return timestamp.epochMillis
}

private func calendar(_ unit: DateRounding.CalendarUnit, _ zone: String = "Z", offset: Int64 = 0) throws -> DateRounding {
    DateRounding(interval: .calendar(unit), timeZone: try TimeZoneRules(zone), offsetMillis: offset)
}

private func fixed(_ millis: Int64, _ zone: String = "Z", offset: Int64 = 0) throws -> DateRounding {
    DateRounding(interval: .fixed(millis: millis), timeZone: try TimeZoneRules(zone), offsetMillis: offset)
}

@Suite struct DateRoundingTests {
    @Test func fixedIntervalsInUTC() throws {
        let hour = try fixed(3_600_000)
        #expect(hour.floor(ms("2024-03-15T10:37:12.345Z")) == ms("2024-03-15T10:00:00Z"))
        #expect(hour.next(after: ms("2024-03-15T10:00:00Z")) == ms("2024-03-15T11:00:00Z"))
        #expect(try fixed(30_000).floor(ms("2024-03-15T10:37:42Z")) == ms("2024-03-15T10:37:30Z"))
        #expect(try fixed(3_600_000).floor(ms("1969-12-31T23:30:00Z")) == ms("1969-12-31T23:00:00Z"))
        let sixHourDays = try fixed(86_400_000, offset: 6 * 3_600_000)
        #expect(sixHourDays.floor(ms("2024-01-01T03:00:00Z")) == ms("2023-12-31T06:00:00Z"))
        #expect(sixHourDays.floor(ms("2024-01-01T06:00:00Z")) == ms("2024-01-01T06:00:00Z"))
        // A day in -01:00 starts at 01:00 UTC.
        #expect(try fixed(86_400_000, "-01:00").floor(ms("2024-01-01T00:30:00Z")) == ms("2023-12-31T01:00:00Z"))
    }

    @Test func calendarUnitsInUTC() throws {
        let t = ms("2024-05-17T10:37:12.345Z")  // a Friday
        #expect(try calendar(.second).floor(t) == ms("2024-05-17T10:37:12Z"))
        #expect(try calendar(.minute).floor(t) == ms("2024-05-17T10:37:00Z"))
        #expect(try calendar(.hour).floor(t) == ms("2024-05-17T10:00:00Z"))
        #expect(try calendar(.day).floor(t) == ms("2024-05-17T00:00:00Z"))
        #expect(try calendar(.week).floor(t) == ms("2024-05-13T00:00:00Z"))
        #expect(try calendar(.week).next(after: ms("2024-05-13T00:00:00Z")) == ms("2024-05-20T00:00:00Z"))
        #expect(try calendar(.month).floor(t) == ms("2024-05-01T00:00:00Z"))
        #expect(try calendar(.month).next(after: ms("2024-01-01T00:00:00Z")) == ms("2024-02-01T00:00:00Z"))
        #expect(try calendar(.month).next(after: ms("2024-12-01T00:00:00Z")) == ms("2025-01-01T00:00:00Z"))
        #expect(try calendar(.quarter).floor(t) == ms("2024-04-01T00:00:00Z"))
        #expect(try calendar(.quarter).next(after: ms("2024-10-01T00:00:00Z")) == ms("2025-01-01T00:00:00Z"))
        #expect(try calendar(.year).floor(t) == ms("2024-01-01T00:00:00Z"))
        #expect(try calendar(.year).next(after: ms("2024-01-01T00:00:00Z")) == ms("2025-01-01T00:00:00Z"))
        #expect(try calendar(.week).floor(ms("1970-01-01T00:00:00Z")) == ms("1969-12-29T00:00:00Z"))
        #expect(try calendar(.day, offset: 6 * 3_600_000).floor(t) == ms("2024-05-17T06:00:00Z"))
        #expect(try calendar(.month, "+02:00").floor(t) == ms("2024-04-30T22:00:00Z"))
    }

    @Test func calendarDaysLast23Or25HoursAcrossDST() throws {
        let day = try calendar(.day, "Europe/Paris")
        #expect(day.floor(ms("2024-03-31T12:00:00Z")) == ms("2024-03-30T23:00:00Z"))
        #expect(day.next(after: ms("2024-03-30T23:00:00Z")) == ms("2024-03-31T22:00:00Z"))
        #expect(day.floor(ms("2024-10-27T12:00:00Z")) == ms("2024-10-26T22:00:00Z"))
        #expect(day.next(after: ms("2024-10-26T22:00:00Z")) == ms("2024-10-27T23:00:00Z"))
        let month = try calendar(.month, "America/New_York")
        #expect(month.floor(ms("2024-03-15T12:00:00Z")) == ms("2024-03-01T05:00:00Z"))
        #expect(month.next(after: ms("2024-03-01T05:00:00Z")) == ms("2024-04-01T04:00:00Z"))
        let week = try calendar(.week, "Europe/Paris")
        #expect(week.floor(ms("2024-03-31T12:00:00Z")) == ms("2024-03-24T23:00:00Z"))
        #expect(week.next(after: ms("2024-03-24T23:00:00Z")) == ms("2024-03-31T22:00:00Z"))
    }

    @Test func calendarHoursAcrossTheOverlapAndTheGap() throws {
        let hour = try calendar(.hour, "Europe/Paris")
        // 2024-10-27: local 02:00–03:00 happens twice; each is its own bucket.
        #expect(hour.floor(ms("2024-10-27T00:30:00Z")) == ms("2024-10-27T00:00:00Z"))
        #expect(hour.floor(ms("2024-10-27T01:30:00Z")) == ms("2024-10-27T01:00:00Z"))
        #expect(hour.next(after: ms("2024-10-27T00:00:00Z")) == ms("2024-10-27T01:00:00Z"))
        #expect(hour.next(after: ms("2024-10-27T01:00:00Z")) == ms("2024-10-27T02:00:00Z"))
        // 2024-03-31: local 02:00–03:00 does not exist.
        #expect(hour.floor(ms("2024-03-31T00:30:00Z")) == ms("2024-03-31T00:00:00Z"))
        #expect(hour.floor(ms("2024-03-31T01:30:00Z")) == ms("2024-03-31T01:00:00Z"))
        #expect(hour.next(after: ms("2024-03-31T00:00:00Z")) == ms("2024-03-31T01:00:00Z"))
    }

    @Test func fixedIntervalsInAZoneCountOnTheWallClock() throws {
        let threeHours = try fixed(3 * 3_600_000, "Europe/Paris")
        // Winter: local 00:00, 03:00, … are 23:00Z, 02:00Z, …
        #expect(threeHours.floor(ms("2024-01-15T10:00:00Z")) == ms("2024-01-15T08:00:00Z"))
        // Summer: local 12:00 is 10:00Z.
        #expect(threeHours.floor(ms("2024-07-15T11:00:00Z")) == ms("2024-07-15T10:00:00Z"))
        let fixedDay = try fixed(86_400_000, "Europe/Paris")
        #expect(fixedDay.floor(ms("2024-07-15T11:00:00Z")) == ms("2024-07-14T22:00:00Z"))
    }

    /// Scans minute by minute through DST changes: every key is its own floor, at most the instant,
    /// keys never decrease, and `next(after:)` walks exactly the keys the scan meets.
    @Test(arguments: ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "UTC", "+05:30"])
    func keysAreConsistentAcrossTransitions(zone: String) throws {
        let roundings: [DateRounding] = [
            try calendar(.minute, zone), try calendar(.hour, zone), try calendar(.day, zone),
            try calendar(.week, zone), try calendar(.month, zone), try fixed(90 * 60_000, zone),
            try fixed(86_400_000, zone), try fixed(3_600_000, zone, offset: 1_800_000),
            try calendar(.day, zone, offset: -6 * 3_600_000),
        ]
        let windows = [("2024-03-08T00:00:00Z", "2024-04-09T00:00:00Z"), ("2024-09-28T00:00:00Z", "2024-11-06T00:00:00Z")]
        var failures: [String] = []
        for rounding in roundings {
            for (from, to) in windows {
                let step: Int64 = rounding.interval == .calendar(.minute) ? 60_000 : 7 * 60_000
                let end = ms(to)
                var instant = ms(from)
                var key = rounding.floor(instant)
                while instant < end && failures.count < 5 {
                    let current = rounding.floor(instant)
                    if current > instant { failures.append("\(rounding): floor(\(instant)) = \(current) is later") }
                    if rounding.floor(current) != current { failures.append("\(rounding): key \(current) is not its own floor") }
                    if current != key {
                        if current < key { failures.append("\(rounding): keys went back at \(instant)") }
                        let next = rounding.next(after: key)
                        if next != current { failures.append("\(rounding): next(after: \(key)) = \(next), scan met \(current)") }
                        key = current
                    }
                    instant += step
                }
            }
        }
        #expect(failures == [])
    }

    @Test func cachedRoundingAgreesWithFloor() throws {
        let roundings: [DateRounding] = [
            try calendar(.day, "Europe/Paris"), try calendar(.hour, "America/New_York"), try calendar(.month),
            try fixed(3 * 3_600_000, "Europe/Paris"), try fixed(60_000),
        ]
        var mismatches = 0
        for rounding in roundings {
            var cached = CachedDateRounding(rounding)
            var instant = ms("2024-03-01T00:00:00Z")
            var scrambled: UInt64 = 12_345
            for step in 0..<20_000 {
                // Mostly in order, with a jump back now and then, as segments of logs are.
                instant += 3 * 60_000 + 1
                var probe = instant
                if step % 50 == 0 {
                    scrambled = scrambled &* 6_364_136_223_846_793_005 &+ 1
                    probe -= Int64(scrambled >> 40)
                }
                if cached.floor(probe) != rounding.floor(probe) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func parsesIntervalsLikeElasticsearch() throws {
        #expect(try DateRounding.fixedInterval("30s") == .fixed(millis: 30_000))
        #expect(try DateRounding.fixedInterval("5m") == .fixed(millis: 300_000))
        #expect(try DateRounding.fixedInterval("1d") == .fixed(millis: 86_400_000))
        #expect(try DateRounding.fixedInterval("250ms") == .fixed(millis: 250))
        #expect(try DateRounding.fixedInterval("2H") == .fixed(millis: 7_200_000))
        #expect(try DateRounding.calendarInterval("1M") == .calendar(.month))
        #expect(try DateRounding.calendarInterval("quarter") == .calendar(.quarter))
        #expect(try DateRounding.calendarInterval("1w") == .calendar(.week))
        #expect(try DateRounding.legacyInterval("day") == .calendar(.day))
        #expect(try DateRounding.legacyInterval("90m") == .fixed(millis: 5_400_000))
        #expect(try DateRounding.offset("+6h") == 21_600_000)
        #expect(try DateRounding.offset("-30m") == -1_800_000)
        #expect(try DateRounding.offset("1d") == 86_400_000)
    }

    @Test func rejectsIntervalsElasticsearchRejects() {
        #expect(throws: QueryError.malformed(query: "date_histogram", reason:
            "failed to parse setting [date_histogram.fixedInterval] with value [1M] as a time value: unit is missing or unrecognized")) {
            try DateRounding.fixedInterval("1M")
        }
        #expect(throws: QueryError.malformed(query: "date_histogram", reason:
            "failed to parse [1.5h], fractional time values are not supported")) {
            try DateRounding.fixedInterval("1.5h")
        }
        #expect(throws: QueryError.malformed(query: "date_histogram", reason: "Zero or negative time interval not supported")) {
            try DateRounding.fixedInterval("0s")
        }
        #expect(throws: QueryError.malformed(query: "date_histogram", reason:
            "The supplied interval [2d] could not be parsed as a calendar interval.")) {
            try DateRounding.calendarInterval("2d")
        }
    }
}
