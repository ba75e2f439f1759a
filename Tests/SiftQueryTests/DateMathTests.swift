import SiftCore
import Testing

@testable import SiftQuery

private func ms(_ iso: String) -> Int64 {
    guard let timestamp = Timestamp(iso8601: iso) else { fatalError("bad test instant \(iso)") }
    return timestamp.epochMillis
}

/// Friday 2024-03-15T10:37:12.345Z.
private let now = ms("2024-03-15T10:37:12.345Z")

private func resolve(_ expression: String, roundUp: Bool = false, zone: TimeZoneRules = .utc,
                     now: Int64 = now) throws -> Int64 {
    try DateMath.resolve(expression, now: now, roundUp: roundUp, timeZone: zone)
}

@Suite struct DateMathTests {
    @Test func nowAndArithmetic() throws {
        #expect(try resolve("now") == now)
        #expect(try resolve("now-15m") == ms("2024-03-15T10:22:12.345Z"))
        #expect(try resolve("now+d") == ms("2024-03-16T10:37:12.345Z"))
        #expect(try resolve("now+1y-2M+3w-4d+5h-6m+7s") == ms("2025-02-01T15:31:19.345Z"))
        #expect(try resolve("now-1H") == ms("2024-03-15T09:37:12.345Z"))
    }

    @Test func roundingDownAndUp() throws {
        #expect(try resolve("now-1d/d") == ms("2024-03-14T00:00:00Z"))
        #expect(try resolve("now-1d/d", roundUp: true) == ms("2024-03-14T23:59:59.999Z"))
        #expect(try resolve("now/M+1d") == ms("2024-03-02T00:00:00Z"))
        #expect(try resolve("now/M+1d", roundUp: true) == ms("2024-04-01T23:59:59.999Z"))
        #expect(try resolve("now/w") == ms("2024-03-11T00:00:00Z"))
        #expect(try resolve("now/w", roundUp: true) == ms("2024-03-17T23:59:59.999Z"))
        #expect(try resolve("now/y") == ms("2024-01-01T00:00:00Z"))
        #expect(try resolve("now/y", roundUp: true) == ms("2024-12-31T23:59:59.999Z"))
        #expect(try resolve("now/h") == ms("2024-03-15T10:00:00Z"))
        #expect(try resolve("now/m", roundUp: true) == ms("2024-03-15T10:37:59.999Z"))
        #expect(try resolve("now/s") == ms("2024-03-15T10:37:12Z"))
        #expect(try resolve("now/1d") == ms("2024-03-15T00:00:00Z"))
    }

    @Test func anchoredDates() throws {
        #expect(try resolve("2024-01-01||+1M/d") == ms("2024-02-01T00:00:00Z"))
        #expect(try resolve("2024-01-01||+1M/d", roundUp: true) == ms("2024-02-01T23:59:59.999Z"))
        #expect(try resolve("2024-01-31||+1M") == ms("2024-02-29T00:00:00Z"))
        #expect(try resolve("2024-02-29||+1y") == ms("2025-02-28T00:00:00Z"))
        #expect(try resolve("1704067200000||-1s") == ms("2023-12-31T23:59:59Z"))
        // The anchor before `||` is never rounded up.
        #expect(try resolve("2024-01-01||", roundUp: true) == ms("2024-01-01T00:00:00Z"))
    }

    @Test func plainDatesFillMissingFieldsWhenRoundingUp() throws {
        #expect(try resolve("2024-01-01") == ms("2024-01-01T00:00:00Z"))
        #expect(try resolve("2024-01-01", roundUp: true) == ms("2024-01-01T23:59:59.999Z"))
        #expect(try resolve("2024-03", roundUp: true) == ms("2024-03-01T23:59:59.999Z"))
        #expect(try resolve("2024-01-01T10", roundUp: true) == ms("2024-01-01T10:59:59.999Z"))
        #expect(try resolve("2024-01-01T10:30:00", roundUp: true) == ms("2024-01-01T10:30:00.999Z"))
        #expect(try resolve("2024-01-01T10:30:00.5", roundUp: true) == ms("2024-01-01T10:30:00.500Z"))
        #expect(try resolve("1704067200000", roundUp: true) == ms("2024-01-01T00:00:00Z"))
    }

    @Test func daysFollowTheWallClockOfTheZone() throws {
        let paris = try TimeZoneRules("Europe/Paris")
        let sunday = ms("2024-03-31T12:00:00Z")  // 14:00 CEST, on a 23-hour day
        #expect(try resolve("now/d", zone: paris, now: sunday) == ms("2024-03-30T23:00:00Z"))
        #expect(try resolve("now/d", roundUp: true, zone: paris, now: sunday) == ms("2024-03-31T21:59:59.999Z"))
        #expect(try resolve("now-1d", zone: paris, now: sunday) == ms("2024-03-30T13:00:00Z"))
        #expect(try resolve("now-24h", zone: paris, now: sunday) == ms("2024-03-30T12:00:00Z"))
        #expect(try resolve("2024-07-01||/d", zone: paris) == ms("2024-06-30T22:00:00Z"))
        #expect(try resolve("2024-07-01T12:00:00Z||/d", zone: paris) == ms("2024-06-30T22:00:00Z"))
        #expect(try resolve("2024-07-01", roundUp: true, zone: paris) == ms("2024-07-01T21:59:59.999Z"))
        let plusFive = try TimeZoneRules("+05:00")
        #expect(try resolve("now/d", zone: plusFive) == ms("2024-03-14T19:00:00Z"))
    }

    @Test func callerSuppliedAnchorParser() throws {
        let resolved = try DateMath.resolve("yesterday||+1d/d", now: 0, roundUp: true) { text in
            text == "yesterday" ? ms("2024-03-14T08:00:00Z") : nil
        }
        #expect(resolved == ms("2024-03-15T23:59:59.999Z"))
    }

    @Test func errorsNameTheExpression() {
        let cases: [(String, String)] = [
            ("now+1x", "failed to parse date field [now+1x]: unit [x] not supported for date math [+1x]"),
            ("now*2d", "failed to parse date field [now*2d]: operator not supported for date math [*2d]"),
            ("now+", "failed to parse date field [now+]: truncated date math [+]"),
            ("now-15", "failed to parse date field [now-15]: truncated date math [-15]"),
            ("now/2d", "failed to parse date field [now/2d]: rounding `/` can only be used on single unit types [/2d]"),
            ("yesterday", "failed to parse date field [yesterday] with format [strict_date_optional_time||epoch_millis]"),
            ("2024-13-01||+1d", "failed to parse date field [2024-13-01||+1d] with format [strict_date_optional_time||epoch_millis]"),
        ]
        for (expression, reason) in cases {
            #expect(throws: QueryError.malformed(query: "date_math", reason: reason)) {
                try resolve(expression)
            }
        }
    }
}
