/// Number tokens.
///
/// Integers are accumulated inline. Decimals take Clinger's fast path when the digits fit in 53
/// bits and the decimal exponent is at most 22 in magnitude: both operands are then exact doubles,
/// so one IEEE multiplication or division rounds correctly. Anything else (long mantissas, large
/// exponents, integers beyond `Int64`) goes to the standard library's correctly rounded parser.
extension JSONParser {
    /// Exact powers of ten representable as `Double` (10^22 is the largest).
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the number starting at `pos` (a `-` or a digit).
    mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = pos
        let negative = byte(at: pos) == ASCII.minus
        if negative { pos += 1 }

        // Significant digits go into `mantissa` until 19 of them have been seen; any more set
        // `truncated` and send the number to the slow path.
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var truncated = false
        var fractionDigits = 0

        guard pos < count, let first = digit(at: pos) else { throw JSONError(.invalidNumber, at: pos) }
        pos += 1
        if first == 0 {
            if pos < count, digit(at: pos) != nil { throw JSONError(.leadingZero, at: start) }
        } else {
            mantissa = UInt64(first)
            significantDigits = 1
            while pos < count, let d = digit(at: pos) {
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significantDigits &+= 1
                } else {
                    truncated = true
                }
                pos &+= 1
            }
        }

        var isInteger = true
        if pos < count, byte(at: pos) == ASCII.dot {
            isInteger = false
            pos += 1
            guard pos < count, digit(at: pos) != nil else { throw JSONError(.invalidNumber, at: pos) }
            while pos < count, let d = digit(at: pos) {
                if significantDigits < 19 {
                    if mantissa != 0 || d != 0 { significantDigits &+= 1 }
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    fractionDigits &+= 1
                } else {
                    truncated = true
                }
                pos &+= 1
            }
        }

        var exponent = 0
        if pos < count, byte(at: pos) | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            pos += 1
            var negativeExponent = false
            if pos < count, byte(at: pos) == ASCII.minus || byte(at: pos) == ASCII.plus {
                negativeExponent = byte(at: pos) == ASCII.minus
                pos += 1
            }
            guard pos < count, digit(at: pos) != nil else { throw JSONError(.invalidNumber, at: pos) }
            while pos < count, let d = digit(at: pos) {
                // Saturate: anything this large is out of range (or zero) either way.
                if exponent < 100_000 { exponent = exponent &* 10 &+ Int(d) }
                pos &+= 1
            }
            if negativeExponent { exponent = -exponent }
        }

        if isInteger, !truncated {
            if mantissa <= UInt64(Int64.max) {
                let magnitude = Int64(mantissa)
                return .int(negative ? -magnitude : magnitude)
            }
            if negative, mantissa == UInt64(Int64.max) + 1 { return .int(.min) }
        }

        let exponent10 = exponent - fractionDigits
        if !truncated, mantissa <= 1 << 53, (-22...22).contains(exponent10) {
            var value = Double(mantissa)
            if exponent10 >= 0 {
                value *= Self.exactPowersOfTen[exponent10]
            } else {
                value /= Self.exactPowersOfTen[-exponent10]
            }
            return .double(negative ? -value : value)
        }
        return .double(try slowDouble(from: start))
    }

    @inline(__always)
    private func digit(at offset: Int) -> UInt8? {
        let d = byte(at: offset) &- ASCII.zero
        return d < 10 ? d : nil
    }

    /// Correctly rounded conversion of the already validated number text from `start` to `pos`.
    private func slowDouble(from start: Int) throws(JSONError) -> Double {
        let text = Self.makeString(UnsafeRawBufferPointer(start: base + start, count: pos - start))
        guard let value = Double(text), value.isFinite else {
            throw JSONError(.numberOutOfRange, at: start)
        }
        return value
    }
}
