import SiftCore

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
        let (days, millisOfDay) = Timestamp.floorDivide(localMillis, Self.millisPerDay)
        (year, month, day) = Timestamp.civil(fromDays: days)
        hour = millisOfDay / 3_600_000
        minute = millisOfDay / 60_000 % 60
        second = millisOfDay / 1000 % 60
        millisecond = millisOfDay % 1000
    }

    var localMillis: Int64 {
        let days = Timestamp.days(fromCivil: year, month, day)
        return days &* Self.millisPerDay &+ ((hour * 60 + minute) * 60 + second) * 1000 &+ millisecond
    }

    /// Days since 1970-01-01 of this date.
    var epochDay: Int64 { Timestamp.days(fromCivil: year, month, day) }

    /// ISO day of week: 1 is Monday, 7 is Sunday.
    var dayOfWeek: Int64 { Self.dayOfWeek(epochDay: epochDay) }

    /// 1...366
    var dayOfYear: Int64 { epochDay - Timestamp.days(fromCivil: year, 1, 1) + 1 }

    /// This date-time `months` months later, the day clamped to the month's length (`plusMonths`).
    func addingMonths(_ months: Int64) -> LocalDateTime {
        var result = self
        let (yearDelta, monthIndex) = Timestamp.floorDivide(month - 1 + months, 12)
        result.year = year + yearDelta
        result.month = monthIndex + 1
        result.day = min(day, Timestamp.daysInMonth(result.year, result.month))
        return result
    }

    static func dayOfWeek(epochDay: Int64) -> Int64 {
        // 1970-01-01 was a Thursday (4).
        Timestamp.floorDivide(epochDay + 3, 7).remainder + 1
    }
}
