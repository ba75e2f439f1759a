#if canImport(Glibc)
import Glibc
#endif

/// 16 random bytes written into the header of every file of one segment, so files of different
/// segments (an old segment under a reused name, a file copied by hand) are never mixed.
package struct SegmentUUID: Hashable, Sendable, CustomStringConvertible {
    package let bytes: [UInt8]

    package init(bytes: [UInt8]) {
        precondition(bytes.count == 16)
        self.bytes = bytes
    }

    /// Fresh random bytes from the system generator.
    package static func random() -> SegmentUUID {
        var generator = SystemRandomNumberGenerator()
        return SegmentUUID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    package var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses the 32 hex digits of ``description``.
    package init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 32 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 32, by: 2) {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }
}
