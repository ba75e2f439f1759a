/// Parsing RFC 3339 / ISO 8601 date-times as logs write them.
///
/// Accepted: `YYYY-MM-DD`, optionally followed by `T`, `t` or a space and `hh:mm`, optional `:ss`,
/// an optional fraction of 1–9 digits after `.` or `,` (Elasticsearch 7 writes
/// `2019-01-18T08:55:08,159+0100`), and an optional zone: `Z`, `z`, `±hh`, `±hhmm` or `±hh:mm`.
/// Calendar fields are validated, leap years included; second 60 (a leap second) is rejected, as
/// are hour 24 and a zone after a bare date.
extension Timestamp {
    /// Parses an RFC 3339 / ISO 8601 date-time from UTF-8 bytes; `nil` if it is not one.
    ///
    /// - Parameter defaultUTCOffsetSeconds: the zone assumed when the text names none, in seconds
    ///   east of UTC (`3600` for `+01:00`). A bare date means midnight in that zone.
    package init?(iso8601 bytes: some Collection<UInt8>, defaultUTCOffsetSeconds: Int = 0) {
        let parsed = bytes.withContiguousStorageIfAvailable {
            Self.parseISO8601(UnsafeRawBufferPointer($0), defaultOffset: defaultUTCOffsetSeconds)
        } ?? Array(bytes).withUnsafeBytes {
            Self.parseISO8601($0, defaultOffset: defaultUTCOffsetSeconds)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses an RFC 3339 / ISO 8601 date-time; `nil` if it is not one. Same rules as the byte overload.
    package init?(iso8601 string: String, defaultUTCOffsetSeconds: Int = 0) {
        var string = string
        let parsed = string.withUTF8 {
            Self.parseISO8601(UnsafeRawBufferPointer($0), defaultOffset: defaultUTCOffsetSeconds)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    private static func parseISO8601(_ text: UnsafeRawBufferPointer, defaultOffset: Int) -> Timestamp? {
        var cursor = Cursor(text: text)
        guard let year = cursor.digits(4), cursor.skip("-"),
              let month = cursor.digits(2), cursor.skip("-"),
              let day = cursor.digits(2),
              (1...12).contains(month), (1...daysInMonth(year, month)).contains(day)
        else { return nil }

        var secondOfDay: Int64 = 0
        var nanoseconds: Int32 = 0
        var offset = Int64(defaultOffset)
        if !cursor.atEnd {
            guard cursor.skip("T") || cursor.skip("t") || cursor.skip(" "),
                  let hour = cursor.digits(2), cursor.skip(":"),
                  let minute = cursor.digits(2)
            else { return nil }
            var second: Int64 = 0
            if cursor.skip(":") {
                guard let s = cursor.digits(2) else { return nil }
                second = s
                if cursor.skip(".") || cursor.skip(",") {
                    guard let fraction = cursor.fraction() else { return nil }
                    nanoseconds = fraction
                }
            }
            guard hour <= 23, minute <= 59, second <= 59 else { return nil }
            secondOfDay = hour * 3600 + minute * 60 + second

            if cursor.skip("Z") || cursor.skip("z") {
                offset = 0
            } else if !cursor.atEnd {
                let sign: Int64
                if cursor.skip("+") { sign = 1 } else if cursor.skip("-") { sign = -1 } else { return nil }
                guard let offsetHours = cursor.digits(2), offsetHours <= 23 else { return nil }
                var offsetMinutes: Int64 = 0
                if !cursor.atEnd {
                    _ = cursor.skip(":")
                    guard let m = cursor.digits(2), m <= 59 else { return nil }
                    offsetMinutes = m
                }
                offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
            }
            guard cursor.atEnd else { return nil }
        }
        let days = Self.days(fromCivil: year, month, day)
        return Timestamp(seconds: days * 86_400 + secondOfDay - offset, nanoseconds: nanoseconds)
    }

    private struct Cursor {
        let text: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset == text.count }

        mutating func skip(_ expected: Unicode.Scalar) -> Bool {
            guard offset < text.count, text[offset] == UInt8(ascii: expected) else { return false }
            offset += 1
            return true
        }

        /// Exactly `count` decimal digits.
        mutating func digits(_ count: Int) -> Int64? {
            guard offset + count <= text.count else { return nil }
            var value: Int64 = 0
            for i in offset..<offset + count {
                let digit = text[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            offset += count
            return value
        }

        /// 1–9 fraction digits, scaled to nanoseconds.
        mutating func fraction() -> Int32? {
            var value: Int32 = 0
            var count = 0
            while offset < text.count, text[offset] &- UInt8(ascii: "0") < 10 {
                guard count < 9 else { return nil }
                value = value * 10 + Int32(text[offset] &- UInt8(ascii: "0"))
                count += 1
                offset += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<9 { value *= 10 }
            return value
        }
    }
}
