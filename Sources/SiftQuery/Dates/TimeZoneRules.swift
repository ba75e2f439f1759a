import Foundation
import Synchronization

/// The offsets of one time zone from UTC, as Elasticsearch's `time_zone` parameter names it:
/// `Z`, `UTC`, `GMT`, fixed offsets (`+01:00`, `-0800`, `+01`, `UTC+2`) and IANA names
/// (`Europe/Paris`, `America/New_York`).
///
/// Foundation's `TimeZone` (ICU data compiled into the toolchain, so no `/usr/share/zoneinfo` is
/// needed) is consulted once per zone name, to list its transitions from 1800 to 2300; the table is
/// cached for the life of the process. Every conversion after that is a binary search in the table,
/// or plain arithmetic for a fixed offset, so per-document work never calls Foundation. Outside the
/// table the nearest offset applies (a zone's DST rules after 2300 are not followed).
///
/// Conversions from local time follow `java.time` (`ZonedDateTime.ofLocal`): a local time that falls
/// in a gap (clocks jump forward) moves later by the gap's length; one that happens twice (clocks go
/// back) takes the earlier offset unless the caller prefers the later one.
package struct TimeZoneRules: Sendable, Hashable, CustomStringConvertible {
    /// UTC, written `Z`.
    package static let utc = TimeZoneRules(id: "Z", fixedOffsetMillis: 0)

    /// The zone's canonical name: `Z`, an offset like `+05:30`, or the IANA identifier.
    package let id: String
    /// The offset in milliseconds when the zone never changes it; `nil` for zones with transitions.
    package let fixedOffsetMillis: Int64?
    private let transitions: TransitionTable?

    private init(id: String, fixedOffsetMillis: Int64) {
        self.id = id
        self.fixedOffsetMillis = fixedOffsetMillis
        self.transitions = nil
    }

    private init(id: String, table: TransitionTable) {
        self.id = id
        if table.instants.isEmpty {
            self.fixedOffsetMillis = table.offsets[0]
            self.transitions = nil
        } else {
            self.fixedOffsetMillis = nil
            self.transitions = table
        }
    }

    /// A zone with a constant offset from UTC.
    ///
    /// - Precondition: `offsetMillis` is within ±18 hours, as `java.time.ZoneOffset` requires.
    package static func fixed(offsetMillis: Int64) -> TimeZoneRules {
        precondition(abs(offsetMillis) <= 18 * 3_600_000, "offset out of range: \(offsetMillis)")
        return TimeZoneRules(id: Self.offsetID(offsetMillis), fixedOffsetMillis: offsetMillis)
    }

    /// Looks up a zone by the name a request gives.
    ///
    /// - Throws: `QueryError.malformed` naming the zone when it is neither an offset nor a known
    ///   IANA name (Elasticsearch: `Unknown time-zone ID: X`).
    package init(_ name: String) throws(QueryError) {
        if let offset = Self.parseOffsetID(name) {
            self = .fixed(offsetMillis: offset)
            return
        }
        guard let table = TransitionCache.shared.table(for: name) else {
            throw .malformed(query: "time_zone", reason: "Unknown time-zone ID: \(name)")
        }
        self.init(id: table.identifier, table: table)
    }

    package var description: String { id }

    /// Two rules are the same zone when their canonical names are equal.
    package static func == (lhs: TimeZoneRules, rhs: TimeZoneRules) -> Bool { lhs.id == rhs.id }

    package func hash(into hasher: inout Hasher) { hasher.combine(id) }

    // MARK: Conversions

    /// The offset from UTC in force at `utcMillis`, in milliseconds (positive east of Greenwich).
    package func offsetMillis(atUTC utcMillis: Int64) -> Int64 {
        if let fixedOffsetMillis { return fixedOffsetMillis }
        guard let table = transitions else { return 0 }
        return table.offsets[table.transitionCount(atOrBefore: utcMillis)]
    }

    /// The local wall-clock time at `utcMillis`, as milliseconds since 1970-01-01T00:00 local.
    package func localMillis(fromUTC utcMillis: Int64) -> Int64 {
        utcMillis &+ offsetMillis(atUTC: utcMillis)
    }

    /// The instant of a local wall-clock time: in a gap it moves later by the gap's length; when it
    /// happens twice the earlier instant wins unless `preferredOffset` is the later one's offset
    /// (`java.time.ZonedDateTime.ofLocal`).
    package func utcMillis(fromLocal localMillis: Int64, preferringOffset preferredOffset: Int64? = nil) -> Int64 {
        if let fixedOffsetMillis { return localMillis &- fixedOffsetMillis }
        switch validOffsets(atLocal: localMillis) {
        case .unique(let offset):
            return localMillis &- offset
        case .overlap(let earlier, let later):
            return localMillis &- (preferredOffset == later ? later : earlier)
        case .gap(_, let before, _):
            return localMillis &- before
        }
    }

    /// What a local wall-clock time means in this zone (`ZoneRules.getValidOffsets`).
    enum LocalValidity: Equatable {
        /// Exactly one instant has this local time.
        case unique(offset: Int64)
        /// Two instants have it: first with `earlier` (the offset before the transition), then `later`.
        case overlap(earlier: Int64, later: Int64)
        /// No instant has it; clocks jumped from `before` to `after` at `transition` (UTC millis).
        case gap(transition: Int64, before: Int64, after: Int64)
    }

    func validOffsets(atLocal localMillis: Int64) -> LocalValidity {
        if let fixedOffsetMillis { return .unique(offset: fixedOffsetMillis) }
        guard let table = transitions else { return .unique(offset: 0) }
        let count = table.windowCount(atOrBefore: localMillis)
        guard count > 0 else { return .unique(offset: table.offsets[0]) }
        let index = count - 1
        let instant = table.instants[index]
        let before = table.offsets[index], after = table.offsets[index + 1]
        guard localMillis < instant &+ max(before, after) else { return .unique(offset: after) }
        return after > before
            ? .gap(transition: instant, before: before, after: after)
            : .overlap(earlier: before, later: after)
    }

    /// The last transition at or before `utcMillis` (UTC millis), if the table has one.
    func transition(atOrBefore utcMillis: Int64) -> Int64? {
        guard let table = transitions else { return nil }
        let count = table.transitionCount(atOrBefore: utcMillis)
        return count > 0 ? table.instants[count - 1] : nil
    }

    // MARK: Names

    /// Parses Java's `ZoneOffset` forms, optionally after `UTC`, `GMT` or `UT`: `Z`, `+h`, `+hh`,
    /// `+hh:mm`, `+hhmm`, `+hh:mm:ss`, `+hhmmss`; `nil` if the name is not one of them.
    static func parseOffsetID(_ name: String) -> Int64? {
        var text = Substring(name)
        for prefix in ["UTC", "GMT", "UT"] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
            if text.isEmpty || text == "0" { return 0 }
            break
        }
        if text == "Z" { return 0 }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let body = Array(text.dropFirst().utf8)
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in body[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let fields: (Int64?, Int64?, Int64?)
        switch body.count {
        case 1, 2: fields = (number(0..<body.count), 0, 0)
        case 4: fields = (number(0..<2), number(2..<4), 0)
        case 5 where body[2] == UInt8(ascii: ":"): fields = (number(0..<2), number(3..<5), 0)
        case 6: fields = (number(0..<2), number(2..<4), number(4..<6))
        case 8 where body[2] == UInt8(ascii: ":") && body[5] == UInt8(ascii: ":"):
            fields = (number(0..<2), number(3..<5), number(6..<8))
        default: return nil
        }
        guard let hours = fields.0, let minutes = fields.1, let seconds = fields.2,
              minutes < 60, seconds < 60 else { return nil }
        let total = (hours * 3600 + minutes * 60 + seconds) * 1000
        guard total <= 18 * 3_600_000 else { return nil }
        return sign == "-" ? -total : total
    }

    /// Java's `ZoneOffset` id: `Z`, `+05:30`, `-08:00`, or `+01:02:03` when there are seconds.
    static func offsetID(_ offsetMillis: Int64) -> String {
        guard offsetMillis != 0 else { return "Z" }
        let totalSeconds = abs(offsetMillis) / 1000
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var id = (offsetMillis < 0 ? "-" : "+") + two(totalSeconds / 3600) + ":" + two(totalSeconds / 60 % 60)
        if totalSeconds % 60 != 0 { id += ":" + two(totalSeconds % 60) }
        return id
    }
}

/// A zone's transitions, sorted, with the offset before the first and after each one.
final class TransitionTable: Sendable {
    /// The IANA identifier as Foundation reports it.
    let identifier: String
    /// UTC millis of each transition.
    let instants: [Int64]
    /// `offsets[0]` applies before the first transition, `offsets[i + 1]` after transition `i`.
    let offsets: [Int64]
    /// Local millis where each transition's gap or overlap starts (the smaller of the local times
    /// just before and just after it); non-decreasing.
    let windowStarts: [Int64]

    init(identifier: String, instants: [Int64], offsets: [Int64]) {
        self.identifier = identifier
        self.instants = instants
        self.offsets = offsets
        var starts: [Int64] = []
        starts.reserveCapacity(instants.count)
        for (i, instant) in instants.enumerated() {
            let start = instant + min(offsets[i], offsets[i + 1])
            starts.append(max(start, starts.last ?? .min))
        }
        self.windowStarts = starts
    }

    /// How many transitions happened at or before `utcMillis`.
    func transitionCount(atOrBefore utcMillis: Int64) -> Int { Self.upperBound(instants, utcMillis) }

    /// How many transition windows start at or before the local time `localMillis`.
    func windowCount(atOrBefore localMillis: Int64) -> Int { Self.upperBound(windowStarts, localMillis) }

    /// The number of elements `<= value` in a sorted array.
    private static func upperBound(_ sorted: [Int64], _ value: Int64) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Transition tables built from Foundation, one per zone name, kept for the process's lifetime.
final class TransitionCache: Sendable {
    static let shared = TransitionCache()

    /// 1800-01-01T00:00Z and 2300-01-01T00:00Z, in seconds.
    private static let firstSecond: Double = -5_364_662_400
    private static let lastSecond: Double = 10_413_792_000

    private let tables = Mutex<[String: TransitionTable]>([:])

    func table(for name: String) -> TransitionTable? {
        if let cached = tables.withLock({ $0[name] }) { return cached }
        guard let zone = TimeZone(identifier: name) else { return nil }
        let table = Self.build(zone)
        tables.withLock { $0[name] = table }
        return table
    }

    private static func build(_ zone: TimeZone) -> TransitionTable {
        var date = Date(timeIntervalSince1970: firstSecond)
        var instants: [Int64] = []
        var offsets: [Int64] = [Int64(zone.secondsFromGMT(for: date)) * 1000]
        while let next = zone.nextDaylightSavingTimeTransition(after: date),
              next.timeIntervalSince1970 < lastSecond, next > date {
            let offset = Int64(zone.secondsFromGMT(for: next)) * 1000
            if let previous = offsets.last, previous != offset {
                instants.append(Int64(next.timeIntervalSince1970.rounded(.down)) * 1000)
                offsets.append(offset)
            }
            date = next
        }
        return TransitionTable(identifier: zone.identifier, instants: instants, offsets: offsets)
    }
}
