import SiftCore
import SiftTestSupport
import Testing

@Suite struct TimestampTests {
    /// Expected values computed independently with Python's `datetime`.
    static let vectors: [(String, Int64)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-01T00:00:00.001Z", 1),
        ("1969-12-31T23:59:59.999Z", -1),
        ("1969-12-31T23:59:59Z", -1000),
        ("1969-07-20T20:17:40Z", -14_182_940_000),
        ("2000-01-01T00:00:00Z", 946_684_800_000),
        ("2000-02-29T12:00:00Z", 951_825_600_000),
        ("2038-01-19T03:14:07Z", 2_147_483_647_000),
        ("2038-01-19T03:14:08Z", 2_147_483_648_000),
        ("2024-03-04T00:00:00.446Z", 1_709_510_400_446),
        ("2024-02-29T23:59:59.999Z", 1_709_251_199_999),
        ("2019-01-18T08:55:08,159+0100", 1_547_798_108_159),
        ("2023-06-19T15:18:47.298+00:00", 1_687_187_927_298),
        ("2022-01-27T11:48:45.809Z", 1_643_284_125_809),
        ("2024-03-04T05:06:07.089", 1_709_528_767_089),
        ("2024-03-04 05:06:07.089", 1_709_528_767_089),
        ("2024-03-04t05:06:07.089z", 1_709_528_767_089),
        ("2024-03-04", 1_709_510_400_000),
        ("2024-03-04T05:06", 1_709_528_760_000),
        ("2024-03-04T05:06:07+05", 1_709_510_767_000),
        ("2024-03-04T05:06:07+05:00", 1_709_510_767_000),
        ("2024-03-04T01:30:00+02:00", 1_709_508_600_000),  // previous day in UTC
        ("2024-03-03T22:30:00-07:00", 1_709_530_200_000),  // next day in UTC
        ("2024-12-31T23:00:00-01:00", 1_735_689_600_000),  // next year in UTC
        ("1960-06-15T12:00:00-05:00", -301_215_600_000),
        ("1900-03-01T00:00:00Z", -2_203_891_200_000),
        ("1600-02-29T00:00:00Z", -11_670_998_400_000),
        ("2100-03-01T00:00:00Z", 4_107_542_400_000),
        ("2400-02-29T00:00:00Z", 13_574_563_200_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000),
        ("9999-12-31T23:59:59Z", 253_402_300_799_000),
    ]

    @Test(arguments: vectors)
    func parsesKnownInstants(_ text: String, _ millis: Int64) throws {
        let timestamp = try #require(Timestamp(iso8601: text))
        #expect(timestamp.epochMillis == millis)
        #expect(Timestamp(iso8601: Array(text.utf8)) == timestamp)
        #expect(Timestamp(iso8601: text.utf8.lazy.map { $0 }) == timestamp)  // non-contiguous collection
    }

    static let invalid = [
        "", "2024", "2024-03", "24-03-04", "2024-3-4", "2024/03/04", " 2024-03-04", "2024-03-04 ",
        "2023-02-29", "1900-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
        "2024-03-04T", "2024-03-04X05:06:07", "2024-03-04T5:06:07", "2024-03-04T05", "2024-03-04T05:06:0",
        "2024-03-04T24:00:00Z", "2024-03-04T23:60:00Z", "2024-03-04T23:59:60Z", "2024-03-04T00:00:00.Z",
        "2024-03-04T00:00:00.1234567890Z", "2024-03-04T00:00:00ZZ", "2024-03-04T00:00:00+1",
        "2024-03-04T00:00:00+01:0", "2024-03-04T00:00:00+24:00", "2024-03-04T00:00:00+01:60",
        "2024-03-04T00:00:00 Z", "2024-03-04Z", "2024-03-04T00:00:00UTC", "２０２４-03-04",
    ]

    @Test(arguments: invalid)
    func rejectsMalformedOrImpossibleDates(_ text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func fractionKeepsNanoseconds() throws {
        let nine = try #require(Timestamp(iso8601: "2024-03-04T00:00:00.123456789Z"))
        #expect(nine.seconds == 1_709_510_400 && nine.nanoseconds == 123_456_789)
        let one = try #require(Timestamp(iso8601: "2024-03-04T00:00:00.5Z"))
        #expect(one.nanoseconds == 500_000_000)
        let beforeEpoch = try #require(Timestamp(iso8601: "1969-12-31T23:59:59.000000001Z"))
        #expect(beforeEpoch.seconds == -1 && beforeEpoch.nanoseconds == 1)
        #expect(beforeEpoch.epochMillis == -1000)  // -999.999999 ms, rounded down
    }

    @Test func defaultOffsetAppliesOnlyToZonelessInput() throws {
        let local = try #require(Timestamp(iso8601: "2024-03-04T01:00:00", defaultUTCOffsetSeconds: 3600))
        #expect(local == Timestamp(iso8601: "2024-03-04T00:00:00Z"))
        let dateOnly = try #require(Timestamp(iso8601: "2024-03-04", defaultUTCOffsetSeconds: -7 * 3600))
        #expect(dateOnly.iso8601() == "2024-03-04T07:00:00.000Z")
        let explicit = Timestamp(iso8601: Array("2024-03-04T01:00:00Z".utf8), defaultUTCOffsetSeconds: 3600)
        #expect(explicit?.epochMillis == 1_709_514_000_000)
    }

    @Test func epochMillisRoundsDownAndRoundTrips() {
        #expect(Timestamp(epochMillis: -1).seconds == -1)
        #expect(Timestamp(epochMillis: -1).nanoseconds == 999_000_000)
        #expect(Timestamp(epochMillis: -1000) == Timestamp(seconds: -1))
        #expect(Timestamp(seconds: -1, nanoseconds: 999_999_999).epochMillis == -1)
        #expect(Timestamp(seconds: 0, nanoseconds: 999_999).epochMillis == 0)
        for millis: Int64 in [.min, .min + 1, -1_001, -999, 0, 999, 1_709_510_400_446, .max] {
            #expect(Timestamp(epochMillis: millis).epochMillis == millis)
        }
        #expect(Timestamp(seconds: .max).epochMillis == .max)
        #expect(Timestamp(seconds: .min).epochMillis == .min)
    }

    @Test func epochMillisStrings() {
        #expect(Timestamp(epochMillisString: "1709510400446")?.epochMillis == 1_709_510_400_446)
        #expect(Timestamp(epochMillisString: "-1")?.epochMillis == -1)
        #expect(Timestamp(epochMillisString: "0")?.epochMillis == 0)
        #expect(Timestamp(epochMillisString: "9223372036854775807")?.epochMillis == .max)
        #expect(Timestamp(epochMillisString: "-9223372036854775808")?.epochMillis == .min)
        for bad in ["", "-", "+1", "12a", "1.5", " 1", "9223372036854775808", "-9223372036854775809"] {
            #expect(Timestamp(epochMillisString: bad) == nil, "\(bad)")
        }
    }

    @Test func formatsUTCWithChosenFractionDigits() throws {
        let t = try #require(Timestamp(iso8601: "2024-03-04T05:06:07.123456789+01:00"))
        #expect(t.iso8601() == "2024-03-04T04:06:07.123Z")
        #expect(t.iso8601(fractionDigits: 0) == "2024-03-04T04:06:07Z")
        #expect(t.iso8601(fractionDigits: 1) == "2024-03-04T04:06:07.1Z")
        #expect(t.iso8601(fractionDigits: 6) == "2024-03-04T04:06:07.123456Z")
        #expect(t.iso8601(fractionDigits: 9) == "2024-03-04T04:06:07.123456789Z")
        #expect(t.description == "2024-03-04T04:06:07.123456789Z")
        #expect(Timestamp(epochMillis: -1).iso8601() == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(epochMillis: 0).description == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(epochMillis: -62_135_596_800_000).iso8601(fractionDigits: 0) == "0001-01-01T00:00:00Z")
        #expect(Timestamp(epochMillis: 253_402_300_800_000).iso8601(fractionDigits: 0) == "+10000-01-01T00:00:00Z")
        #expect(Timestamp(epochMillis: -62_167_219_200_001).iso8601() == "-0001-12-31T23:59:59.999Z")
    }

    /// Walks every day from 1699 to 2101 (three non-leap centuries and 2000) and checks the
    /// date arithmetic against a naive calendar.
    @Test func everyDayMatchesANaiveCalendar() throws {
        var (year, month, day) = (1699, 1, 1)
        var timestamp = try #require(Timestamp(iso8601: "1699-01-01"))
        while year <= 2101 {
            let text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
            #expect(timestamp.iso8601(fractionDigits: 0) == text + "T00:00:00Z")
            #expect(Timestamp(iso8601: text) == timestamp)
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let length = month == 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
            day += 1
            if day > length { (day, month) = (1, month + 1) }
            if month > 12 { (month, year) = (1, year + 1) }
            timestamp = Timestamp(seconds: timestamp.seconds + 86_400)
        }
    }

    @Test func formattedTextParsesBack() throws {
        var random = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let millis = Int64(random.next() % 400_000_000_000_000) - 62_135_596_800_000  // years 0001…~12000
            let t = Timestamp(epochMillis: millis)
            guard millis < 253_402_300_800_000 else { continue }
            #expect(Timestamp(iso8601: t.iso8601()) == t)
        }
    }

    @Test func ordersByInstant() throws {
        let texts = ["2024-03-04T00:00:00.002Z", "1969-12-31T23:59:59.999Z", "2024-03-04T00:00:00.001Z", "1970-01-01"]
        let sorted = try texts.map { try #require(Timestamp(iso8601: $0)) }.sorted()
        #expect(sorted.map(\.epochMillis) == [-1, 0, 1_709_510_400_001, 1_709_510_400_002])
        #expect(Timestamp(seconds: 1, nanoseconds: 5) < Timestamp(seconds: 1, nanoseconds: 6))
        #expect(Timestamp(seconds: -2, nanoseconds: 999_999_999) < Timestamp(seconds: -1))
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
