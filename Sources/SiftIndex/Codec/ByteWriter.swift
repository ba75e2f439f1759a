/// A growable little-endian byte buffer for encoding blocks before they go to a file.
///
/// Every multi-byte integer in Sift's files is little-endian; variable-length integers are
/// unsigned LEB128 (7 bits a byte, high bit set on every byte but the last), as in Lucene's VInt.
package struct ByteWriter: Sendable {
    package var bytes: [UInt8]

    package init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    package var count: Int { bytes.count }

    /// Empties the buffer, keeping its capacity for the next block.
    package mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    @inline(__always)
    package mutating func writeUInt8(_ value: UInt8) { bytes.append(value) }

    package mutating func writeUInt16(_ value: UInt16) { appendLittleEndian(value) }
    package mutating func writeUInt32(_ value: UInt32) { appendLittleEndian(value) }
    package mutating func writeUInt64(_ value: UInt64) { appendLittleEndian(value) }
    package mutating func writeInt64(_ value: Int64) { appendLittleEndian(UInt64(bitPattern: value)) }

    @inline(__always)
    private mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Unsigned LEB128: 1 byte below 128, at most 10 bytes.
    @inline(__always)
    package mutating func writeVInt(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    @inline(__always)
    package mutating func writeVInt(_ value: Int) {
        precondition(value >= 0, "writeVInt takes non-negative values; use writeZigZag")
        writeVInt(UInt64(value))
    }

    /// Signed values as ZigZag then VInt, so small negative numbers stay short.
    package mutating func writeZigZag(_ value: Int64) {
        writeVInt(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    package mutating func writeBytes(_ source: UnsafeRawBufferPointer) { bytes.append(contentsOf: source) }
    package mutating func writeBytes(_ source: [UInt8]) { bytes.append(contentsOf: source) }
    package mutating func writeBytes(_ source: ArraySlice<UInt8>) { bytes.append(contentsOf: source) }

    /// A VInt length followed by the bytes.
    package mutating func writeLengthPrefixed(_ source: UnsafeRawBufferPointer) {
        writeVInt(source.count)
        bytes.append(contentsOf: source)
    }

    package mutating func writeLengthPrefixed(_ source: [UInt8]) {
        source.withUnsafeBytes { writeLengthPrefixed($0) }
    }

    /// Overwrites four bytes written earlier (a length or offset known only later).
    package mutating func patchUInt32(_ value: UInt32, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { source in
            for i in 0..<4 { bytes[offset + i] = source[i] }
        }
    }
}
