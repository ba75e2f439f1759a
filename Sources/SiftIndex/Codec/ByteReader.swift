/// Content that does not decode: a length past the end, a VInt too long, an unknown tag.
///
/// File readers catch it and report ``IndexError/corrupted(path:reason:)`` naming the file.
package struct CorruptData: Error, Sendable, CustomStringConvertible {
    package var reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}

/// A cursor over encoded bytes (usually a memory-mapped file) that never reads out of bounds:
/// any read past the end throws ``CorruptData`` instead of trapping, so a damaged file is an
/// error, not a crash.
package struct ByteReader {
    package let buffer: UnsafeRawBufferPointer
    package var offset: Int

    package init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    package var remaining: Int { buffer.count - offset }
    package var isAtEnd: Bool { offset >= buffer.count }

    @inline(__always)
    private func need(_ n: Int) throws(CorruptData) {
        guard n >= 0, offset >= 0, n <= buffer.count &- offset else {
            throw CorruptData("read of \(n) bytes at offset \(offset) runs past the end (\(buffer.count) bytes)")
        }
    }

    @inline(__always)
    package mutating func readUInt8() throws(CorruptData) -> UInt8 {
        try need(1)
        defer { offset &+= 1 }
        return buffer[offset]
    }

    package mutating func readUInt16() throws(CorruptData) -> UInt16 { try readLittleEndian() }
    package mutating func readUInt32() throws(CorruptData) -> UInt32 { try readLittleEndian() }
    package mutating func readUInt64() throws(CorruptData) -> UInt64 { try readLittleEndian() }
    package mutating func readInt64() throws(CorruptData) -> Int64 { Int64(bitPattern: try readLittleEndian()) }

    @inline(__always)
    private mutating func readLittleEndian<T: FixedWidthInteger>() throws(CorruptData) -> T {
        try need(MemoryLayout<T>.size)
        defer { offset &+= MemoryLayout<T>.size }
        return T(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    @inline(__always)
    package mutating func readVInt() throws(CorruptData) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < buffer.count else { throw CorruptData("VInt runs past the end at offset \(offset)") }
            let byte = buffer[offset]
            offset &+= 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift &+= 7
            guard shift < 64 else { throw CorruptData("VInt longer than 10 bytes at offset \(offset)") }
        }
    }

    /// A VInt that must fit in `Int` and be at most `limit` (a count or length).
    @inline(__always)
    package mutating func readVIntAsInt(max limit: Int = Int(Int32.max)) throws(CorruptData) -> Int {
        let value = try readVInt()
        guard value <= UInt64(limit) else { throw CorruptData("value \(value) exceeds \(limit) at offset \(offset)") }
        return Int(value)
    }

    package mutating func readZigZag() throws(CorruptData) -> Int64 {
        let raw = try readVInt()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// The next `count` bytes, without copying.
    package mutating func readSlice(_ count: Int) throws(CorruptData) -> UnsafeRawBufferPointer {
        try need(count)
        defer { offset &+= count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset &+ count)])
    }

    package mutating func readBytes(_ count: Int) throws(CorruptData) -> [UInt8] {
        Array(try readSlice(count))
    }

    /// A VInt length followed by that many bytes, without copying.
    package mutating func readLengthPrefixed() throws(CorruptData) -> UnsafeRawBufferPointer {
        try readSlice(try readVIntAsInt(max: buffer.count))
    }

    package mutating func skip(_ count: Int) throws(CorruptData) {
        try need(count)
        offset &+= count
    }
}
