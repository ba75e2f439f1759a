/// 64-bit hashes of field values for ``HyperLogLogPlusPlus``, as Elasticsearch's `cardinality`
/// computes them: MurmurHash3 (x64, 128-bit, seed 0, first half) over the bytes of strings, and
/// MurmurHash3's 64-bit finalizer over the bits of numbers (`BitMixer.mix64`).
///
/// Every bit of the result must be well mixed: the sketch takes its register index from the top bits
/// and its rank from the rest.
package enum CardinalityHash {
    /// MurmurHash3 x64_128 of `bytes` with seed 0, first 64 bits (`h1`).
    @inlinable
    package static func hash(bytes: some Sequence<UInt8>) -> UInt64 {
        var state = Murmur3State()
        for byte in bytes { state.append(byte) }
        return state.finish()
    }

    /// The hash of a keyword: MurmurHash3 of its UTF-8 bytes.
    @inlinable
    package static func hash(_ string: String) -> UInt64 {
        hash(bytes: string.utf8)
    }

    /// The hash of a long (also dates as epoch millis): the MurmurHash3 finalizer of its bits.
    @inlinable
    package static func hash(_ value: Int64) -> UInt64 {
        mix64(UInt64(bitPattern: value))
    }

    /// The hash of a double: the finalizer of its IEEE bits, with every NaN the same (Java's
    /// `doubleToLongBits`).
    @inlinable
    package static func hash(_ value: Double) -> UInt64 {
        mix64(value.isNaN ? Double.nan.bitPattern : value.bitPattern)
    }

    /// MurmurHash3's `fmix64`: a bijection on 64-bit values where each input bit flips each output bit
    /// with probability about one half.
    @inlinable
    package static func mix64(_ value: UInt64) -> UInt64 {
        Murmur3State.mix64(value)
    }
}

/// MurmurHash3 x64_128 fed one byte at a time, so any byte sequence can be hashed without copying it.
@usableFromInline
struct Murmur3State {
    @usableFromInline static let c1: UInt64 = 0x87c3_7b91_1142_53d5
    @usableFromInline static let c2: UInt64 = 0x4cf5_ad43_2745_937f

    @usableFromInline var h1: UInt64 = 0
    @usableFromInline var h2: UInt64 = 0
    /// The current 16-byte block, little-endian.
    @usableFromInline var k1: UInt64 = 0
    @usableFromInline var k2: UInt64 = 0
    @usableFromInline var position = 0
    @usableFromInline var length: UInt64 = 0

    @inlinable
    init() {}

    @inlinable
    mutating func append(_ byte: UInt8) {
        if position < 8 {
            k1 |= UInt64(byte) << (position * 8)
        } else {
            k2 |= UInt64(byte) << ((position - 8) * 8)
        }
        position += 1
        length &+= 1
        if position == 16 {
            h1 ^= Self.mixK1(k1)
            h1 = Self.rotate(h1, 27) &+ h2
            h1 = h1 &* 5 &+ 0x52dc_e729
            h2 ^= Self.mixK2(k2)
            h2 = Self.rotate(h2, 31) &+ h1
            h2 = h2 &* 5 &+ 0x3849_5ab5
            (k1, k2, position) = (0, 0, 0)
        }
    }

    @inlinable
    mutating func finish() -> UInt64 {
        if position > 8 { h2 ^= Self.mixK2(k2) }
        if position > 0 { h1 ^= Self.mixK1(k1) }
        h1 ^= length
        h2 ^= length
        h1 &+= h2
        h2 &+= h1
        h1 = Self.mix64(h1)
        h2 = Self.mix64(h2)
        return h1 &+ h2
    }

    @inlinable
    static func mixK1(_ k: UInt64) -> UInt64 { rotate(k &* c1, 31) &* c2 }

    @inlinable
    static func mixK2(_ k: UInt64) -> UInt64 { rotate(k &* c2, 33) &* c1 }

    @inlinable
    static func mix64(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }

    @inlinable
    static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
