import SiftConfig
import SiftCore
import SiftQuery

/// `date`: parses a field with the first matching of several formats and writes the instant to
/// `target_field`, as Elasticsearch's date processor.
///
/// Options: `field` and `formats` (required); `target_field` (default `@timestamp`); `timezone` for
/// texts without an offset (IANA name or offset, default UTC; also the zone of the output);
/// `output_format` (a Java pattern, default `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`); `locale` (accepted and
/// ignored: month and day names are English). Formats are `ISO8601`, `UNIX` (seconds, with an
/// optional fraction), `UNIX_MS`, `TAI64N`, or Java patterns (`Y` is read as `y`, since log
/// timestamps mean the calendar year). A pattern without a year takes the current year, or the
/// previous one when that would put the date more than a day in the future (December logs read
/// in January), as Logstash does. Precision is milliseconds.
struct DateProcessor: Processor {
    enum Format: Sendable {
        case zoned(ZonedDateFormat)
        /// A pattern compiled with `yyyy ` in front; the year is supplied when parsing.
        case withoutYear(ZonedDateFormat)
        case tai64n
    }

    let field: FieldPath
    let target: FieldPath
    let formats: [Format]
    let timeZone: TimeZoneRules
    let output: ZonedDateFormat
    /// Whether `output` is the default pattern in UTC, which ``Timestamp/iso8601(fractionDigits:)``
    /// writes the same, several times faster.
    let outputIsUTCISO: Bool
    let now: @Sendable () -> Timestamp

    init(options: inout ComponentOptions, environment: ProcessorEnvironment) throws(ConfigError) {
        field = FieldPath(try options.requiredString("field"))
        target = FieldPath(try options.string("target_field") ?? "@timestamp")
        guard let names = try options.stringList("formats"), !names.isEmpty else {
            throw options.error("formats", "required property is missing; give at least one format")
        }
        var formats: [Format] = []
        for (index, name) in names.enumerated() {
            do {
                formats.append(try Self.format(name))
            } catch {
                throw options.error("formats[\(index)]", "invalid date format [\(name)]: \(error.reason)")
            }
        }
        self.formats = formats
        let zoneName = try options.string("timezone") ?? "UTC"
        do {
            timeZone = try TimeZoneRules(zoneName)
        } catch {
            throw options.error("timezone", error.reason)
        }
        let outputPattern = try options.string("output_format") ?? Self.defaultOutput
        do {
            output = try ZonedDateFormat(outputPattern)
        } catch {
            throw options.error("output_format", error.reason)
        }
        _ = try options.string("locale")
        outputIsUTCISO = zoneName == "UTC" && outputPattern == Self.defaultOutput
        now = environment.now
    }

    static let defaultOutput = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"
    /// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: where `yyyy` and ISO 8601 agree.
    private static let fourDigitYears: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

    private static func format(_ name: String) throws(QueryError) -> Format {
        switch name {
        case "ISO8601": return .zoned(try ZonedDateFormat("iso8601"))
        case "UNIX": return .zoned(try ZonedDateFormat("epoch_second"))
        case "UNIX_MS": return .zoned(try ZonedDateFormat("epoch_millis"))
        case "TAI64N": return .tai64n
        default:
            let (pattern, hasYear) = javaPattern(name)
            return hasYear ? .zoned(try ZonedDateFormat(pattern)) : .withoutYear(try ZonedDateFormat("yyyy " + pattern))
        }
    }

    /// The pattern with `Y` replaced by `y` outside quotes, and whether it has a year at all.
    static func javaPattern(_ pattern: String) -> (String, hasYear: Bool) {
        var result = ""
        var quoted = false
        var hasYear = false
        for c in pattern {
            if c == "'" { quoted.toggle() }
            if !quoted && (c == "y" || c == "u" || c == "Y") {
                hasYear = true
                result.append(c == "Y" ? "y" : c)
            } else {
                result.append(c)
            }
        }
        return (result, hasYear)
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        guard let value = document[field], !value.isNull else { throw .missingField(field) }
        let text: String
        switch value {
        case .string(let string): text = string
        case .int, .double: text = value.description
        default: throw ProcessorError("field [\(field)] of type [\(value.typeName)] is not a date")
        }
        guard let millis = parse(text) else { throw ProcessorError("unable to parse date [\(text)]") }
        document.set(target, to: .string(render(millis)))
        return .keep
    }

    /// `millis` in the output format and zone.
    func render(_ millis: Int64) -> String {
        if outputIsUTCISO, Self.fourDigitYears.contains(millis) {
            return Timestamp(epochMillis: millis).iso8601(fractionDigits: 3)
        }
        return output.format(millis, timeZone: timeZone)
    }

    /// UTC epoch millis of `text` by the first format that reads it.
    func parse(_ text: String) -> Int64? {
        for format in formats {
            switch format {
            case .zoned(let zoned):
                if let millis = zoned.parse(text, timeZone: timeZone) { return millis }
            case .withoutYear(let zoned):
                let nowMillis = now().epochMillis
                let local = Timestamp(epochMillis: timeZone.localMillis(fromUTC: nowMillis))
                let year = Timestamp.civil(fromDays: Timestamp.floorDivide(local.seconds, 86_400).quotient).year
                guard let millis = zoned.parse("\(year) " + text, timeZone: timeZone) else { continue }
                if millis > nowMillis + 86_400_000, let previous = zoned.parse("\(year - 1) " + text, timeZone: timeZone) {
                    return previous
                }
                return millis
            case .tai64n:
                if let millis = Self.tai64n(text) { return millis }
            }
        }
        return nil
    }

    /// `@4000000052f88ea32489532c`: 16 hex digits of TAI seconds labelled from 2^62, then 8 of
    /// nanoseconds; TAI runs 10 s ahead of UTC here, as in Elasticsearch.
    static func tai64n(_ text: String) -> Int64? {
        var hex = Substring(text)
        if hex.hasPrefix("@") { hex = hex.dropFirst() }
        guard hex.utf8.count == 24, let label = UInt64(hex.prefix(16), radix: 16), label >= 1 << 62,
              let nanos = UInt64(hex.suffix(8), radix: 16), nanos < 1_000_000_000 else { return nil }
        let seconds = Int64(label - (1 << 62)) - 10
        return seconds * 1000 + Int64(nanos / 1_000_000)
    }
}
