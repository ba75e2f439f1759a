import SiftCore
/// An Elasticsearch date `format`: one or more named formats or Java `DateTimeFormatter` patterns
/// joined by `||`, e.g. `strict_date_optional_time||epoch_millis` or `yyyy-MM-dd HH:mm:ss`.
///
/// Parsing tries each alternative in order; printing (for `key_as_string` and `value_as_string`)
/// uses the first. Supported: `epoch_millis`, `epoch_second`, the ISO family
/// (`strict_date_optional_time`, `date_optional_time`, `strict_date_optional_time_nanos`,
/// `iso8601`, `strict_date_time`, `date_time`, `*_no_millis`, `strict_date`, `date`,
/// `strict_date_hour_minute_second`, `strict_year_month`, `basic_date`, `basic_date_time`, …, each
/// with and without `strict_`), and patterns with the letters `y u M L d D H k K h m s S a E X x Z`,
/// `'quoted text'` and `[optional sections]`. Month and weekday names are English (`Locale.ROOT`).
package struct ZonedDateFormat: Sendable, Hashable, CustomStringConvertible {
    /// `strict_date_optional_time||epoch_millis`: a `date` field's default format.
    package static let defaultDate = ZonedDateFormat(
        spec: "strict_date_optional_time||epoch_millis", alternatives: [isoOptionalTime(strict: true), .epochMillis])

    /// `strict_date_optional_time`: what Elasticsearch prints dates with by default.
    package static let strictDateOptionalTime = ZonedDateFormat(
        spec: "strict_date_optional_time", alternatives: [isoOptionalTime(strict: true)])

    /// The format as written.
    package let spec: String
    let alternatives: [Alternative]

    private init(spec: String, alternatives: [Alternative]) {
        self.spec = spec
        self.alternatives = alternatives
    }

    /// Compiles a `format` parameter.
    ///
    /// - Throws: `QueryError.malformed` naming the format when a pattern has an unknown or
    ///   unsupported letter, an unclosed quote or bracket, or names a format Sift does not support.
    package init(_ spec: String) throws(QueryError) {
        var alternatives: [Alternative] = []
        for part in spec.split(separator: "||", omittingEmptySubsequences: false) {
            let name = String(part)
            if let named = Self.named(name) {
                alternatives.append(named)
            } else if Self.unsupportedNames.contains(name.hasPrefix("strict_") ? String(name.dropFirst(7)) : name) {
                throw .malformed(query: "format", reason: "Invalid format: [\(spec)]: date format [\(name)] is not supported")
            } else {
                do {
                    alternatives.append(.pattern(parser: try DatePattern(name), printer: nil))
                } catch {
                    throw .malformed(query: "format", reason: "Invalid format: [\(spec)]: \(error.message)")
                }
            }
        }
        guard !spec.isEmpty else { throw .malformed(query: "format", reason: "Invalid format: []: empty format") }
        self.init(spec: spec, alternatives: alternatives)
    }

    package var description: String { spec }

    package static func == (lhs: ZonedDateFormat, rhs: ZonedDateFormat) -> Bool { lhs.spec == rhs.spec }
    package func hash(into hasher: inout Hasher) { hasher.combine(spec) }

    /// One `||`-separated part.
    enum Alternative: Sendable {
        case epochMillis
        case epochSecond
        /// Parses with `parser`; prints with `printer`, or `parser` when `nil`.
        case pattern(parser: DatePattern, printer: DatePattern?)
    }

    // MARK: Named formats

    private static func named(_ name: String) -> Alternative? {
        switch name {
        case "epoch_millis": return .epochMillis
        case "epoch_second": return .epochSecond
        default: break
        }
        let strict = name.hasPrefix("strict_")
        let base = strict ? String(name.dropFirst(7)) : name
        if ["date_optional_time", "date_optional_time_nanos", "iso8601"].contains(base) {
            if base == "iso8601" && strict { return nil }
            return isoOptionalTime(strict: strict)
        }
        guard let (parser, printer) = isoPatterns[base] else { return nil }
        // Basic formats have no separators, so their widths are always fixed.
        let fixedWidths = strict || base.hasPrefix("basic_")
        return .pattern(parser: DatePattern(iso: parser, strict: fixedWidths),
                        printer: DatePattern(iso: printer ?? parser, strict: true))
    }

    /// `yyyy[-MM[-dd]]['T'HH[:mm[:ss[.S…]]][offset]]`, printed as `yyyy-MM-dd'T'HH:mm:ss.SSSZZ`.
    private static func isoOptionalTime(strict: Bool) -> Alternative {
        .pattern(
            parser: DatePattern(iso: "yyyy[-MM[-dd]][T[HH[:mm[:ss[.F]]]][O]]", strict: strict),
            printer: DatePattern(iso: "yyyy-MM-ddTHH:mm:ss.SSSO", strict: true))
    }

    /// Named ISO formats in a mini-syntax read by `DatePattern(iso:strict:)`: letters as in
    /// patterns, `F` a fraction of 1 to 9 digits, `O` an offset printed `Z` or `+01:00` (`o`: `+0100`), parsed in any of those forms,
    /// `T` a literal `T`, `[]` optional. The second pattern, when present, prints.
    private static let isoPatterns: [String: (String, String?)] = [
        "date": ("yyyy-MM-dd", nil),
        "year_month_day": ("yyyy-MM-dd", nil),
        "year_month": ("yyyy-MM", nil),
        "year": ("yyyy", nil),
        "date_hour": ("yyyy-MM-ddTHH", nil),
        "date_hour_minute": ("yyyy-MM-ddTHH:mm", nil),
        "date_hour_minute_second": ("yyyy-MM-ddTHH:mm:ss", nil),
        "date_hour_minute_second_millis": ("yyyy-MM-ddTHH:mm:ss.F", "yyyy-MM-ddTHH:mm:ss.SSS"),
        "date_hour_minute_second_fraction": ("yyyy-MM-ddTHH:mm:ss.F", "yyyy-MM-ddTHH:mm:ss.SSS"),
        "date_time": ("yyyy-MM-ddTHH:mm:ss.FO", "yyyy-MM-ddTHH:mm:ss.SSSO"),
        "date_time_no_millis": ("yyyy-MM-ddTHH:mm:ssO", nil),
        "basic_date": ("yyyyMMdd", nil),
        "basic_date_time": ("yyyyMMddTHHmmss.Fo", "yyyyMMddTHHmmss.SSSo"),
        "basic_date_time_no_millis": ("yyyyMMddTHHmmsso", nil),
        "hour": ("HH", nil),
        "hour_minute": ("HH:mm", nil),
        "hour_minute_second": ("HH:mm:ss", nil),
        "hour_minute_second_millis": ("HH:mm:ss.F", "HH:mm:ss.SSS"),
        "hour_minute_second_fraction": ("HH:mm:ss.F", "HH:mm:ss.SSS"),
        "time": ("HH:mm:ss.FO", "HH:mm:ss.SSSO"),
        "time_no_millis": ("HH:mm:ssO", nil),
        "t_time": ("THH:mm:ss.FO", "THH:mm:ss.SSSO"),
        "t_time_no_millis": ("THH:mm:ssO", nil),
    ]

    /// Elasticsearch built-in names Sift does not implement (week dates, ordinal dates, …), so that
    /// they fail with a clear message instead of being read as patterns.
    private static let unsupportedNames: Set<String> = [
        "basic_ordinal_date", "basic_ordinal_date_time", "basic_ordinal_date_time_no_millis", "basic_time",
        "basic_time_no_millis", "basic_t_time", "basic_t_time_no_millis", "basic_week_date", "basic_week_date_time",
        "basic_week_date_time_no_millis", "ordinal_date", "ordinal_date_time", "ordinal_date_time_no_millis",
        "week_date", "week_date_time", "week_date_time_no_millis", "weekyear", "weekyear_week",
        "weekyear_week_day", "date_optional_time_nanos_week", "epoch_micros", "epoch_nanos",
    ]
}

extension ZonedDateFormat {
    /// UTC epoch millis of `text` by the first alternative that matches it, or `nil`.
    ///
    /// A text without an offset is local to `timeZone`. With `roundUp`, fields the text leaves out
    /// take their largest values (`2024-01-01` → `2024-01-01T23:59:59.999`, `epoch_second` `17` →
    /// `17999`), as Elasticsearch parses `gt`/`lte` bounds; month and day still default to 1.
    package func parse(_ text: String, timeZone: TimeZoneRules = .utc, roundUp: Bool = false) -> Int64? {
        for alternative in alternatives {
            let parsed: Int64?
            switch alternative {
            case .epochMillis: parsed = Self.parseEpoch(text, millisPerUnit: 1, roundUp: false)
            case .epochSecond: parsed = Self.parseEpoch(text, millisPerUnit: 1000, roundUp: roundUp)
            case .pattern(let parser, _): parsed = parser.parse(text, timeZone: timeZone, roundUp: roundUp)
            }
            if let parsed { return parsed }
        }
        return nil
    }

    /// `utcMillis` printed with the first alternative, in `timeZone`: `2024-01-01T00:00:00.000Z`,
    /// `2024-01-01T01:00:00.000+01:00`, `1704067200000`, … For `key_as_string` and `value_as_string`.
    package func format(_ utcMillis: Int64, timeZone: TimeZoneRules = .utc) -> String {
        switch alternatives.first {
        case .epochMillis?, nil:
            return String(utcMillis)
        case .epochSecond?:
            let (seconds, millis) = Timestamp.floorDivide(utcMillis, 1000)
            guard millis != 0 else { return String(seconds) }
            // Sign and magnitude, so -1500 ms prints as -1.5 rather than -2.500.
            let magnitude = utcMillis.magnitude
            var fraction = String(magnitude % 1000)
            while fraction.count < 3 { fraction = "0" + fraction }
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return (utcMillis < 0 ? "-" : "") + String(magnitude / 1000) + "." + fraction
        case .pattern(let parser, let printer)?:
            let offset = timeZone.offsetMillis(atUTC: utcMillis)
            var output: [UInt8] = []
            output.reserveCapacity(32)
            (printer ?? parser).render(local: LocalDateTime(localMillis: utcMillis &+ offset), offsetMillis: offset, into: &output)
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// `-?digits(.digits)?` in units of `millisPerUnit`; sub-millisecond digits are dropped.
    private static func parseEpoch(_ text: String, millisPerUnit: Int64, roundUp: Bool) -> Int64? {
        var utf8 = Substring(text).utf8[...]
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { utf8 = utf8.dropFirst() }
        let whole = utf8.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard !whole.isEmpty, whole.count <= 18 else { return nil }
        var rest = utf8.dropFirst(whole.count)
        var fractionMillis: Int64 = 0
        var hasFraction = false
        if let dot = rest.first {
            guard dot == UInt8(ascii: "."), rest.count > 1, rest.count <= 10 else { return nil }
            rest = rest.dropFirst()
            guard rest.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            hasFraction = true
            // The fraction of one unit, in milliseconds (three digits of a second; none of a millisecond).
            var scale = millisPerUnit
            for digit in rest {
                scale /= 10
                fractionMillis += Int64(digit - UInt8(ascii: "0")) * scale
            }
        }
        var value: Int64 = 0
        for digit in whole { value = value * 10 + Int64(digit - UInt8(ascii: "0")) }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: millisPerUnit)
        guard !overflow else { return nil }
        let millis = negative ? -(scaled + fractionMillis) : scaled + fractionMillis
        return roundUp && !hasFraction ? millis + millisPerUnit - 1 : millis
    }
}
