/// Printing with a `DatePattern`, as Java's `DateTimeFormatter.format` does for the letters we
/// support; optional sections always print.
extension DatePattern {
    /// `local` is the wall-clock time in the zone whose offset at that instant is `offsetMillis`.
    func render(local: LocalDateTime, offsetMillis: Int64, into output: inout [UInt8]) {
        Self.render(tokens, local: local, offsetMillis: offsetMillis, into: &output)
    }

    private static func render(_ tokens: [Token], local: LocalDateTime, offsetMillis: Int64, into output: inout [UInt8]) {
        for token in tokens {
            switch token {
            case .optional(let inner):
                render(inner, local: local, offsetMillis: offsetMillis, into: &output)
            case .literal(let text):
                output.append(contentsOf: text)
            case .decimalSeparator:
                output.append(UInt8(ascii: "."))
            case .year(let minDigits, _, let twoDigit):
                if twoDigit {
                    appendDigits(abs(local.year) % 100, width: 2, to: &output)
                } else {
                    if local.year < 0 {
                        output.append(UInt8(ascii: "-"))
                    } else if minDigits >= 4, local.year >= power10(minDigits) {
                        output.append(UInt8(ascii: "+"))
                    }
                    appendDigits(abs(local.year), width: minDigits, to: &output)
                }
            case .number(let field, let minDigits, _):
                appendDigits(value(of: field, in: local), width: minDigits, to: &output)
            case .fraction(let minDigits, let maxDigits):
                var digits = maxDigits
                var nanos = local.millisecond * 1_000_000
                if minDigits != maxDigits {
                    // Variable width (ISO `F`): as many digits as needed, at least `minDigits`.
                    while digits > minDigits, nanos % power10(9 - digits + 1) == 0 { digits -= 1 }
                }
                nanos /= power10(9 - digits)
                appendDigits(nanos, width: digits, to: &output)
            case .monthName(let full):
                let name = DateNames.months[Int(local.month - 1)]
                output.append(contentsOf: (full ? name : String(name.prefix(3))).utf8)
            case .weekdayName(let full):
                let name = DateNames.weekdays[Int(local.dayOfWeek - 1)]
                output.append(contentsOf: (full ? name : String(name.prefix(3))).utf8)
            case .amPm:
                output.append(contentsOf: (local.hour < 12 ? "AM" : "PM").utf8)
            case .offset(let style):
                appendOffset(offsetMillis, style: style, to: &output)
            }
        }
    }

    private static func value(of field: Field, in local: LocalDateTime) -> Int64 {
        switch field {
        case .month: local.month
        case .day: local.day
        case .dayOfYear: local.dayOfYear
        case .hour: local.hour
        case .hourFrom1: local.hour == 0 ? 24 : local.hour
        case .hourOfAmPm: local.hour % 12
        case .clockHourOfAmPm: local.hour % 12 == 0 ? 12 : local.hour % 12
        case .minute: local.minute
        case .second: local.second
        }
    }

    static func appendOffset(_ offsetMillis: Int64, style: OffsetStyle, to output: inout [UInt8]) {
        if style.gmtPrefix {
            output.append(contentsOf: "GMT".utf8)
            if offsetMillis == 0 { return }
        } else if offsetMillis == 0 && style.zeroAsZ {
            output.append(UInt8(ascii: "Z"))
            return
        }
        let totalSeconds = abs(offsetMillis) / 1000
        let (hours, minutes, seconds) = (totalSeconds / 3600, totalSeconds / 60 % 60, totalSeconds % 60)
        output.append(offsetMillis < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        appendDigits(hours, width: 2, to: &output)
        if style.minutesOptional && minutes == 0 && seconds == 0 { return }
        if style.colon { output.append(UInt8(ascii: ":")) }
        appendDigits(minutes, width: 2, to: &output)
        if style.secondsOptional && seconds != 0 {
            if style.colon { output.append(UInt8(ascii: ":")) }
            appendDigits(seconds, width: 2, to: &output)
        }
    }

    /// Appends a non-negative `value` in decimal, zero-padded to `width` digits.
    static func appendDigits(_ value: Int64, width: Int, to output: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value.magnitude
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        if digits.count < width { output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count)) }
        output.append(contentsOf: digits.reversed())
    }

    private static func power10(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
