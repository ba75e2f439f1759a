/// UTF-8 decoding for tokenizers, which see raw bytes that nothing has validated yet.
extension UnsafeRawBufferPointer {
    /// Returned by ``decodeScalar(at:)`` for a byte that does not start a valid scalar.
    static var invalidScalar: UInt32 { .max }

    /// The scalar starting at byte `i` (which must be in bounds) and its length in bytes.
    ///
    /// An invalid sequence (stray continuation, overlong form, surrogate, beyond U+10FFFF,
    /// truncated at the end) gives ``invalidScalar`` with length 1, so callers skip one byte
    /// and resynchronise on the next.
    @inline(__always)
    func decodeScalar(at i: Int) -> (value: UInt32, length: Int) {
        let lead = self[i]
        return lead < 0x80 ? (UInt32(lead), 1) : decodeMultibyteScalar(at: i)
    }

    // Kept out of line: log text is mostly ASCII, and a small inlined loop body runs faster.
    @inline(never)
    private func decodeMultibyteScalar(at i: Int) -> (value: UInt32, length: Int) {
        let invalid = (value: Self.invalidScalar, length: 1)
        let lead = self[i]
        // The second byte's range is what rules out overlong forms, surrogates and > U+10FFFF
        // (Unicode Table 3-7, well-formed UTF-8 byte sequences).
        let length: Int, low: UInt8, high: UInt8
        switch lead {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE, 0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        default: return invalid
        }
        guard count - i >= length else { return invalid }
        let second = self[i + 1]
        guard second >= low, second <= high else { return invalid }
        var value = UInt32(lead & (0x7F >> length)) << 6 | UInt32(second & 0x3F)
        for k in 2..<length {
            let byte = self[i + k]
            guard byte & 0xC0 == 0x80 else { return invalid }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (value, length)
    }

    /// The part of the input whose byte offsets fit in `Int32`, as ``Token`` stores them.
    ///
    /// A single value over 2 GiB is not a log message; cutting it is better than trapping on it.
    var clampedForTokenOffsets: UnsafeRawBufferPointer {
        count <= Int(Int32.max) ? self : UnsafeRawBufferPointer(rebasing: self[..<Int(Int32.max)])
    }
}
