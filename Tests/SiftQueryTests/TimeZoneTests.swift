import SiftCore
import Testing

@testable import SiftQuery

/// UTC millis of an RFC 3339 instant, parsed by SiftCore (independent of the code under test).
private func ms(_ iso: String) -> Int64 {
    guard let timestamp = Timestamp(iso8601: iso) else { fatalError("bad test instant \(iso)") }
    return timestamp.epochMillis
}

/// Local millis of a wall-clock time written as if it were UTC.
private func local(_ iso: String) -> Int64 { ms(iso + "Z") }

@Suite struct TimeZoneTests {
    @Test func fixedOffsetsInEveryJavaSpelling() throws {
        let cases: [(String, Int64, String)] = [
            ("Z", 0, "Z"), ("UTC", 0, "Z"), ("GMT", 0, "Z"), ("+01:00", 3_600_000, "+01:00"),
            ("-0800", -28_800_000, "-08:00"), ("+01", 3_600_000, "+01:00"), ("+5", 18_000_000, "+05:00"),
            ("+05:30", 19_800_000, "+05:30"), ("UTC+2", 7_200_000, "+02:00"), ("GMT-03:30", -12_600_000, "-03:30"),
            ("+01:02:03", 3_723_000, "+01:02:03"),
        ]
        for (name, offset, id) in cases {
            let zone = try TimeZoneRules(name)
            #expect(zone.fixedOffsetMillis == offset, "\(name)")
            #expect(zone.id == id, "\(name)")
            #expect(zone.offsetMillis(atUTC: ms("2024-07-01T00:00:00Z")) == offset, "\(name)")
        }
    }

    @Test func unknownZonesAreNamedInTheError() {
        for name in ["Mars/Olympus_Mons", "+25:00", "+1:00", "", "utc+"] {
            #expect(throws: QueryError.malformed(query: "time_zone", reason: "Unknown time-zone ID: \(name)")) {
                try TimeZoneRules(name)
            }
        }
    }

    @Test func ianaZonesFollowDaylightSavingTime() throws {
        let paris = try TimeZoneRules("Europe/Paris")
        #expect(paris.id == "Europe/Paris")
        #expect(paris.fixedOffsetMillis == nil)
        #expect(paris.offsetMillis(atUTC: ms("2024-01-15T12:00:00Z")) == 3_600_000)
        #expect(paris.offsetMillis(atUTC: ms("2024-07-15T12:00:00Z")) == 7_200_000)
        // The transitions themselves: 01:00Z on the last Sundays of March and October.
        #expect(paris.offsetMillis(atUTC: ms("2024-03-31T00:59:59.999Z")) == 3_600_000)
        #expect(paris.offsetMillis(atUTC: ms("2024-03-31T01:00:00Z")) == 7_200_000)
        #expect(paris.offsetMillis(atUTC: ms("2024-10-27T00:59:59.999Z")) == 7_200_000)
        #expect(paris.offsetMillis(atUTC: ms("2024-10-27T01:00:00Z")) == 3_600_000)

        let lordHowe = try TimeZoneRules("Australia/Lord_Howe")  // half-hour DST
        #expect(lordHowe.offsetMillis(atUTC: ms("2024-01-15T12:00:00Z")) == 39_600_000)
        #expect(lordHowe.offsetMillis(atUTC: ms("2024-07-15T12:00:00Z")) == 37_800_000)
    }

    @Test func zonesWithoutTransitionsBecomeFixed() throws {
        let etc = try TimeZoneRules("Etc/GMT+5")  // POSIX sign: five hours behind
        #expect(etc.fixedOffsetMillis == -18_000_000)
    }

    @Test func localToUTCInAGapShiftsForwardByTheGap() throws {
        let paris = try TimeZoneRules("Europe/Paris")
        // 02:30 does not exist on 2024-03-31: java.time reads it as 03:30+02:00.
        #expect(paris.utcMillis(fromLocal: local("2024-03-31T02:30:00")) == ms("2024-03-31T01:30:00Z"))
        #expect(paris.utcMillis(fromLocal: local("2024-03-31T01:59:59.999")) == ms("2024-03-31T00:59:59.999Z"))
        #expect(paris.utcMillis(fromLocal: local("2024-03-31T03:00:00")) == ms("2024-03-31T01:00:00Z"))
        let newYork = try TimeZoneRules("America/New_York")
        #expect(newYork.utcMillis(fromLocal: local("2024-03-10T02:30:00")) == ms("2024-03-10T07:30:00Z"))
    }

    @Test func localToUTCInAnOverlapTakesTheEarlierOffset() throws {
        let paris = try TimeZoneRules("Europe/Paris")
        // 02:30 happens twice on 2024-10-27: first at +02:00, then at +01:00.
        #expect(paris.utcMillis(fromLocal: local("2024-10-27T02:30:00")) == ms("2024-10-27T00:30:00Z"))
        #expect(paris.utcMillis(fromLocal: local("2024-10-27T02:30:00"), preferringOffset: 3_600_000)
            == ms("2024-10-27T01:30:00Z"))
        #expect(paris.utcMillis(fromLocal: local("2024-10-27T03:00:00")) == ms("2024-10-27T02:00:00Z"))
        let newYork = try TimeZoneRules("America/New_York")
        #expect(newYork.utcMillis(fromLocal: local("2024-11-03T01:30:00")) == ms("2024-11-03T05:30:00Z"))
        #expect(newYork.utcMillis(fromLocal: local("2024-11-03T01:30:00"), preferringOffset: -18_000_000)
            == ms("2024-11-03T06:30:00Z"))
    }

    @Test func utcToLocalRoundTripsOutsideTransitions() throws {
        let newYork = try TimeZoneRules("America/New_York")
        var instant = ms("2023-01-01T00:00:00Z")
        while instant < ms("2025-01-01T00:00:00Z") {
            let wall = newYork.localMillis(fromUTC: instant)
            if case .unique = newYork.validOffsets(atLocal: wall) {
                #expect(newYork.utcMillis(fromLocal: wall) == instant)
            }
            instant += 3 * 3_600_000 + 17 * 60_000
        }
    }

    @Test func historicalAndFarFutureOffsets() throws {
        let paris = try TimeZoneRules("Europe/Paris")
        // Paris mean time (+00:09:21) before 1891, and DST rules still running in 2250.
        #expect(paris.offsetMillis(atUTC: ms("1850-06-01T00:00:00Z")) == 561_000)
        #expect(paris.offsetMillis(atUTC: ms("2250-07-01T00:00:00Z")) == 7_200_000)
        #expect(paris.offsetMillis(atUTC: ms("2250-01-01T00:00:00Z")) == 3_600_000)
    }

    @Test func equalityIsByCanonicalName() throws {
        #expect(try TimeZoneRules("UTC") == .utc)
        #expect(try TimeZoneRules("+01:00") == TimeZoneRules("+0100"))
        #expect(try TimeZoneRules("Europe/Paris") != TimeZoneRules("+01:00"))
    }
}
