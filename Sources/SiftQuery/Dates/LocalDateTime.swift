/// A wall-clock date and time without a zone, as the proleptic Gregorian calendar (`java.time`'s
/// `LocalDateTime`), converted to and from "local millis": milliseconds since 1970-01-01T00:00 on
/// the same wall clock. Pure arithmetic, no Foundation.
struct LocalDateTime: Equatable {
    var year: Int64
    /// 1...12
    var month: Int64
    /// 1...31
    var day: Int64
    var hour: Int64 = 0
    var minute: Int64 = 0
    var second: Int64 = 0
    var millisecond: Int64 = 0

    static let millisPerDay: Int64 = 86_400_000

    init(year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0,
         millisecond: Int64 = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.millisecond) = (hour, minute, second, millisecond)
    }

    init(localMillis: Int64) {
        let (days, millisOfDay) = floorDivide(localMillis, Self.millisPerDay)
        (year, month, day) = Self.civil(fromDays: days)
        hour = millisOfDay / 3_600_000
        minute = millisOfDay / 60_000 % 60
        second = millisOfDay / 1000 % 60
        millisecond = millisOfDay % 1000
    }

    var localMillis: Int64 {
        let days = Self.days(fromCivil: year, month, day)
        return days &* Self.millisPerDay &+ ((hour * 60 + minute) * 60 + second) * 1000 &+ millisecond
    }

    /// Days since 1970-01-01 of this date.
    var epochDay: Int64 { Self.days(fromCivil: year, month, day) }

    /// ISO day of week: 1 is Monday, 7 is Sunday.
    var dayOfWeek: Int64 { Self.dayOfWeek(epochDay: epochDay) }

    /// 1...366
    var dayOfYear: Int64 { epochDay - Self.days(fromCivil: year, 1, 1) + 1 }

    /// This date-time `months` months later, the day clamped to the month's length (`plusMonths`).
    func addingMonths(_ months: Int64) -> LocalDateTime {
        var result = self
        let (yearDelta, monthIndex) = floorDivide(month - 1 + months, 12)
        result.year = year + yearDelta
        result.month = monthIndex + 1
        result.day = min(day, Self.daysInMonth(result.year, result.month))
        return result
    }

    static func dayOfWeek(epochDay: Int64) -> Int64 {
        // 1970-01-01 was a Thursday (4).
        floorDivide(epochDay + 3, 7).remainder + 1
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Division rounding toward negative infinity, with a remainder in `0..<divisor` (for positive divisors).
@inline(__always)
func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
    let (q, r) = value.quotientAndRemainder(dividingBy: divisor)
    return r < 0 ? (q - 1, r + divisor) : (q, r)
}
