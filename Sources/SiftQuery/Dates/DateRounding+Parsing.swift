/// Reading `date_histogram`'s `fixed_interval`, `calendar_interval`, legacy `interval` and `offset`
/// with Elasticsearch's rules and messages.
extension DateRounding {
    /// `calendar_interval` values: one unit only (`2d` is an error, as in Elasticsearch).
    static let calendarUnits: [String: CalendarUnit] = [
        "year": .year, "1y": .year, "quarter": .quarter, "1q": .quarter, "month": .month, "1M": .month,
        "week": .week, "1w": .week, "day": .day, "1d": .day, "hour": .hour, "1h": .hour,
        "minute": .minute, "1m": .minute, "second": .second, "1s": .second,
    ]

    /// Parses `calendar_interval`.
    ///
    /// - Throws: `QueryError.malformed` for anything but one calendar unit.
    package static func calendarInterval(_ text: String) throws(QueryError) -> Interval {
        guard let unit = calendarUnits[text] else {
            throw .malformed(query: "date_histogram",
                             reason: "The supplied interval [\(text)] could not be parsed as a calendar interval.")
        }
        return .calendar(unit)
    }

    /// Parses `fixed_interval`: a whole number and `ms`, `s`, `m`, `h`, `d` (also `nanos`, `micros`).
    ///
    /// - Throws: `QueryError.malformed` for calendar units (`1M`, `1w`, `1y`), fractions, zero.
    package static func fixedInterval(_ text: String) throws(QueryError) -> Interval {
        let millis = try timeValueMillis(text, setting: "date_histogram.fixedInterval")
        guard millis > 0 else {
            throw .malformed(query: "date_histogram", reason: "Zero or negative time interval not supported")
        }
        return .fixed(millis: millis)
    }

    /// Parses the legacy `interval` (removed in Elasticsearch 8, still sent by older clients): a
    /// calendar unit if it names one, else a fixed interval.
    package static func legacyInterval(_ text: String) throws(QueryError) -> Interval {
        if let unit = calendarUnits[text] { return .calendar(unit) }
        let millis = try timeValueMillis(text, setting: "date_histogram.interval")
        guard millis > 0 else {
            throw .malformed(query: "date_histogram", reason: "Zero or negative time interval not supported")
        }
        return .fixed(millis: millis)
    }

    /// Parses `offset`: `+6h`, `-30m`, `1d` (a time value with an optional sign).
    package static func offset(_ text: String) throws(QueryError) -> Int64 {
        if text.hasPrefix("-") { return -(try timeValueMillis(String(text.dropFirst()), setting: "date_histogram.offset")) }
        let unsigned = text.hasPrefix("+") ? String(text.dropFirst()) : text
        return try timeValueMillis(unsigned, setting: "date_histogram.offset")
    }

    /// Elasticsearch's `TimeValue.parseTimeValue` in milliseconds: units are case-insensitive except
    /// `m`, since `M` would mean months.
    static func timeValueMillis(_ text: String, setting: String) throws(QueryError) -> Int64 {
        let normalized = text.lowercased().trimmingWhitespace
        let units: [(suffix: String, nanos: Int64)] = [
            ("nanos", 1), ("micros", 1000), ("ms", 1_000_000), ("s", 1_000_000_000),
        ]
        var match = units.first { normalized.hasSuffix($0.suffix) }
        if match == nil {
            if text.trimmingWhitespace.hasSuffix("m") {
                match = ("m", 60_000_000_000)
            } else if normalized.hasSuffix("h") {
                match = ("h", 3_600_000_000_000)
            } else if normalized.hasSuffix("d") {
                match = ("d", 86_400_000_000_000)
            }
        }
        guard let (suffix, nanos) = match else {
            throw .malformed(query: "date_histogram", reason: "failed to parse setting [\(setting)] with value [\(text)] as a time value: unit is missing or unrecognized")
        }
        let number = String(normalized.dropLast(suffix.count)).trimmingWhitespace
        guard let value = Int64(number) else {
            let reason = Double(number) != nil
                ? "failed to parse [\(text)], fractional time values are not supported"
                : "failed to parse [\(text)]"
            throw .malformed(query: "date_histogram", reason: reason)
        }
        guard value >= 0 else {
            throw .malformed(query: "date_histogram", reason: "failed to parse setting [\(setting)] with value [\(text)] as a time value: negative durations are not supported")
        }
        let (total, overflow) = value.multipliedReportingOverflow(by: nanos)
        guard !overflow else { throw .malformed(query: "date_histogram", reason: "failed to parse [\(text)]: too large") }
        return total / 1_000_000
    }
}

private extension String {
    var trimmingWhitespace: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
