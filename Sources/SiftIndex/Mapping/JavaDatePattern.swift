/// A java.time pattern such as `yyyy/MM/dd HH:mm:ss Z`, the way Elasticsearch mappings spell custom
/// date formats.
///
/// Supported letters: `y`/`u` year, `M` month (number, `MMM` short name, `MMMM` full name), `d` day,
/// `H` hour 0–23, `h` hour 1–12 with `a` (AM/PM), `m`, `s`, `S` fraction (exactly as many digits as
/// letters), `E` day name (checked for shape only), `Z`/`X`/`x` zone (`Z`, `±HH`, `±HHMM` or
/// `±HH:MM`), `'quoted'` literals and `[optional]` sections. A zone at the end of the pattern may be
/// missing, meaning UTC: Elasticsearch's default `yyyy/MM/dd Z` accepts `2015/09/02`.
struct JavaDatePattern: Sendable, Hashable {
    indirect enum Token: Sendable, Hashable {
        case literal(UInt8)
        case field(letter: UInt8, count: Int)
        case optional([Token])

        var isNumericField: Bool {
            guard case .field(let letter, let count) = self else { return false }
            switch letter {
            case UInt8(ascii: "M"): return count <= 2
            case UInt8(ascii: "y"), UInt8(ascii: "u"), UInt8(ascii: "d"), UInt8(ascii: "H"), UInt8(ascii: "h"),
                 UInt8(ascii: "m"), UInt8(ascii: "s"), UInt8(ascii: "S"): return true
            default: return false
            }
        }

        /// What may be absent at the end of the input: spaces before a zone, the zone, optional parts.
        var mayBeMissingAtEnd: Bool {
            switch self {
            case .literal(let byte): byte == UInt8(ascii: " ")
            case .field(let letter, _): letter == UInt8(ascii: "Z") || letter == UInt8(ascii: "X") || letter == UInt8(ascii: "x")
            case .optional: true
            }
        }
    }

    let tokens: [Token]

    private static let supportedLetters = Set("yuMdHhmsSEZXxa".utf8)

    init(_ pattern: String) throws(DateFormatError) {
        guard !pattern.isEmpty else { throw DateFormatError(reason: "empty pattern") }
        var stack: [[Token]] = [[]]
        let bytes = Array(pattern.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "'"):
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "'") {
                    stack[stack.count - 1].append(.literal(byte))
                    i += 1
                    continue
                }
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "'") {
                        if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "'") {
                            stack[stack.count - 1].append(.literal(bytes[i]))
                            i += 2
                            continue
                        }
                        break
                    }
                    stack[stack.count - 1].append(.literal(bytes[i]))
                    i += 1
                }
                guard i < bytes.count else { throw DateFormatError(reason: "Pattern ends with an incomplete string literal: \(pattern)") }
                i += 1
            case UInt8(ascii: "["):
                stack.append([])
                i += 1
            case UInt8(ascii: "]"):
                guard stack.count > 1 else { throw DateFormatError(reason: "Pattern invalid as it contains ] without previous [") }
                let section = stack.removeLast()
                stack[stack.count - 1].append(.optional(section))
                i += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard Self.supportedLetters.contains(byte) else {
                    throw DateFormatError(reason: "Unknown pattern letter: \(Character(Unicode.Scalar(byte)))")
                }
                var count = 1
                while i + count < bytes.count, bytes[i + count] == byte { count += 1 }
                stack[stack.count - 1].append(.field(letter: byte, count: count))
                i += count
            default:
                stack[stack.count - 1].append(.literal(byte))
                i += 1
            }
        }
        guard stack.count == 1 else { throw DateFormatError(reason: "Pattern invalid as it contains [ without matching ]") }
        tokens = stack[0]
    }

    /// The parsed fields; unset parts default to the start of their period, the zone to UTC.
    private struct Fields {
        var year: Int64?
        var month: Int64 = 1
        var day: Int64 = 1
        var hour: Int64 = 0
        var hour12: Int64?
        var pm: Bool?
        var minute: Int64 = 0
        var second: Int64 = 0
        var nanos: Int64 = 0
        var offsetSeconds: Int64 = 0
    }

    /// Milliseconds since the epoch, or nil if `bytes` does not match the whole pattern.
    func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var position = 0
        var fields = Fields()
        guard Self.match(tokens[...], bytes, &position, &fields), position == bytes.count, let year = fields.year else { return nil }
        var hour = fields.hour
        if let hour12 = fields.hour12 {
            guard (1...12).contains(hour12) else { return nil }
            hour = hour12 % 12 + (fields.pm == true ? 12 : 0)
        }
        guard (1...12).contains(fields.month), (1...CivilDate.daysInMonth(year: year, month: fields.month)).contains(fields.day),
              (0...23).contains(hour), (0...59).contains(fields.minute), (0...59).contains(fields.second)
        else { return nil }
        let days = CivilDate.days(year: year, month: fields.month, day: fields.day)
        let seconds = days * 86_400 + hour * 3600 + fields.minute * 60 + fields.second - fields.offsetSeconds
        return seconds * 1000 + fields.nanos / 1_000_000
    }

    private static func match(_ tokens: ArraySlice<Token>, _ b: UnsafeRawBufferPointer, _ position: inout Int, _ fields: inout Fields) -> Bool {
        for index in tokens.indices {
            if position == b.count, tokens[index...].allSatisfy(\.mayBeMissingAtEnd) { return true }
            switch tokens[index] {
            case .literal(let byte):
                guard position < b.count, b[position] == byte else { return false }
                position += 1
            case .optional(let section):
                var (p, f) = (position, fields)
                if match(section[...], b, &p, &f) { (position, fields) = (p, f) }
            case .field(let letter, let count):
                let adjacent = index + 1 < tokens.endIndex && tokens[index + 1].isNumericField
                guard matchField(letter, count, adjacent: adjacent, b, &position, &fields) else { return false }
            }
        }
        return true
    }

    private static func matchField(_ letter: UInt8, _ count: Int, adjacent: Bool, _ b: UnsafeRawBufferPointer,
                                   _ position: inout Int, _ fields: inout Fields) -> Bool {
        func number(_ minDigits: Int, _ maxDigits: Int) -> Int64? {
            var value: Int64 = 0
            var digits = 0
            while digits < maxDigits, position < b.count, b[position] &- 48 < 10 {
                value = value * 10 + Int64(b[position] &- 48)
                digits += 1
                position += 1
            }
            return digits >= minDigits ? value : nil
        }
        // One letter takes a variable width, unless a number follows directly (`yyyyMMdd`).
        let (minDigits, maxDigits) = count == 1 && !adjacent ? (1, 2) : (count, count)
        switch letter {
        case UInt8(ascii: "y"), UInt8(ascii: "u"):
            if count == 2 {
                guard let v = number(2, 2) else { return false }
                fields.year = 2000 + v
            } else {
                guard let v = adjacent ? number(count, count) : number(max(count, 1), 9) else { return false }
                fields.year = v
            }
        case UInt8(ascii: "M") where count >= 3:
            guard let month = monthName(b, &position, full: count >= 4) else { return false }
            fields.month = month
        case UInt8(ascii: "M"): guard let v = number(minDigits, maxDigits) else { return false }; fields.month = v
        case UInt8(ascii: "d"): guard let v = number(minDigits, maxDigits) else { return false }; fields.day = v
        case UInt8(ascii: "H"): guard let v = number(minDigits, maxDigits) else { return false }; fields.hour = v
        case UInt8(ascii: "h"): guard let v = number(minDigits, maxDigits) else { return false }; fields.hour12 = v
        case UInt8(ascii: "m"): guard let v = number(minDigits, maxDigits) else { return false }; fields.minute = v
        case UInt8(ascii: "s"): guard let v = number(minDigits, maxDigits) else { return false }; fields.second = v
        case UInt8(ascii: "S"):
            guard count <= 9, let v = number(count, count) else { return false }
            var nanos = v
            for _ in count..<9 { nanos *= 10 }
            fields.nanos = nanos
        case UInt8(ascii: "a"):
            guard let pm = word(b, &position, ["am", "pm"]) else { return false }
            fields.pm = pm == 1
        case UInt8(ascii: "E"):
            let days = count >= 4 ? ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
                                  : ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            guard word(b, &position, days) != nil else { return false }
        default:  // Z, X, x
            guard let offset = zone(b, &position) else { return false }
            fields.offsetSeconds = offset
        }
        return true
    }

    private static let shortMonths = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let fullMonths = ["january", "february", "march", "april", "may", "june", "july", "august",
                                     "september", "october", "november", "december"]

    private static func monthName(_ b: UnsafeRawBufferPointer, _ position: inout Int, full: Bool) -> Int64? {
        word(b, &position, full ? fullMonths : shortMonths).map { Int64($0) + 1 }
    }

    /// The index of the word in `words` that `b` continues with, ASCII case-insensitively.
    private static func word(_ b: UnsafeRawBufferPointer, _ position: inout Int, _ words: [String]) -> Int? {
        for (index, word) in words.enumerated() {
            let utf8 = word.utf8
            guard position + utf8.count <= b.count else { continue }
            var same = true
            for (offset, expected) in utf8.enumerated() where b[position + offset] | 0x20 != expected {
                same = false
                break
            }
            if same {
                position += utf8.count
                return index
            }
        }
        return nil
    }

    /// `Z`, `±HH`, `±HHMM` or `±HH:MM` as seconds east of UTC.
    private static func zone(_ b: UnsafeRawBufferPointer, _ position: inout Int) -> Int64? {
        guard position < b.count else { return nil }
        if b[position] == UInt8(ascii: "Z") || b[position] == UInt8(ascii: "z") {
            position += 1
            return 0
        }
        let sign: Int64
        switch b[position] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        func two(_ at: Int) -> Int64? {
            guard at + 1 < b.count, b[at] &- 48 < 10, b[at + 1] &- 48 < 10 else { return nil }
            return Int64(b[at] &- 48) * 10 + Int64(b[at + 1] &- 48)
        }
        guard let hours = two(position + 1), hours <= 23 else { return nil }
        var end = position + 3
        var minutes: Int64 = 0
        if end < b.count, b[end] == UInt8(ascii: ":") {
            guard let m = two(end + 1) else { return nil }
            minutes = m
            end += 3
        } else if let m = two(end) {
            minutes = m
            end += 2
        }
        guard minutes <= 59 else { return nil }
        position = end
        return sign * (hours * 3600 + minutes * 60)
    }
}
