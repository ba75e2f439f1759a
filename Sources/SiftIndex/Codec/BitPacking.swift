/// Fixed-width packing of unsigned integers: `count` values of `bitWidth` bits each, value `i`
/// at bit `i * bitWidth`, bits little-endian, in `byteCount(count:bitWidth:)` bytes with no
/// padding. Postings blocks and column blocks use it (Lucene's and tantivy's bitpacker idea).
package enum BitPacking {
    /// Bits needed for `maxValue` (0 for 0).
    @inline(__always)
    package static func bitWidth(_ maxValue: UInt64) -> Int { 64 - maxValue.leadingZeroBitCount }

    @inline(__always)
    package static func byteCount(count: Int, bitWidth: Int) -> Int { (count * bitWidth + 7) >> 3 }

    /// Appends the packed values to `writer`.
    package static func pack(_ values: UnsafeBufferPointer<UInt64>, bitWidth: Int, into writer: inout ByteWriter) {
        precondition((0...64).contains(bitWidth))
        guard bitWidth > 0, !values.isEmpty else { return }
        let total = byteCount(count: values.count, bitWidth: bitWidth)
        let start = writer.bytes.count
        writer.bytes.append(contentsOf: repeatElement(0, count: total))
        writer.bytes.withUnsafeMutableBytes { raw in
            let out = UnsafeMutableRawBufferPointer(rebasing: raw[start..<(start + total)])
            var accumulator: UInt64 = 0
            var filled = 0  // bits in accumulator
            var position = 0
            let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) - 1
            for value in values {
                let v = value & mask
                accumulator |= v << UInt64(filled)
                let room = 64 - filled
                if bitWidth >= room {
                    out.storeBytes(of: accumulator.littleEndian, toByteOffset: position, as: UInt64.self)
                    position += 8
                    // Bits of v that did not fit start the next word.
                    accumulator = room == 64 ? 0 : v >> UInt64(room)
                    filled = bitWidth - room
                } else {
                    filled += bitWidth
                }
            }
            var tail = accumulator
            while position < total {
                out[position] = UInt8(truncatingIfNeeded: tail)
                tail >>= 8
                position += 1
            }
        }
    }

    package static func pack(_ values: [UInt64], bitWidth: Int, into writer: inout ByteWriter) {
        values.withUnsafeBufferPointer { pack($0, bitWidth: bitWidth, into: &writer) }
    }

    /// Value `index` of a packed run starting at `base`. `base` must hold the whole run
    /// (`byteCount(count:bitWidth:)` bytes); reads never go past it.
    @inline(__always)
    package static func get(_ index: Int, bitWidth: Int, from base: UnsafeRawBufferPointer) -> UInt64 {
        if bitWidth == 0 { return 0 }
        let bit = index &* bitWidth
        let byte = bit &>> 3
        let shift = UInt64(bit & 7)
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 &<< UInt64(bitWidth)) &- 1
        if byte &+ 8 <= base.count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
            if Int(shift) &+ bitWidth <= 64 { return (word &>> shift) & mask }
            // Spans nine bytes: the ninth supplies the top bits.
            let high = UInt64(base[byte &+ 8])
            return ((word &>> shift) | (high &<< (64 &- shift))) & mask
        }
        // Near the end of the run: assemble byte by byte.
        var word: UInt64 = 0
        var i = 0
        while i < 9 && byte &+ i < base.count {
            if i < 8 { word |= UInt64(base[byte &+ i]) &<< UInt64(8 &* i) }
            i &+= 1
        }
        var value = word &>> shift
        if Int(shift) &+ bitWidth > 64, byte &+ 8 < base.count {
            value |= UInt64(base[byte &+ 8]) &<< (64 &- shift)
        }
        return value & mask
    }

    /// Decodes `output.count` values from a packed run.
    package static func unpack(_ base: UnsafeRawBufferPointer, bitWidth: Int, into output: UnsafeMutableBufferPointer<UInt64>) {
        if bitWidth == 0 {
            output.update(repeating: 0)
            return
        }
        for i in 0..<output.count {
            output[i] = get(i, bitWidth: bitWidth, from: base)
        }
    }
}
