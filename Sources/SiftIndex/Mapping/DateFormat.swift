import SiftCore

/// A date field's `format` in Elasticsearch syntax: alternatives separated by `||`, tried in order,
/// each a built-in name (`strict_date_optional_time`, `epoch_millis`, ...) or a java.time pattern
/// (`yyyy/MM/dd HH:mm:ss Z`).
///
/// Compiled once when the mapping is read, so parsing a value is a walk over the alternatives.
package struct DateFormat: Sendable, Hashable {
    /// One reference, so passing a format along retains once.
    private final class Storage: Sendable {
        let text: String
        let alternatives: [Alternative]

        init(text: String, alternatives: [Alternative]) {
            self.text = text
            self.alternatives = alternatives
        }
    }

    private let storage: Storage

    /// The format as written, e.g. `strict_date_optional_time||epoch_millis`.
    package var text: String { storage.text }

    /// Formats are equal when their text is.
    package static func == (lhs: DateFormat, rhs: DateFormat) -> Bool { lhs.text == rhs.text }

    /// Hashes the text, consistent with `==`.
    package func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Elasticsearch's default for date fields.
    package static let defaultFormat = DateFormat(text: "strict_date_optional_time||epoch_millis",
                                                  alternatives: [.iso(.optionalTime), .epochMillis])

    private enum Alternative: Sendable, Hashable {
        case iso(ISOShape)
        case epochMillis
        case epochSecond
        case pattern(JavaDatePattern)
    }

    /// Which parts an ISO 8601 format requires.
    private enum ISOShape: Sendable, Hashable {
        /// `yyyy[-MM[-dd['T'HH:mm[:ss[.S+]][zone]]]]`.
        case optionalTime
        /// `yyyy-MM-dd`.
        case date
        /// `yyyy-MM-dd'T'HH:mm:ss`, no fraction or zone.
        case dateHourMinuteSecond
        /// `yyyy-MM-dd'T'HH:mm:ss.S+zone`.
        case dateTime
        /// `yyyy-MM-dd'T'HH:mm:sszone`.
        case dateTimeNoMillis
    }

    private init(text: String, alternatives: [Alternative]) {
        storage = Storage(text: text, alternatives: alternatives)
    }

    /// Compiles `text`.
    /// - Throws: a reason such as `Invalid format: [yyyy-qq]: Unknown pattern letter: q`.
    package init(_ text: String) throws(DateFormatError) {
        var alternatives: [Alternative] = []
        for part in text.split(separator: "||", omittingEmptySubsequences: false) {
            let name = String(part)
            if let builtIn = Self.builtIn(name) {
                alternatives.append(builtIn)
            } else {
                do {
                    alternatives.append(.pattern(try JavaDatePattern(name)))
                } catch {
                    throw DateFormatError(reason: "Invalid format: [\(text)]: \(error.reason)")
                }
            }
        }
        self.init(text: text, alternatives: alternatives)
    }

    private static func builtIn(_ name: String) -> Alternative? {
        switch name {
        case "strict_date_optional_time", "date_optional_time", "strict_date_optional_time_nanos": .iso(.optionalTime)
        case "strict_date", "date": .iso(.date)
        case "strict_date_hour_minute_second", "date_hour_minute_second": .iso(.dateHourMinuteSecond)
        case "strict_date_time", "date_time": .iso(.dateTime)
        case "strict_date_time_no_millis", "date_time_no_millis": .iso(.dateTimeNoMillis)
        case "epoch_millis": .epochMillis
        case "epoch_second": .epochSecond
        default: nil
        }
    }

    /// Milliseconds since the epoch of `string` under the first alternative that accepts it.
    ///
    /// JSON numbers go through their text, as in Elasticsearch: with the default format the number
    /// `2024` is the year 2024, and `1709510400446` is epoch milliseconds.
    package func parse(_ string: String) -> Int64? {
        var string = string
        return string.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            for alternative in storage.alternatives {
                if let millis = Self.parse(bytes, alternative) { return millis }
            }
            return nil
        }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, _ alternative: Alternative) -> Int64? {
        switch alternative {
        case .iso(let shape):
            guard matches(bytes, shape) else { return nil }
            switch bytes.count {
            case 4: return millis(year: bytes, month: nil)
            case 7: return millis(year: bytes, month: bytes)
            default: return Timestamp(iso8601: bytes)?.epochMillis
            }
        case .epochMillis: return epoch(bytes, unitMillis: 1)
        case .epochSecond: return epoch(bytes, unitMillis: 1000)
        case .pattern(let pattern): return pattern.parse(bytes)
        }
    }

    /// Checks what ``Timestamp/init(iso8601:defaultUTCOffsetSeconds:)`` does not: the `T`
    /// separator (Elasticsearch's ISO formats reject a space) and the parts each shape requires.
    private static func matches(_ b: UnsafeRawBufferPointer, _ shape: ISOShape) -> Bool {
        let n = b.count
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { $0 < n && b[$0] &- 48 < 10 } }
        guard n >= 4, digits(0..<4) else { return false }
        if n == 4 || n == 7 { return shape == .optionalTime && (n == 4 || (b[4] == UInt8(ascii: "-") && digits(5..<7))) }
        guard n >= 10 else { return false }
        if n == 10 { return shape == .optionalTime || shape == .date }
        guard b[10] == UInt8(ascii: "T"), shape != .date else { return false }
        if shape == .optionalTime { return true }
        // Past the date and T, Timestamp validates; here only presence and absence of the parts.
        let hasSeconds = n > 16 && b[16] == UInt8(ascii: ":")
        let hasFraction = hasSeconds && n > 19 && (b[19] == UInt8(ascii: ".") || b[19] == UInt8(ascii: ","))
        var zoneStart = n
        for i in stride(from: n - 1, to: 12, by: -1) where b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            zoneStart = i
            break
        }
        let hasZone = zoneStart < n
        switch shape {
        case .optionalTime: return true
        case .date: return false
        case .dateHourMinuteSecond: return hasSeconds && !hasFraction && !hasZone
        case .dateTime: return hasFraction && hasZone
        case .dateTimeNoMillis: return hasSeconds && !hasFraction && hasZone
        }
    }

    /// `yyyy` or `yyyy-MM` (the first of the year or month, UTC), which Timestamp does not take.
    private static func millis(year bytes: UnsafeRawBufferPointer, month monthBytes: UnsafeRawBufferPointer?) -> Int64? {
        var year: Int64 = 0
        for i in 0..<4 { year = year * 10 + Int64(bytes[i] &- 48) }
        var month: Int64 = 1
        if let monthBytes {
            month = Int64(monthBytes[5] &- 48) * 10 + Int64(monthBytes[6] &- 48)
            guard (1...12).contains(month) else { return nil }
        }
        return CivilDate.days(year: year, month: month, day: 1) * 86_400_000
    }

    /// `-?digits(.digits)?` in units of `unitMillis`; the fraction below a millisecond is dropped.
    private static func epoch(_ bytes: UnsafeRawBufferPointer, unitMillis: Int64) -> Int64? {
        var i = 0
        let negative = !bytes.isEmpty && bytes[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var whole: Int64 = 0
        var sawDigit = false
        while i < bytes.count, bytes[i] &- 48 < 10 {
            let (shifted, o1) = whole.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(Int64(bytes[i] &- 48))
            guard !o1, !o2 else { return nil }
            whole = sum
            sawDigit = true
            i += 1
        }
        guard sawDigit else { return nil }
        var fractionMillis: Int64 = 0
        if i < bytes.count {
            guard bytes[i] == UInt8(ascii: "."), i + 1 < bytes.count else { return nil }
            i += 1
            var scale = unitMillis
            while i < bytes.count {
                let digit = bytes[i] &- 48
                guard digit < 10 else { return nil }
                scale /= 10  // digits finer than a millisecond count for nothing
                fractionMillis += Int64(digit) * scale
                i += 1
            }
        }
        let (millis, o1) = whole.multipliedReportingOverflow(by: unitMillis)
        let (total, o2) = millis.addingReportingOverflow(fractionMillis)
        guard !o1, !o2 else { return nil }
        return negative ? -total : total
    }
}

/// Why a `format` could not be compiled.
package struct DateFormatError: Error, Sendable, Hashable {
    package var reason: String
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's `days_from_civil`).
enum CivilDate {
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
