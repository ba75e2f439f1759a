/// Parses IP address literals for `ip` fields into 16 bytes, IPv4 as IPv4-mapped IPv6.
package enum IPAddress {
    /// `a.b.c.d` or an IPv6 literal (with `::` and an optional dotted IPv4 tail); nil otherwise.
    package static func parse(_ string: String) -> [UInt8]? {
        var string = string
        return string.withUTF8 { utf8 in
            let b = UnsafeRawBufferPointer(utf8)
            if let v4 = parseIPv4(b[...]) {
                return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + v4
            }
            return parseIPv6(b)
        }
    }

    /// The text of 16 stored bytes: dotted IPv4 for IPv4-mapped addresses, else RFC 5952 IPv6
    /// (lowercase hex, the longest run of two or more zero groups as `::`); nil if not 16 bytes.
    package static func format(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 16 else { return nil }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return bytes[12...].map { String($0) }.joined(separator: ".")
        }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var bestStart = -1, bestLength = 1, start = -1
        for i in 0...8 {
            if i < 8 && groups[i] == 0 {
                if start < 0 { start = i }
            } else if start >= 0 {
                if i - start > bestLength { (bestStart, bestLength) = (start, i - start) }
                start = -1
            }
        }
        func hex(_ range: Range<Int>) -> String { groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
        guard bestStart >= 0 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }

    /// Four decimal parts 0–255 of one to three digits.
    private static func parseIPv4(_ b: Slice<UnsafeRawBufferPointer>) -> [UInt8]? {
        var parts: [UInt8] = []
        parts.reserveCapacity(4)
        var value = 0
        var digits = 0
        for byte in b {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts.count < 3 else { return nil }
                parts.append(UInt8(value))
                value = 0
                digits = 0
            } else {
                let digit = byte &- 48
                guard digit < 10, digits < 3 else { return nil }
                value = value * 10 + Int(digit)
                guard value <= 255 else { return nil }
                digits += 1
            }
        }
        guard digits > 0, parts.count == 3 else { return nil }
        parts.append(UInt8(value))
        return parts
    }

    private static func parseIPv6(_ b: UnsafeRawBufferPointer) -> [UInt8]? {
        guard b.count >= 2 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        var i = 0
        if b[0] == UInt8(ascii: ":") {
            guard b[1] == UInt8(ascii: ":") else { return nil }
            sawGap = true
            i = 2
            if i == b.count { return [UInt8](repeating: 0, count: 16) }
        }
        while i < b.count {
            // A dotted IPv4 tail takes the last 32 bits.
            var j = i
            var isDotted = false
            while j < b.count, b[j] != UInt8(ascii: ":") {
                if b[j] == UInt8(ascii: ".") { isDotted = true }
                j += 1
            }
            if isDotted {
                guard j == b.count, let v4 = parseIPv4(b[i..<j]) else { return nil }
                let groups = [UInt16(v4[0]) << 8 | UInt16(v4[1]), UInt16(v4[2]) << 8 | UInt16(v4[3])]
                if sawGap { tail += groups } else { head += groups }
                i = j
                break
            }
            guard j - i >= 1, j - i <= 4 else { return nil }
            var group: UInt16 = 0
            for k in i..<j {
                guard let nibble = hexValue(b[k]) else { return nil }
                group = group << 4 | UInt16(nibble)
            }
            if sawGap { tail.append(group) } else { head.append(group) }
            i = j
            if i == b.count { break }
            i += 1  // the colon
            if i < b.count, b[i] == UInt8(ascii: ":") {
                guard !sawGap else { return nil }
                sawGap = true
                i += 1
                if i == b.count { break }
            } else if i == b.count {
                return nil  // trailing single colon
            }
        }
        let count = head.count + tail.count
        guard sawGap ? count <= 7 : count == 8 else { return nil }
        let groups = head + [UInt16](repeating: 0, count: 8 - count) + tail
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for group in groups {
            bytes.append(UInt8(group >> 8))
            bytes.append(UInt8(group & 0xFF))
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
