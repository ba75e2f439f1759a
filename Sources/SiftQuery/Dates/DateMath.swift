import SiftCore
/// Elasticsearch date math: `now`, `now-15m`, `now-1d/d`, `now/M+1d`, `2024-01-01||+1M/d`.
///
/// An expression is an anchor (`now`, or a date followed by `||`) and then any number of operations:
/// `+N<unit>` and `-N<unit>` add or subtract (`N` defaults to 1), `/<unit>` rounds. Units are `y`
/// (years), `M` (months), `w` (weeks), `d` (days), `h`/`H` (hours), `m` (minutes), `s` (seconds).
/// Years, months, weeks and days move the wall clock of `timeZone` (a day can last 23 or 25 hours);
/// hours, minutes and seconds move the instant. Rounding goes down to the start of the unit, or,
/// when `roundUp`, to the last millisecond of it: Elasticsearch rounds up for `gt` and `lte` and down
/// for `gte` and `lt`, so `lte: now/d` includes the whole day. A date without `||` is parsed with
/// `roundUp` too, so its missing fields are filled with their largest values (`lte: 2024-01-01`
/// means `2024-01-01T23:59:59.999`); a date before `||` never is.
package enum DateMath {
    /// Resolves `expression` to UTC epoch milliseconds, parsing anchors with `format` in `timeZone`
    /// (Elasticsearch's full behaviour, including round-up parsing of a date without `||`).
    ///
    /// - Parameters:
    ///   - now: the request's single `now`, in UTC epoch milliseconds.
    ///   - roundUp: `true` for `gt` and `lte` bounds.
    /// - Throws: `QueryError.malformed` naming the expression, for an anchor `format` cannot parse
    ///   (`failed to parse date field [x] with format [f]`) or bad math (unknown unit, missing
    ///   operator, truncated expression, `/2d`).
    package static func resolve(
        _ expression: String, now: Int64, roundUp: Bool, timeZone: TimeZoneRules = .utc,
        format: ZonedDateFormat = .defaultDate
    ) throws(QueryError) -> Int64 {
        try resolve(expression, now: now, roundUp: roundUp, timeZone: timeZone,
                    anchorDescription: " with format [\(format.spec)]") {
            format.parse($0, timeZone: timeZone, roundUp: $1)
        }
    }

    /// Resolves `expression` with a caller-supplied anchor parser, for formats that
    /// ``ZonedDateFormat`` does not cover.
    ///
    /// - Parameter parseAnchor: parses a date (the text before `||`, or the whole expression when
    ///   there is no `||` and it does not start with `now`) to UTC epoch milliseconds, or `nil` if
    ///   it is not a date. Its result is used as is: it must apply `timeZone` itself, and a date
    ///   without `||` is not rounded up.
    /// - Throws: `QueryError.malformed` naming the expression.
    package static func resolve(
        _ expression: String, now: Int64, roundUp: Bool, timeZone: TimeZoneRules = .utc,
        parseAnchor: (_ text: String) -> Int64?
    ) throws(QueryError) -> Int64 {
        try resolve(expression, now: now, roundUp: roundUp, timeZone: timeZone, anchorDescription: "") { text, _ in
            parseAnchor(text)
        }
    }

    private static func resolve(
        _ expression: String, now: Int64, roundUp: Bool, timeZone: TimeZoneRules, anchorDescription: String,
        parseAnchor: (_ text: String, _ roundUp: Bool) -> Int64?
    ) throws(QueryError) -> Int64 {
        let anchor: Int64
        let math: Substring
        func failedAnchor() -> QueryError {
            .malformed(query: "date_math", reason: "failed to parse date field [\(expression)]\(anchorDescription)")
        }
        if expression.hasPrefix("now") {
            anchor = now
            math = expression.dropFirst(3)
        } else if let separator = expression.firstRange(of: "||") {
            guard let parsed = parseAnchor(String(expression[..<separator.lowerBound]), false) else { throw failedAnchor() }
            anchor = parsed
            math = expression[separator.upperBound...]
        } else {
            guard let parsed = parseAnchor(expression, roundUp) else { throw failedAnchor() }
            return parsed
        }
        let operations = try parseOperations(math, expression: expression)
        var time = ZonedTime(utc: anchor, zone: timeZone)
        for operation in operations {
            time.apply(operation, roundUp: roundUp)
        }
        return time.utc
    }

    enum Unit: Character {
        case year = "y", month = "M", week = "w", day = "d", hour = "h", minute = "m", second = "s"
    }

    enum Operation: Equatable {
        case add(Int64, Unit)
        case round(Unit)
    }

    /// Parses the part after the anchor, as Elasticsearch's `JavaDateMathParser.parseMath`.
    static func parseOperations(_ math: Substring, expression: String) throws(QueryError) -> [Operation] {
        func failure(_ reason: String) -> QueryError {
            .malformed(query: "date_math", reason: "failed to parse date field [\(expression)]: \(reason)")
        }
        var operations: [Operation] = []
        var rest = math[...]
        while let op = rest.first {
            rest = rest.dropFirst()
            let sign: Int64
            switch op {
            case "/": sign = 0
            case "+": sign = 1
            case "-": sign = -1
            default: throw failure("operator not supported for date math [\(math)]")
            }
            guard !rest.isEmpty else { throw failure("truncated date math [\(math)]") }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            var count: Int64 = 1
            if !digits.isEmpty {
                guard let value = Int32(digits) else { throw failure("number too large in date math [\(math)]") }
                count = Int64(value)
                rest = rest.dropFirst(digits.count)
                guard !rest.isEmpty else { throw failure("truncated date math [\(math)]") }
            }
            if sign == 0 && !digits.isEmpty && count != 1 {
                throw failure("rounding `/` can only be used on single unit types [\(math)]")
            }
            let unitCharacter = rest.removeFirst()
            guard let unit = Unit(rawValue: unitCharacter == "H" ? "h" : unitCharacter) else {
                throw failure("unit [\(unitCharacter)] not supported for date math [\(math)]")
            }
            operations.append(sign == 0 ? .round(unit) : .add(sign * count, unit))
        }
        return operations
    }
}

/// An instant together with the offset in force there: `java.time.ZonedDateTime` reduced to what
/// date math needs.
struct ZonedTime {
    private(set) var utc: Int64
    private(set) var offset: Int64
    let zone: TimeZoneRules

    init(utc: Int64, zone: TimeZoneRules) {
        self.utc = utc
        self.zone = zone
        self.offset = zone.offsetMillis(atUTC: utc)
    }

    var local: LocalDateTime { LocalDateTime(localMillis: utc &+ offset) }

    /// Moves the instant (hours and smaller units).
    mutating func addInstant(_ millis: Int64) {
        utc = utc &+ millis
        offset = zone.offsetMillis(atUTC: utc)
    }

    /// Sets the wall-clock time, keeping the current offset if it is still valid there.
    mutating func setLocal(_ local: LocalDateTime) {
        utc = zone.utcMillis(fromLocal: local.localMillis, preferringOffset: offset)
        offset = zone.offsetMillis(atUTC: utc)
    }

    mutating func apply(_ operation: DateMath.Operation, roundUp: Bool) {
        switch operation {
        case .add(let count, let unit):
            add(count, unit)
        case .round(let unit):
            var local = self.local
            switch unit {
            case .year: local = LocalDateTime(year: local.year, month: 1, day: 1)
            case .month: local = LocalDateTime(year: local.year, month: local.month, day: 1)
            case .week:
                let monday = local.epochDay - (local.dayOfWeek - 1)
                let (year, month, day) = Timestamp.civil(fromDays: monday)
                local = LocalDateTime(year: year, month: month, day: day)
            case .day: local = LocalDateTime(year: local.year, month: local.month, day: local.day)
            case .hour: (local.minute, local.second, local.millisecond) = (0, 0, 0)
            case .minute: (local.second, local.millisecond) = (0, 0)
            case .second: local.millisecond = 0
            }
            setLocal(local)
            if roundUp {
                add(1, unit)
                addInstant(-1)
            }
        }
    }

    private mutating func add(_ count: Int64, _ unit: DateMath.Unit) {
        switch unit {
        case .year: setLocal(local.addingMonths(count &* 12))
        case .month: setLocal(local.addingMonths(count))
        case .week: addDays(count &* 7)
        case .day: addDays(count)
        case .hour: addInstant(count &* 3_600_000)
        case .minute: addInstant(count &* 60_000)
        case .second: addInstant(count &* 1000)
        }
    }

    private mutating func addDays(_ days: Int64) {
        let millis = (utc &+ offset) &+ days &* LocalDateTime.millisPerDay
        setLocal(LocalDateTime(localMillis: millis))
    }
}
