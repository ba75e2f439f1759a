import SiftCore
/// How `date_histogram` buckets instants: a fixed or calendar interval, in a time zone, shifted by
/// an offset.
///
/// Bucket keys are UTC epoch millis of the local bucket start, computed as Elasticsearch's
/// `Rounding` does, so keys agree with Elasticsearch's across DST changes: a calendar day in
/// `Europe/Paris` lasts 23 or 25 hours; a local midnight that does not exist starts its day at the
/// transition instead. ``floor(_:)`` and ``next(after:)`` are pure arithmetic for fixed-offset zones
/// (`UTC`, `+01:00`); zones with transitions add a binary search in a cached table.
package struct DateRounding: Sendable, Hashable {
    /// A bucket's length.
    package enum Interval: Sendable, Hashable {
        /// `fixed_interval`: a multiple of a SI duration, `30s`, `5m`, `1d` (always 24 hours).
        case fixed(millis: Int64)
        /// `calendar_interval`: one calendar unit, whose length varies.
        case calendar(CalendarUnit)
    }

    /// `calendar_interval` units; weeks start on Monday, quarters in January, April, July, October.
    package enum CalendarUnit: String, Sendable, Hashable, CaseIterable {
        case second, minute, hour, day, week, month, quarter, year

        /// The unit's length where it is constant (up to a week); `nil` for months and longer.
        var fixedMillis: Int64? {
            switch self {
            case .second: 1000
            case .minute: 60_000
            case .hour: 3_600_000
            case .day: 86_400_000
            case .week: 604_800_000
            case .month, .quarter, .year: nil
            }
        }

        var months: Int64 {
            switch self {
            case .quarter: 3
            case .year: 12
            default: 1
            }
        }
    }

    /// What `fixed_interval`, `calendar_interval` or `interval` asked for.
    package let interval: Interval
    /// Buckets start at local times of this zone (`time_zone`, default UTC).
    package let timeZone: TimeZoneRules
    /// Elasticsearch's `offset`: bucket boundaries move by this many milliseconds.
    package let offsetMillis: Int64
    private let strategy: Strategy

    /// How ``floor(_:)`` works, decided once.
    private enum Strategy: Hashable {
        /// `floor((t + shift) / width) * width - shift`.
        case arithmetic(width: Int64, shift: Int64)
        /// Months, quarters, years in a fixed-offset zone (`shift` = zone offset − `offset`).
        case months(Int64, shift: Int64)
        /// Calendar units in a zone with transitions.
        case calendarInZone(CalendarUnit)
        /// Fixed intervals in a zone with transitions.
        case fixedInZone(width: Int64)
    }

    /// - Precondition: a fixed interval is positive.
    package init(interval: Interval, timeZone: TimeZoneRules = .utc, offsetMillis: Int64 = 0) {
        self.interval = interval
        self.timeZone = timeZone
        self.offsetMillis = offsetMillis
        let zoneOffset = timeZone.fixedOffsetMillis
        switch interval {
        case .fixed(let millis):
            precondition(millis > 0, "a fixed interval must be positive")
            strategy = zoneOffset.map { .arithmetic(width: millis, shift: $0 - offsetMillis) } ?? .fixedInZone(width: millis)
        case .calendar(let unit):
            guard let zoneOffset else {
                strategy = .calendarInZone(unit)
                break
            }
            if let width = unit.fixedMillis {
                // 1970-01-01 was a Thursday; weeks start on Monday, three days earlier.
                let weekAlignment: Int64 = unit == .week ? 3 * 86_400_000 : 0
                strategy = .arithmetic(width: width, shift: zoneOffset - offsetMillis + weekAlignment)
            } else {
                strategy = .months(unit.months, shift: zoneOffset - offsetMillis)
            }
        }
    }

    package static func == (lhs: DateRounding, rhs: DateRounding) -> Bool {
        lhs.interval == rhs.interval && lhs.timeZone == rhs.timeZone && lhs.offsetMillis == rhs.offsetMillis
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(interval)
        hasher.combine(timeZone)
        hasher.combine(offsetMillis)
    }

    /// The key of the bucket holding `utcMillis`: the UTC millis of its start.
    @inline(__always)
    package func floor(_ utcMillis: Int64) -> Int64 {
        switch strategy {
        case .arithmetic(let width, let shift):
            let shifted = utcMillis &+ shift
            return shifted &- Timestamp.floorDivide(shifted, width).remainder &- shift
        case .months(let months, let shift):
            let local = LocalDateTime(localMillis: utcMillis &+ shift)
            return Self.truncate(local, toMonths: months).localMillis &- shift
        case .calendarInZone(let unit):
            return roundInZone(utcMillis &- offsetMillis, unit: unit) &+ offsetMillis
        case .fixedInZone(let width):
            return roundFixedInZone(utcMillis &- offsetMillis, width: width) &+ offsetMillis
        }
    }

    /// The key of the bucket after the one whose key is `key` (a value ``floor(_:)`` returned).
    package func next(after key: Int64) -> Int64 {
        switch strategy {
        case .arithmetic(let width, _):
            return key &+ width
        case .months(let months, let shift):
            let local = LocalDateTime(localMillis: key &+ shift)
            return local.addingMonths(months).localMillis &- shift
        case .calendarInZone(let unit):
            return nextInZone(key &- offsetMillis, unit: unit) &+ offsetMillis
        case .fixedInZone(let width):
            // Usually the bucket one interval later, but a transition can stretch a bucket past it
            // or fit a short one in before; keys are monotonic in the instant, so search for the
            // first instant whose key differs.
            let guess = floor(key &+ width)
            if guess > key && floor(guess &- 1) == key { return guess }
            var high = key &+ width
            while floor(high) == key { high = high &+ width }
            var low = key  // floor(low) == key < floor(high)
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if floor(middle) == key { low = middle } else { high = middle }
            }
            return high
        }
    }

    // MARK: Zones with transitions (Elasticsearch's JavaTimeRounding)

    private static func truncate(_ local: LocalDateTime, toMonths months: Int64) -> LocalDateTime {
        let month = months == 1 ? local.month : (local.month - 1) / months * months + 1
        return LocalDateTime(year: local.year, month: months == 12 ? 1 : month, day: 1)
    }

    private static func truncate(_ local: LocalDateTime, to unit: CalendarUnit) -> LocalDateTime {
        var result = local
        switch unit {
        case .second: result.millisecond = 0
        case .minute: (result.second, result.millisecond) = (0, 0)
        case .hour: (result.minute, result.second, result.millisecond) = (0, 0, 0)
        case .day: result = LocalDateTime(year: local.year, month: local.month, day: local.day)
        case .week:
            let (year, month, day) = Timestamp.civil(fromDays: local.epochDay - (local.dayOfWeek - 1))
            result = LocalDateTime(year: year, month: month, day: day)
        case .month, .quarter, .year: result = truncate(local, toMonths: unit.months)
        }
        return result
    }

    /// Units of a day or longer: the first instant of the local day the unit starts on.
    private func firstInstant(ofLocalDay local: LocalDateTime) -> Int64 {
        let millis = local.localMillis
        switch timeZone.validOffsets(atLocal: millis) {
        case .unique(let offset): return millis &- offset
        case .overlap(let earlier, _): return millis &- earlier
        case .gap(let transition, _, _): return transition
        }
    }

    private func roundInZone(_ utcMillis: Int64, unit: CalendarUnit) -> Int64 {
        if unit.fixedMillis.map({ $0 >= 86_400_000 }) ?? true {
            return firstInstant(ofLocalDay: Self.truncate(LocalDateTime(localMillis: timeZone.localMillis(fromUTC: utcMillis)), to: unit))
        }
        // Hours and shorter: truncate the wall clock, but never back across a transition; if the
        // truncated time falls before the last transition, round the instant before it instead.
        var instant = utcMillis
        while true {
            let truncated = truncateAsLocalTime(instant, unit: unit)
            guard let previous = timeZone.transition(atOrBefore: instant &- 1) else { return truncated ?? instant }
            if let truncated, previous <= truncated { return truncated }
            instant = previous &- 1
        }
    }

    /// The latest instant at or before `utcMillis` whose local time is its truncation; `nil` when
    /// that local time fell in a gap.
    private func truncateAsLocalTime(_ utcMillis: Int64, unit: CalendarUnit) -> Int64? {
        let local = Self.truncate(LocalDateTime(localMillis: timeZone.localMillis(fromUTC: utcMillis)), to: unit).localMillis
        switch timeZone.validOffsets(atLocal: local) {
        case .unique(let offset): return local &- offset
        case .overlap(let earlier, let later):
            return local &- later <= utcMillis ? local &- later : local &- earlier
        case .gap: return nil
        }
    }

    private func nextInZone(_ utcMillis: Int64, unit: CalendarUnit) -> Int64 {
        guard let unitMillis = unit.fixedMillis, unitMillis < 86_400_000 else {
            let start = Self.truncate(LocalDateTime(localMillis: timeZone.localMillis(fromUTC: utcMillis)), to: unit)
            let next: LocalDateTime
            switch unit {
            case .day: next = LocalDateTime(localMillis: start.localMillis &+ 86_400_000)
            case .week: next = LocalDateTime(localMillis: start.localMillis &+ 604_800_000)
            default: next = start.addingMonths(unit.months)
            }
            return firstInstant(ofLocalDay: next)
        }
        let once = roundInZone(utcMillis &+ unitMillis, unit: unit)
        return utcMillis < once ? once : roundInZone(utcMillis &+ 2 * unitMillis, unit: unit)
    }

    /// A fixed interval counted on the local wall clock (Elasticsearch's `TimeIntervalRounding`).
    private func roundFixedInZone(_ utcMillis: Int64, width: Int64) -> Int64 {
        var instant = utcMillis
        outer: while true {
            let local = timeZone.localMillis(fromUTC: instant)
            let rounded = local &- Timestamp.floorDivide(local, width).remainder
            let offsets: [Int64]
            switch timeZone.validOffsets(atLocal: rounded) {
            case .gap(let transition, _, _): return transition
            case .unique(let offset): offsets = [offset]
            case .overlap(let earlier, let later): offsets = [earlier, later]
            }
            let previous = timeZone.transition(atOrBefore: instant)
            for offset in offsets.reversed() {
                let candidate = rounded &- offset
                if let previous, candidate < previous {
                    // Rounding down across the transition: round the instant before it instead.
                    instant = previous &- 1
                    continue outer
                }
                if candidate <= instant { return candidate }
            }
            return rounded &- offsets[0]
        }
    }
}
