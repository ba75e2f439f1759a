/// Doubles as `Int64` whose signed order is the doubles' numeric order, and back.
///
/// Positive doubles already compare like their bit patterns; negative ones compare in reverse, so
/// their 63 magnitude bits are flipped (the sign bit stays, keeping them below the positives). Columns
/// store only `Int64`, and range queries and block bounds then compare doubles without decoding.
/// `-0.0` encodes to -1 and `+0.0` to 0; infinities land at the ends and NaNs beyond them.
package enum SortableDouble {
    @inline(__always)
    package static func encode(_ value: Double) -> Int64 {
        let bits = Int64(bitPattern: value.bitPattern)
        return bits < 0 ? bits ^ Int64.max : bits
    }

    @inline(__always)
    package static func decode(_ bits: Int64) -> Double {
        let raw = bits < 0 ? bits ^ Int64.max : bits
        return Double(bitPattern: UInt64(bitPattern: raw))
    }
}
