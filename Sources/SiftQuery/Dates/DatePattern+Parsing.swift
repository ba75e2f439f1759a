import SiftCore
/// Parsing text with a `DatePattern`: the whole text must match; optional sections are taken when
/// they match and skipped otherwise; a variable-width number leaves room for the fixed-width numbers
/// right after it (`yyyyMMdd`), as Java's adjacent value parsing does.
extension DatePattern {
    /// The fields a text supplied; absent ones are filled in when resolving.
    struct ParsedFields {
        var year: Int64?
        var twoDigitYear = false
        var month: Int64?
        var day: Int64?
        var dayOfYear: Int64?
        var hour: Int64?
        var hourFrom1: Int64?
        var hourOfAmPm: Int64?
        var clockHourOfAmPm: Int64?
        var pm: Bool?
        var minute: Int64?
        var second: Int64?
        var nanos: Int64?
        var offsetMillis: Int64?
    }

    /// UTC millis of `text`, or `nil` if it does not match. Without an offset in the text, the
    /// time is local to `timeZone`. Missing fields default to the start of their range (year 1970),
    /// or with `roundUp` the time fields to their end (`23:59:59.999`) while month and day stay 1,
    /// as Elasticsearch's round-up parser does.
    func parse(_ text: String, timeZone: TimeZoneRules, roundUp: Bool) -> Int64? {
        let bytes = Array(text.utf8)
        var fields = ParsedFields()
        guard let end = Self.match(tokens[...], bytes, at: 0, into: &fields), end == bytes.count else { return nil }
        return fields.resolve(timeZone: timeZone, roundUp: roundUp)
    }

    private static func match(_ tokens: ArraySlice<Token>, _ text: [UInt8], at start: Int,
                              into fields: inout ParsedFields) -> Int? {
        var position = start
        for index in tokens.indices {
            let token = tokens[index]
            switch token {
            case .optional(let inner):
                var attempt = fields
                if let end = match(inner[...], text, at: position, into: &attempt) {
                    fields = attempt
                    position = end
                }
            case .literal(let literal):
                guard position + literal.count <= text.count,
                      text[position..<position + literal.count].elementsEqual(literal) else { return nil }
                position += literal.count
            case .decimalSeparator:
                guard position < text.count, text[position] == UInt8(ascii: ".") || text[position] == UInt8(ascii: ",")
                else { return nil }
                position += 1
            case .year(let minDigits, let maxDigits, let twoDigit):
                var sign: Int64 = 1
                if !twoDigit, position < text.count, text[position] == UInt8(ascii: "-") || text[position] == UInt8(ascii: "+") {
                    sign = text[position] == UInt8(ascii: "-") ? -1 : 1
                    position += 1
                }
                guard let (value, end) = number(text, at: position, minDigits: minDigits, maxDigits: maxDigits,
                                                reserved: reservedWidth(after: index, in: tokens)) else { return nil }
                fields.year = sign * value
                fields.twoDigitYear = twoDigit
                position = end
            case .number(let field, let minDigits, let maxDigits):
                guard let (value, end) = number(text, at: position, minDigits: minDigits, maxDigits: maxDigits,
                                                reserved: reservedWidth(after: index, in: tokens)) else { return nil }
                fields.set(field, value)
                position = end
            case .fraction(let minDigits, let maxDigits):
                guard let (value, end) = number(text, at: position, minDigits: minDigits, maxDigits: maxDigits,
                                                reserved: reservedWidth(after: index, in: tokens)) else { return nil }
                var nanos = value
                for _ in (end - position)..<9 { nanos *= 10 }
                fields.nanos = nanos
                position = end
            case .monthName(let full):
                guard let (value, end) = name(text, at: position, among: full ? DateNames.monthsUTF8 : DateNames.shortMonthsUTF8)
                else { return nil }
                fields.month = Int64(value + 1)
                position = end
            case .weekdayName(let full):
                guard let (_, end) = name(text, at: position, among: full ? DateNames.weekdaysUTF8 : DateNames.shortWeekdaysUTF8)
                else { return nil }
                position = end
            case .amPm:
                guard let (value, end) = name(text, at: position, among: DateNames.amPmUTF8) else { return nil }
                fields.pm = value == 1
                position = end
            case .offset:
                guard let (offset, end) = Self.offset(text, at: position) else { return nil }
                fields.offsetMillis = offset
                position = end
            }
        }
        return position
    }

    /// The digits that the fixed-width numbers directly after `index` need.
    private static func reservedWidth(after index: Int, in tokens: ArraySlice<Token>) -> Int {
        var reserved = 0
        for token in tokens[(index + 1)...] {
            switch token {
            case .year(let minDigits, let maxDigits, _) where minDigits == maxDigits: reserved += minDigits
            case .number(_, let minDigits, let maxDigits) where minDigits == maxDigits: reserved += minDigits
            case .fraction(let minDigits, let maxDigits) where minDigits == maxDigits: reserved += minDigits
            default: return reserved
            }
        }
        return reserved
    }

    private static func number(_ text: [UInt8], at start: Int, minDigits: Int, maxDigits: Int,
                               reserved: Int) -> (Int64, Int)? {
        var available = 0
        while start + available < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[start + available]) {
            available += 1
        }
        let width = min(maxDigits, min(18, available - reserved))
        guard width >= minDigits, width > 0 else { return nil }
        var value: Int64 = 0
        for byte in text[start..<start + width] { value = value * 10 + Int64(byte - UInt8(ascii: "0")) }
        return (value, start + width)
    }

    /// Case-insensitive match of the longest name in `names` (UTF-8, see ``DateNames``); returns its index.
    private static func name(_ text: [UInt8], at start: Int, among names: [[UInt8]]) -> (Int, Int)? {
        var best: (Int, Int)?
        for (index, candidate) in names.enumerated() {
            guard start + candidate.count <= text.count, candidate.count > (best.map { $0.1 - start } ?? 0) else { continue }
            let matches = zip(text[start..<start + candidate.count], candidate).allSatisfy { lowercase($0) == lowercase($1) }
            if matches { best = (index, start + candidate.count) }
        }
        return best
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// `Z`, `±HH`, `±HHmm`, `±HH:mm`, `±HH:mm:ss`, `±HHmmss`, optionally after `GMT`/`UTC` (alone: zero).
    private static func offset(_ text: [UInt8], at start: Int) -> (Int64, Int)? {
        var position = start
        guard position < text.count else { return nil }
        if text[position] == UInt8(ascii: "Z") || text[position] == UInt8(ascii: "z") { return (0, position + 1) }
        for prefix in ["GMT", "UTC"] where text[position...].starts(with: prefix.utf8) {
            position += 3
            guard position < text.count, text[position] == UInt8(ascii: "+") || text[position] == UInt8(ascii: "-")
            else { return (0, position) }
            break
        }
        guard position < text.count, text[position] == UInt8(ascii: "+") || text[position] == UInt8(ascii: "-")
        else { return nil }
        let negative = text[position] == UInt8(ascii: "-")
        position += 1
        func twoDigits() -> Int64? {
            guard position + 2 <= text.count,
                  text[position..<position + 2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { return nil }
            defer { position += 2 }
            return Int64(text[position] - UInt8(ascii: "0")) * 10 + Int64(text[position + 1] - UInt8(ascii: "0"))
        }
        guard let hours = twoDigits() else { return nil }
        var minutes: Int64 = 0, seconds: Int64 = 0
        let colon = position < text.count && text[position] == UInt8(ascii: ":")
        if colon { position += 1 }
        if let value = twoDigits() {
            minutes = value
            if colon, position < text.count, text[position] == UInt8(ascii: ":") {
                position += 1
                guard let value = twoDigits() else { return nil }
                seconds = value
            } else if !colon, let value = twoDigits() {
                seconds = value
            }
        } else if colon {
            return nil
        }
        guard hours <= 18, minutes < 60, seconds < 60 else { return nil }
        let millis = ((hours * 60 + minutes) * 60 + seconds) * 1000
        return (negative ? -millis : millis, position)
    }
}

extension DatePattern.ParsedFields {
    mutating func set(_ field: DatePattern.Field, _ value: Int64) {
        switch field {
        case .month: month = value
        case .day: day = value
        case .dayOfYear: dayOfYear = value
        case .hour: hour = value
        case .hourFrom1: hourFrom1 = value
        case .hourOfAmPm: hourOfAmPm = value
        case .clockHourOfAmPm: clockHourOfAmPm = value
        case .minute: minute = value
        case .second: second = value
        }
    }

    /// UTC millis, or `nil` when a field is out of range (Elasticsearch's strict resolver).
    func resolve(timeZone: TimeZoneRules, roundUp: Bool) -> Int64? {
        var resolvedYear = year ?? 1970
        if twoDigitYear { resolvedYear += 2000 }
        var resolvedMonth = month ?? 1
        var resolvedDay = day ?? 1
        if let dayOfYear {
            let daysInYear: Int64 = Timestamp.isLeapYear(resolvedYear) ? 366 : 365
            guard (1...daysInYear).contains(dayOfYear) else { return nil }
            let epochDay = Timestamp.days(fromCivil: resolvedYear, 1, 1) + dayOfYear - 1
            (_, resolvedMonth, resolvedDay) = Timestamp.civil(fromDays: epochDay)
        }
        guard (1...12).contains(resolvedMonth),
              (1...Timestamp.daysInMonth(resolvedYear, resolvedMonth)).contains(resolvedDay) else { return nil }

        let resolvedHour: Int64
        if let hour {
            guard hour < 24 else { return nil }
            resolvedHour = hour
        } else if let hourFrom1 {
            guard (1...24).contains(hourFrom1) else { return nil }
            resolvedHour = hourFrom1 % 24
        } else if let clockHourOfAmPm {
            guard (1...12).contains(clockHourOfAmPm) else { return nil }
            resolvedHour = clockHourOfAmPm % 12 + (pm == true ? 12 : 0)
        } else if let hourOfAmPm {
            guard hourOfAmPm < 12 else { return nil }
            resolvedHour = hourOfAmPm + (pm == true ? 12 : 0)
        } else {
            resolvedHour = roundUp ? 23 : 0
        }
        let resolvedMinute = minute ?? (roundUp ? 59 : 0)
        let resolvedSecond = second ?? (roundUp ? 59 : 0)
        guard resolvedMinute < 60, resolvedSecond < 60 else { return nil }
        let millisecond = nanos.map { $0 / 1_000_000 } ?? (roundUp ? 999 : 0)

        let local = LocalDateTime(
            year: resolvedYear, month: resolvedMonth, day: resolvedDay,
            hour: resolvedHour, minute: resolvedMinute, second: resolvedSecond, millisecond: millisecond
        ).localMillis
        if let offsetMillis { return local &- offsetMillis }
        return timeZone.utcMillis(fromLocal: local)
    }
}

/// English month and weekday names (`Locale.ROOT`).
enum DateNames {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]
    static let shortMonths = months.map { String($0.prefix(3)) }
    /// Monday first, as ISO numbers weekdays.
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let shortWeekdays = weekdays.map { String($0.prefix(3)) }

    // The same names as UTF-8, built once: parsing compares bytes, and building these arrays on
    // every parse was a measurable share of a date processor's time.
    static let monthsUTF8 = months.map { Array($0.utf8) }
    static let shortMonthsUTF8 = shortMonths.map { Array($0.utf8) }
    static let weekdaysUTF8 = weekdays.map { Array($0.utf8) }
    static let shortWeekdaysUTF8 = shortWeekdays.map { Array($0.utf8) }
    static let amPmUTF8 = [Array("AM".utf8), Array("PM".utf8)]
}
