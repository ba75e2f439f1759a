import SiftCore
import Testing

@testable import SiftQuery

private func ms(_ iso: String) -> Int64 {
    guard let timestamp = Timestamp(iso8601: iso) else { fatalError("bad test instant \(iso)") }
    return timestamp.epochMillis
}

private func render(_ spec: String, _ iso: String, _ zone: String = "Z") throws -> String {
    try ZonedDateFormat(spec).format(ms(iso), timeZone: TimeZoneRules(zone))
}

@Suite struct DateRenderingTests {
    @Test func defaultFormatPrintsMillisAndOffset() throws {
        #expect(ZonedDateFormat.defaultDate.format(ms("2024-01-01T00:00:00Z")) == "2024-01-01T00:00:00.000Z")
        #expect(try render("strict_date_optional_time", "2024-01-01T00:00:00Z", "+01:00") == "2024-01-01T01:00:00.000+01:00")
        #expect(try render("strict_date_optional_time", "2024-07-01T12:34:56.789Z", "Europe/Paris") == "2024-07-01T14:34:56.789+02:00")
        #expect(try render("date_optional_time", "2024-01-01T00:00:00Z", "America/New_York") == "2023-12-31T19:00:00.000-05:00")
        #expect(try render("strict_date_time", "2024-01-01T00:00:00Z") == "2024-01-01T00:00:00.000Z")
        #expect(try render("strict_date_optional_time_nanos", "2024-01-01T00:00:00.5Z") == "2024-01-01T00:00:00.500Z")
        #expect(try render("strict_date_time_no_millis", "2024-01-01T00:00:00.5Z", "+05:30") == "2024-01-01T05:30:00+05:30")
    }

    @Test func epochFormats() throws {
        #expect(try render("epoch_millis", "2024-01-01T00:00:00Z") == "1704067200000")
        #expect(try render("epoch_second", "2024-01-01T00:00:00Z") == "1704067200")
        #expect(try render("epoch_second", "2024-01-01T00:00:00.5Z") == "1704067200.5")
        #expect(try render("epoch_millis||strict_date_optional_time", "1969-12-31T23:59:59Z") == "-1000")
        #expect(try render("epoch_second", "1969-12-31T23:59:58.5Z") == "-1.5")
    }

    @Test func namedDateFormats() throws {
        #expect(try render("date", "2024-03-05T23:30:00Z") == "2024-03-05")
        #expect(try render("strict_date", "2024-03-05T23:30:00Z", "+01:00") == "2024-03-06")
        #expect(try render("strict_date_hour_minute_second", "2024-03-05T07:08:09Z") == "2024-03-05T07:08:09")
        #expect(try render("strict_year_month", "2024-03-05T07:08:09Z") == "2024-03")
        #expect(try render("basic_date", "2024-03-05T07:08:09Z") == "20240305")
        #expect(try render("basic_date_time", "2024-03-05T07:08:09.010Z") == "20240305T070809.010Z")
        #expect(try render("hour_minute", "2024-03-05T07:08:09Z") == "07:08")
    }

    @Test func javaPatterns() throws {
        #expect(try render("yyyy/MM/dd HH:mm:ss", "2024-03-05T07:08:09Z") == "2024/03/05 07:08:09")
        #expect(try render("dd MMM yyyy", "2024-03-05T07:08:09Z") == "05 Mar 2024")
        #expect(try render("EEEE, MMMM d, yyyy h:mm a", "2024-01-01T00:05:00Z") == "Monday, January 1, 2024 12:05 AM")
        #expect(try render("EEE HH:mm", "2024-01-06T13:00:00Z") == "Sat 13:00")
        #expect(try render("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-03-05T07:08:09.123Z") == "2024-03-05T07:08:09.123Z")
        #expect(try render("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-03-05T07:08:09.123Z", "-08:00") == "2024-03-04T23:08:09.123-08:00")
        #expect(try render("HH:mm Z", "2024-03-05T07:08:09Z") == "07:08 +0000")
        #expect(try render("HH:mm Z", "2024-03-05T07:08:09Z", "Asia/Kolkata") == "12:38 +0530")
        #expect(try render("HH:mm xxx", "2024-03-05T07:08:09Z") == "07:08 +00:00")
        #expect(try render("HH:mm X", "2024-03-05T07:08:09Z", "+05:30") == "12:38 +0530")
        #expect(try render("HH:mm X", "2024-03-05T07:08:09Z", "+05:00") == "12:08 +05")
        #expect(try render("HH:mm ZZZZ", "2024-03-05T07:08:09Z", "+01:00") == "08:08 GMT+01:00")
        #expect(try render("'day' D 'of' yy, 'it''s' k", "2024-02-01T00:00:00Z") == "day 32 of 24, it's 24")
        #expect(try render("yyyy-MM-dd[ HH:mm]", "2024-02-01T10:20:00Z") == "2024-02-01 10:20")
        #expect(try render("SS S SSSS", "2024-02-01T10:20:00.987Z") == "98 9 9870")
        let farFuture = LocalDateTime(year: 12345, month: 1, day: 1).localMillis
        #expect(try ZonedDateFormat("yyyy").format(farFuture) == "+12345")
    }

    @Test func badPatternsAreErrors() {
        let cases: [(String, String)] = [
            ("yyyy-bb", "Invalid format: [yyyy-bb]: Unknown pattern letter: b"),
            ("yyyy-ww", "Invalid format: [yyyy-ww]: pattern letter [w] is not supported"),
            ("yyyy-MM-dd'T", "Invalid format: [yyyy-MM-dd'T]: Pattern ends with an incomplete string literal: yyyy-MM-dd'T"),
            ("yyyy]", "Invalid format: [yyyy]]: Pattern invalid as it contains ] without previous ["),
            ("ddd", "Invalid format: [ddd]: Too many pattern letters: d"),
            ("week_date", "Invalid format: [week_date]: date format [week_date] is not supported"),
            ("", "Invalid format: []: empty format"),
        ]
        for (spec, reason) in cases {
            #expect(throws: QueryError.malformed(query: "format", reason: reason)) { try ZonedDateFormat(spec) }
        }
    }

    @Test func parsesWhatItPrints() throws {
        let instant = ms("2024-07-01T12:34:56.789Z")
        for spec in ["strict_date_optional_time", "epoch_millis", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "basic_date_time",
                     "EEE, dd MMM yyyy HH:mm:ss.SSS Z", "dd.MM.yyyy hh:mm:ss.SSS a"] {
            for zone in ["Z", "Europe/Paris", "-03:30"] {
                let format = try ZonedDateFormat(spec)
                let rules = try TimeZoneRules(zone)
                let text = format.format(instant, timeZone: rules)
                #expect(format.parse(text, timeZone: rules) == instant, "\(spec) in \(zone): \(text)")
            }
        }
    }

    @Test func parsesInTheZoneUnlessTheTextHasAnOffset() throws {
        let paris = try TimeZoneRules("Europe/Paris")
        let format = ZonedDateFormat.defaultDate
        #expect(format.parse("2024-07-01T10:00:00", timeZone: paris) == ms("2024-07-01T08:00:00Z"))
        #expect(format.parse("2024-01-01T10:00:00", timeZone: paris) == ms("2024-01-01T09:00:00Z"))
        #expect(format.parse("2024-07-01T10:00:00Z", timeZone: paris) == ms("2024-07-01T10:00:00Z"))
        #expect(format.parse("2024-07-01T10:00:00,5-0130", timeZone: paris) == ms("2024-07-01T11:30:00.500Z"))
        #expect(format.parse("2024", timeZone: paris) == ms("2023-12-31T23:00:00Z"))
        #expect(format.parse("1704067200000", timeZone: paris) == ms("2024-01-01T00:00:00Z"))
        #expect(try ZonedDateFormat("dd/MM/yyyy HH:mm").parse("15/03/2024 10:37", timeZone: paris) == ms("2024-03-15T09:37:00Z"))
    }

    @Test func parsingIsStrictWhereElasticsearchIs() throws {
        let strict = ZonedDateFormat.strictDateOptionalTime
        #expect(strict.parse("2024-02-30") == nil)
        #expect(strict.parse("2024-1-5") == nil)
        #expect(strict.parse("2024-01-05T24:00") == nil)
        #expect(strict.parse("2024-01-05 10:00") == nil)
        #expect(try ZonedDateFormat("date_optional_time").parse("2024-1-5") == ms("2024-01-05T00:00:00Z"))
        #expect(try ZonedDateFormat("yyyyMMdd").parse("20240315") == ms("2024-03-15T00:00:00Z"))
        #expect(try ZonedDateFormat("yyyyMMdd").parse("2024031") == nil)
        #expect(try ZonedDateFormat("epoch_second").parse("1704067200.25") == ms("2024-01-01T00:00:00.250Z"))
        #expect(try ZonedDateFormat("epoch_second").parse("1704067200", roundUp: true) == ms("2024-01-01T00:00:00.999Z"))
        #expect(try ZonedDateFormat("MMM d yyyy").parse("mar 5 2024") == ms("2024-03-05T00:00:00Z"))
        #expect(try ZonedDateFormat("yyyy-MM-dd HH:mm||epoch_millis").parse("2024-03-05 07:08") == ms("2024-03-05T07:08:00Z"))
    }
}
