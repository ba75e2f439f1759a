/// An instant in UTC with nanosecond precision: seconds since 1970-01-01T00:00:00Z plus a
/// non-negative nanosecond part.
///
/// The nanosecond part is always in `0..<1_000_000_000`, also before 1970, so
/// `1969-12-31T23:59:59.5Z` is `seconds: -1, nanoseconds: 500_000_000`. With 64-bit seconds the
/// range spans far beyond any calendar year people log; ``epochMillis`` saturates outside
/// ±292 million years.
package struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since the Unix epoch, rounded toward negative infinity.
    package let seconds: Int64
    /// Nanoseconds after ``seconds``, in `0..<1_000_000_000`.
    package let nanoseconds: Int32

    /// An instant from its two parts.
    ///
    /// - Precondition: `nanoseconds` is in `0..<1_000_000_000`.
    package init(seconds: Int64, nanoseconds: Int32 = 0) {
        precondition((0..<1_000_000_000).contains(nanoseconds), "nanoseconds out of range: \(nanoseconds)")
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The instant `epochMillis` milliseconds after the epoch (before it, if negative).
    package init(epochMillis: Int64) {
        let (q, r) = epochMillis.quotientAndRemainder(dividingBy: 1000)
        if r < 0 {
            self.init(seconds: q - 1, nanoseconds: Int32(r + 1000) * 1_000_000)
        } else {
            self.init(seconds: q, nanoseconds: Int32(r) * 1_000_000)
        }
    }

    /// Milliseconds since the epoch, rounded down (so `-0.5 ms` is `-1`); saturates at the `Int64` bounds.
    package var epochMillis: Int64 {
        let subMillis = Int64(nanoseconds / 1_000_000)
        if seconds >= 0 {
            let (millis, overflow) = seconds.multipliedReportingOverflow(by: 1000)
            let (sum, overflow2) = millis.addingReportingOverflow(subMillis)
            return overflow || overflow2 ? .max : sum
        }
        // Count from the next second down, so that values near Int64.min don't overflow on the way.
        let (millis, overflow) = (seconds + 1).multipliedReportingOverflow(by: 1000)
        let (difference, overflow2) = millis.subtractingReportingOverflow(1000 - subMillis)
        return overflow || overflow2 ? .min : difference
    }

    /// Earlier instants order first.
    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// RFC 3339 in UTC, with 3 fraction digits, or 9 when there is sub-millisecond precision.
    package var description: String {
        iso8601(fractionDigits: nanoseconds % 1_000_000 == 0 ? 3 : 9)
    }

    /// Parses milliseconds since the epoch written as decimal digits with an optional leading `-`,
    /// as Elasticsearch's `epoch_millis` format; `nil` for anything else or an `Int64` overflow.
    package init?(epochMillisString string: String) {
        var utf8 = string.utf8[...]
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { utf8 = utf8.dropFirst() }
        guard !utf8.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in utf8 {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? shifted.subtractingReportingOverflow(Int64(digit))
                                      : shifted.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            value = next
        }
        self.init(epochMillis: value)
    }

    /// This instant as RFC 3339 / ISO 8601 in UTC, e.g. `2024-03-04T00:00:00.446Z`.
    ///
    /// The fraction is truncated (not rounded) to `fractionDigits` digits, and omitted when that is
    /// 0. Years outside 0000–9999 use ISO 8601's expanded form with a sign (`+10000-01-01T…`).
    /// - Precondition: `fractionDigits` is in `0...9`.
    package func iso8601(fractionDigits: Int = 3) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(32)
        appendISO8601(to: &buffer, fractionDigits: fractionDigits)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends ``iso8601(fractionDigits:)`` as UTF-8 to `buffer`, e.g. while writing JSON.
    package func appendISO8601(to buffer: inout [UInt8], fractionDigits: Int = 3) {
        precondition((0...9).contains(fractionDigits), "fractionDigits must be in 0...9")
        let (days, secondOfDay) = Self.floorDivide(seconds, 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        if (0...9999).contains(year) {
            Self.appendDigits(year, width: 4, to: &buffer)
        } else {
            buffer.append(year < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            Self.appendDigits(year.magnitude, width: 4, to: &buffer)
        }
        buffer.append(UInt8(ascii: "-"))
        Self.appendDigits(UInt64(month), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        Self.appendDigits(UInt64(day), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        Self.appendDigits(UInt64(secondOfDay / 3600), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        Self.appendDigits(UInt64(secondOfDay / 60 % 60), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        Self.appendDigits(UInt64(secondOfDay % 60), width: 2, to: &buffer)
        if fractionDigits > 0 {
            buffer.append(UInt8(ascii: "."))
            var divisor: Int32 = 1_000_000_000
            for _ in 0..<fractionDigits { divisor /= 10 }
            Self.appendDigits(UInt64(nanoseconds / divisor), width: fractionDigits, to: &buffer)
        }
        buffer.append(UInt8(ascii: "Z"))
    }

    /// Appends `value` in decimal, zero-padded to at least `width` digits.
    private static func appendDigits(_ value: some BinaryInteger, width: Int, to buffer: inout [UInt8]) {
        var rest = UInt64(value)
        var digitCount = 1
        var probe = rest
        while probe >= 10 {
            probe /= 10
            digitCount += 1
        }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(width, digitCount)))
        var i = buffer.count
        repeat {
            i -= 1
            buffer[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        } while rest != 0 && i > start
    }

    package static func floorDivide(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    package static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Hinnant's `civil_from_days`).
    package static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    package static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    package static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
