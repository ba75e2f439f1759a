import SiftCore

/// RFC 3164 as senders write it: `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG`, where the
/// hostname may be missing (messages from `/dev/log`), the TAG may lack `[PID]` or the colon, the
/// date may be ISO 8601 (rsyslog's `RSYSLOG_ForwardFormat`), or there may be no header at all.
extension SyslogParser {
    /// Parses everything after the PRI at `start`.
    ///
    /// After a date, the first word is the hostname unless it looks like a TAG (ends in `:` or
    /// `[PID]`); the word after the hostname is the TAG if it looks like one, else MSG begins
    /// there. Without a date, only a TAG is looked for, and otherwise all of it is MSG.
    static func parse3164(_ text: UnsafeRawBufferPointer, from start: Int, now: Timestamp, timezoneOffsetSeconds: Int) -> SyslogHeader {
        var header = SyslogHeader(message: start..<text.count)
        var i = start
        var dated = false
        if let (timestamp, end) = bsdTimestamp(text, from: i, now: now, timezoneOffsetSeconds: timezoneOffsetSeconds) {
            header.timestamp = timestamp
            dated = true
            i = end
        } else if let (timestamp, end) = isoTimestamp(text, from: i, timezoneOffsetSeconds: timezoneOffsetSeconds) {
            header.timestamp = timestamp
            dated = true
            i = end
        }
        if dated {
            while i < text.count, text[i] == SyslogByte.space { i += 1 }
            var end = tokenEnd(text, from: i)
            if end > i, tag(text, i..<end) == nil {
                header.hostname = i..<end
                i = min(end + 1, text.count)
                end = tokenEnd(text, from: i)
            }
            if let (name, pid) = tag(text, i..<end) {
                header.appName = name
                header.procID = pid
                i = min(end + 1, text.count)
            }
        } else {
            let end = tokenEnd(text, from: i)
            if let (name, pid) = tag(text, i..<end) {
                header.appName = name
                header.procID = pid
                i = min(end + 1, text.count)
            }
        }
        header.message = i..<text.count
        return header
    }

    /// A TAG word: `name:`, `name[pid]:` or `name[pid]`. Returns the name and the PID (nil when
    /// absent or empty); nil when the word is not a TAG.
    static func tag(_ text: UnsafeRawBufferPointer, _ word: Range<Int>) -> (Range<Int>, Range<Int>?)? {
        guard !word.isEmpty else { return nil }
        var end = word.upperBound
        let colon = text[end - 1] == UInt8(ascii: ":")
        if colon { end -= 1 }
        var pid: Range<Int>?
        if end > word.lowerBound, text[end - 1] == UInt8(ascii: "]") {
            var open = end - 2
            while open >= word.lowerBound, text[open] != UInt8(ascii: "[") { open -= 1 }
            guard open > word.lowerBound else { return nil }
            if open + 1 < end - 1 { pid = (open + 1)..<(end - 1) }
            end = open
        } else if !colon {
            return nil
        }
        guard end > word.lowerBound else { return nil }
        return (word.lowerBound..<end, pid)
    }

    /// A BSD date `Mmm dd hh:mm:ss` (day space-padded or not, optional fraction) at `start`.
    /// Returns its time (nil when the date or time is out of range) and the index after it; nil
    /// when the text there is not shaped like a BSD date.
    static func bsdTimestamp(_ text: UnsafeRawBufferPointer, from start: Int, now: Timestamp, timezoneOffsetSeconds: Int) -> (Timestamp?, Int)? {
        var i = start
        guard i + 4 < text.count, let month = monthNumber(text[i], text[i + 1], text[i + 2]), text[i + 3] == SyslogByte.space
        else { return nil }
        i += 4
        if text[i] == SyslogByte.space { i += 1 }
        var day = 0
        let dayStart = i
        while i < text.count, i - dayStart < 2, let digit = SyslogByte.digit(text[i]) {
            day = day * 10 + digit
            i += 1
        }
        guard i > dayStart, i + 9 <= text.count, text[i] == SyslogByte.space,
              let hour = twoDigits(text, i + 1), text[i + 3] == UInt8(ascii: ":"),
              let minute = twoDigits(text, i + 4), text[i + 6] == UInt8(ascii: ":"),
              let second = twoDigits(text, i + 7)
        else { return nil }
        i += 9
        var nanoseconds = 0
        if i + 1 < text.count, text[i] == UInt8(ascii: "."), SyslogByte.digit(text[i + 1]) != nil {
            i += 1
            var scale = 100_000_000
            while i < text.count, let digit = SyslogByte.digit(text[i]) {
                nanoseconds += digit * scale
                scale /= 10
                i += 1
            }
        }
        guard i == text.count || text[i] == SyslogByte.space else { return nil }
        guard day >= 1, hour <= 23, minute <= 59, second <= 59 else { return (nil, i) }
        let secondOfDay = Int64(hour * 3600 + minute * 60 + second)
        let time = inferYear(month: Int64(month), day: Int64(day), secondOfDay: secondOfDay, now: now, timezoneOffsetSeconds: timezoneOffsetSeconds)
        return (time.map { Timestamp(seconds: $0, nanoseconds: Int32(nanoseconds)) }, i)
    }

    /// Seconds since the epoch of a date without a year: in `now`'s year (in the given zone), or
    /// the year before when that would be more than a day after `now` (a December message read
    /// in January). Nil when the day does not exist in either year (29 February).
    static func inferYear(month: Int64, day: Int64, secondOfDay: Int64, now: Timestamp, timezoneOffsetSeconds: Int) -> Int64? {
        let offset = Int64(timezoneOffsetSeconds)
        let today = Timestamp.floorDivide(now.seconds + offset, 86_400).quotient
        let currentYear = Timestamp.civil(fromDays: today).year
        for year in stride(from: currentYear, through: currentYear - 1, by: -1) where day <= Timestamp.daysInMonth(year, month) {
            let seconds = Timestamp.days(fromCivil: year, month, day) * 86_400 + secondOfDay - offset
            if year == currentYear, seconds > now.seconds + 86_400 { continue }
            return seconds
        }
        return nil
    }

    /// An ISO 8601 date-time word at `start` (`2026-11-24T22:04:56.450718+00:00`), as rsyslog's
    /// forwarding format writes in an otherwise RFC 3164 header. Returns its time and the index
    /// after it; nil when the word is not one.
    static func isoTimestamp(_ text: UnsafeRawBufferPointer, from start: Int, timezoneOffsetSeconds: Int) -> (Timestamp, Int)? {
        guard start + 5 < text.count, text[start + 4] == UInt8(ascii: "-"),
              (start..<(start + 4)).allSatisfy({ SyslogByte.digit(text[$0]) != nil })
        else { return nil }
        let end = tokenEnd(text, from: start)
        let bytes = UnsafeRawBufferPointer(rebasing: text[start..<end]).assumingMemoryBound(to: UInt8.self)
        guard let timestamp = Timestamp(iso8601: bytes, defaultUTCOffsetSeconds: timezoneOffsetSeconds) else { return nil }
        return (timestamp, end)
    }

    /// The month number of an English three-letter month name, any case.
    private static func monthNumber(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        switch (a | 0x20, b | 0x20, c | 0x20) {
        case (0x6A, 0x61, 0x6E): 1   // jan
        case (0x66, 0x65, 0x62): 2   // feb
        case (0x6D, 0x61, 0x72): 3   // mar
        case (0x61, 0x70, 0x72): 4   // apr
        case (0x6D, 0x61, 0x79): 5   // may
        case (0x6A, 0x75, 0x6E): 6   // jun
        case (0x6A, 0x75, 0x6C): 7   // jul
        case (0x61, 0x75, 0x67): 8   // aug
        case (0x73, 0x65, 0x70): 9   // sep
        case (0x6F, 0x63, 0x74): 10  // oct
        case (0x6E, 0x6F, 0x76): 11  // nov
        case (0x64, 0x65, 0x63): 12  // dec
        default: nil
        }
    }

    private static func twoDigits(_ text: UnsafeRawBufferPointer, _ i: Int) -> Int? {
        guard i + 1 < text.count, let high = SyslogByte.digit(text[i]), let low = SyslogByte.digit(text[i + 1]) else { return nil }
        return high * 10 + low
    }
}
