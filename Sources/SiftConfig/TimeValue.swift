/// Durations written the Elasticsearch way: `500ms`, `5s`, `1d`; units nanos, micros, ms, s, m, h, d.
package enum TimeValue {
    private static let units: [(suffix: String, nanoseconds: Int64)] = [
        ("nanos", 1), ("micros", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000),
        ("h", 3_600_000_000_000), ("d", 86_400_000_000_000),
    ]

    /// Parses `<whole number><unit>` (unit in any case, as Elasticsearch lowercases) or `0`; nil for
    /// anything else. Elasticsearch rejects fractions (`1.5h`), and so does this.
    package static func parse(_ text: String) -> Duration? {
        let lowered = text.lowercased()
        if lowered == "0" { return .zero }
        // Longest suffix first, so `ms` is not read as `s` and `micros` not as `s`.
        for unit in units.sorted(by: { $0.suffix.count > $1.suffix.count }) where lowered.hasSuffix(unit.suffix) {
            let number = lowered.dropLast(unit.suffix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(number) else { return nil }
            let (nanoseconds, overflow) = value.multipliedReportingOverflow(by: unit.nanoseconds)
            guard !overflow else { return nil }
            return .nanoseconds(nanoseconds)
        }
        return nil
    }

    /// The duration in the largest unit that divides it exactly: `1d`, `90m`, `1500ms`.
    package static func format(_ duration: Duration) -> String {
        let nanoseconds = nanoseconds(of: duration)
        if nanoseconds == 0 { return "0s" }
        for unit in units.reversed() where nanoseconds % unit.nanoseconds == 0 {
            return "\(nanoseconds / unit.nanoseconds)\(unit.suffix)"
        }
        return "\(nanoseconds)nanos"
    }

    /// Whole nanoseconds of `duration` (saturating at the `Int64` bounds).
    package static func nanoseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? (seconds < 0 ? .min : .max) : sum
    }

    /// Whole milliseconds of `duration`, rounded toward zero.
    package static func milliseconds(of duration: Duration) -> Int64 {
        nanoseconds(of: duration) / 1_000_000
    }
}
