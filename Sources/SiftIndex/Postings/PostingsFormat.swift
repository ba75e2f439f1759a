/// Constants and small codecs shared by the inverted index writer and readers (layout in FORMAT.md,
/// "Inverted index").
enum PostingsFormat {
    static let termsKind = FileKind("TERM")
    static let postingsKind = FileKind("POST")
    static let positionsKind = FileKind("POSI")
    static let version: UInt32 = 1

    /// Docs per packed postings block, and positions per packed positions run.
    static let blockSize = 128
    /// Longest term the dictionary stores (its lengths are packed in at most 20 bits).
    static let maxTermLength = (1 << 20) - 1
    /// Terms per term-dictionary block: the sparse index holds one entry per block, a lookup decodes one block.
    static let termsPerBlock = 64

    /// Suffix codecs of a term block (low two bits of its flags byte).
    static let suffixRaw: UInt8 = 0
    static let suffixHex: UInt8 = 1
    static let suffixLZ4: UInt8 = 2
    /// Flag: every term of the block has the same length, stored once.
    static let equalLengths: UInt8 = 4
    /// Flag: every term of the block is in exactly one document (no per-term docFreq codes).
    static let allSingletons: UInt8 = 8
    /// Flag: the block's single-document terms store their doc ids as the first id plus zigzag deltas.
    static let singletonDeltas: UInt8 = 16

    static func fileName(_ segmentName: String, _ extension: String) -> String { "\(segmentName).\(`extension`)" }

    /// Nibble of a lowercase hex digit, or 0xFF for any other byte.
    static let hexValue: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "0123456789abcdef".utf8.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

/// A run of small unsigned values: a width byte, then the values bit-packed at that width.
enum PackedRun {
    static func write(_ values: UnsafeBufferPointer<UInt64>, into writer: inout ByteWriter) {
        var bits: UInt64 = 0
        for value in values { bits |= value }
        let width = BitPacking.bitWidth(bits)
        writer.writeUInt8(UInt8(width))
        BitPacking.pack(values, bitWidth: width, into: &writer)
    }

    /// Calls `body(i, value)` for the `count` values of a run of `width` (at most 56) bits starting at
    /// `base`: one unaligned 8-byte load per value when `base` extends 8 bytes past the run's last
    /// value (true inside a file but near its end), else ``BitPacking/get(_:bitWidth:from:)``.
    @inline(__always)
    static func forEach(_ base: UnsafeRawBufferPointer, count: Int, width: Int, _ body: (Int, UInt64) -> Void) {
        guard count > 0 else { return }
        let mask: UInt64 = (1 &<< UInt64(truncatingIfNeeded: width)) &- 1
        if width <= 56, let pointer = base.baseAddress, (((count &- 1) &* width) &>> 3) &+ 8 <= base.count {
            var bit = 0
            for i in 0..<count {
                let word = UInt64(littleEndian: pointer.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
                body(i, (word &>> UInt64(bit & 7)) & mask)
                bit &+= width
            }
        } else {
            for i in 0..<count { body(i, BitPacking.get(i, bitWidth: width, from: base)) }
        }
    }

    /// A packed run inside a file, read value by value.
    struct Run {
        let width: Int
        let base: UnsafeRawBufferPointer
        @inline(__always)
        subscript(_ index: Int) -> UInt64 { BitPacking.get(index, bitWidth: width, from: base) }
    }

    /// Reads the width byte of a run of `count` values, each at most `maxWidth` bits, and moves
    /// `reader` past the run.
    @inline(__always)
    static func open(_ reader: inout ByteReader, count: Int, maxWidth: Int) throws(CorruptData) -> Run {
        let width = Int(try reader.readUInt8())
        guard width <= maxWidth else { throw CorruptData("bit width \(width) exceeds \(maxWidth) at offset \(reader.offset)") }
        let start = reader.offset
        try reader.skip(BitPacking.byteCount(count: count, bitWidth: width))
        // The rest of the buffer, so `get` takes its 8-byte fast path for all but the last values.
        return Run(width: width, base: UnsafeRawBufferPointer(rebasing: reader.buffer[start...]))
    }
}

extension PostingsFormat {
    /// Unsigned byte-order comparison of two terms (memcmp semantics, a proper prefix first):
    /// negative, zero or positive.
    @inline(__always)
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = Swift.min(a.count, b.count)
        if n > 0, let x = a.baseAddress, let y = b.baseAddress {
            let c = memcmpBytes(x, y, n)
            if c != 0 { return c }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// Number of leading bytes `a` and `b` share.
    @inline(__always)
    static func commonPrefix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = Swift.min(a.count, b.count)
        var i = 0
        while i < n && a[i] == b[i] { i &+= 1 }
        return i
    }
}

@inline(__always)
private func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Int {
    var i = 0
    // Eight bytes at a time; big-endian load makes integer order equal byte order.
    while i &+ 8 <= n {
        let x = UInt64(bigEndian: a.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        let y = UInt64(bigEndian: b.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        if x != y { return x < y ? -1 : 1 }
        i &+= 8
    }
    while i < n {
        let x = a.load(fromByteOffset: i, as: UInt8.self)
        let y = b.load(fromByteOffset: i, as: UInt8.self)
        if x != y { return x < y ? -1 : 1 }
        i &+= 1
    }
    return 0
}
