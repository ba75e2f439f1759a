/// The writing half of the column encoding: doc-to-value maps and packed value blocks, appended to a
/// ``ByteWriter``. Kept apart from ``ColumnWriter`` so the file plumbing stays short.
enum ColumnEncoding {
    /// Values packed per call of ``BitPacking/pack(_:bitWidth:into:)``: a multiple of 8, so the chunks
    /// of one run join without padding bits between them.
    static let chunk = 512

    /// What the offsets say about a column, from one pass over them.
    struct Shape {
        var layout: ColumnFormat.Layout
        var docsWithValue: Int
        var valueCount: Int
    }

    /// Checks the caller's offsets (a programmer error if wrong) and classifies the column.
    static func shape(docCount: Int, offsets: UnsafeBufferPointer<UInt32>, valueCount: Int) -> Shape {
        precondition(offsets.count == docCount + 1, "offsets must have docCount + 1 entries")
        precondition(offsets[0] == 0 && Int(offsets[docCount]) == valueCount, "offsets must span all values")
        var docsWithValue = 0
        var multi = false
        var previous = offsets[0]
        for d in 0..<docCount {
            let next = offsets[d &+ 1]
            precondition(next >= previous, "offsets must not decrease")
            let n = next &- previous
            if n != 0 { docsWithValue &+= 1 }
            if n > 1 { multi = true }
            previous = next
        }
        let layout: ColumnFormat.Layout =
            valueCount == 0 ? .empty : multi ? .multi : docsWithValue == docCount ? .dense : .sparse
        return Shape(layout: layout, docsWithValue: docsWithValue, valueCount: valueCount)
    }

    /// Appends the doc-to-value map: nothing for empty and dense columns, ranks and bitset for
    /// sparse ones, packed offsets for multi-valued ones.
    static func writeDocMap(
        _ layout: ColumnFormat.Layout, docCount: Int, offsets: UnsafeBufferPointer<UInt32>,
        into out: inout ByteWriter, scratch: UnsafeMutableBufferPointer<UInt64>
    ) {
        let shift = ColumnFormat.blockShift
        switch layout {
        case .empty, .dense:
            return
        case .sparse:
            let blockCount = (docCount + (1 << shift) - 1) >> shift
            for b in 0..<blockCount {
                out.writeUInt32(offsets[b << shift])  // single-valued: values before the block = docs before it
            }
            let wordCount = (docCount + 63) >> 6
            for w in 0..<wordCount {
                var word: UInt64 = 0
                let first = w << 6
                for bit in 0..<min(64, docCount - first) where offsets[first + bit + 1] != offsets[first + bit] {
                    word |= 1 << UInt64(bit)
                }
                out.writeUInt64(word)
            }
        case .multi:
            let width = BitPacking.bitWidth(UInt64(offsets[docCount]))
            out.writeUInt8(UInt8(width))
            pack(count: docCount + 1, width: width, into: &out, scratch: scratch) { UInt64(offsets[$0]) }
        }
    }

    /// Packs `count` values produced by `value` at `width` bits, a chunk at a time.
    @inline(__always)
    static func pack(
        count: Int, width: Int, into out: inout ByteWriter, scratch: UnsafeMutableBufferPointer<UInt64>,
        _ value: (Int) -> UInt64
    ) {
        guard width > 0 else { return }
        var start = 0
        while start < count {
            let n = min(chunk, count - start)
            for i in 0..<n { scratch[i] = value(start &+ i) }
            BitPacking.pack(UnsafeBufferPointer(rebasing: scratch[0..<n]), bitWidth: width, into: &out)
            start &+= n
        }
    }

    /// Appends one 32-byte entry per doc block to `meta` and the packed values to `data`. A block
    /// stores `(value - min) / gcd`, where gcd is that of all `value - min` of the block, so
    /// millisecond dates rounded to seconds or prices in cents lose their constant factor.
    static func writeNumericBlocks(
        docCount: Int, offsets: UnsafeBufferPointer<UInt32>, values: UnsafeBufferPointer<Int64>,
        meta: inout ByteWriter, data: inout ByteWriter, scratch: UnsafeMutableBufferPointer<UInt64>
    ) {
        let shift = ColumnFormat.blockShift
        let blockCount = (docCount + (1 << shift) - 1) >> shift
        for b in 0..<blockCount {
            let start = Int(offsets[b << shift])
            let end = Int(offsets[min((b + 1) << shift, docCount)])
            let offset = data.count
            guard start < end else {
                meta.writeInt64(Int64.max)  // min > max marks a block without values
                meta.writeInt64(Int64.min)
                meta.writeUInt64(1)
                meta.writeUInt64(UInt64(offset) << 8)
                continue
            }
            var low = values[start]
            var high = low
            for i in (start + 1)..<end {
                let v = values[i]
                low = Swift.min(low, v)
                high = Swift.max(high, v)
            }
            var divisor: UInt64 = 0
            for i in start..<end {
                let delta = UInt64(bitPattern: values[i] &- low)
                if delta != 0 {
                    divisor = gcd(divisor, delta)
                    if divisor == 1 { break }
                }
            }
            if divisor == 0 { divisor = 1 }
            let width = BitPacking.bitWidth(UInt64(bitPattern: high &- low) / divisor)
            if divisor == 1 {
                pack(count: end - start, width: width, into: &data, scratch: scratch) {
                    UInt64(bitPattern: values[start &+ $0] &- low)
                }
            } else {
                pack(count: end - start, width: width, into: &data, scratch: scratch) {
                    UInt64(bitPattern: values[start &+ $0] &- low) / divisor
                }
            }
            meta.writeInt64(low)
            meta.writeInt64(high)
            meta.writeUInt64(divisor)
            meta.writeUInt64(UInt64(offset) << 8 | UInt64(width))
        }
    }

    /// Binary GCD (Stein): shifts and subtractions instead of divisions.
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        if a == 0 { return b }
        if b == 0 { return a }
        let common = (a | b).trailingZeroBitCount
        var x = a >> UInt64(a.trailingZeroBitCount)
        var y = b
        repeat {
            y >>= UInt64(y.trailingZeroBitCount)
            if x > y { swap(&x, &y) }
            y -= x
        } while y != 0
        return x << UInt64(common)
    }
}
