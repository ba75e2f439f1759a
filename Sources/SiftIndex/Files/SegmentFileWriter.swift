import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// Streams one segment file: the header, the caller's body, then the footer with the CRC-32C of
/// everything before it (layout in FORMAT.md, "Segment files").
///
/// Writes go through a 1 MiB buffer, so callers append small encoded pieces freely. Single owner:
/// call ``finish(sync:)`` exactly once; a writer dropped without it leaves a file with no footer,
/// which no reader accepts.
package struct SegmentFileWriter: ~Copyable {
    package static let headerSize = 28
    package static let footerSize = 12
    static let magic: UInt32 = 0x5446_4953  // "SIFT"
    static let footerMagic: UInt32 = 0x544F_4F46  // "FOOT"

    package let path: FilePath
    private let fd: FileDescriptor
    private var buffer: [UInt8]
    private var crc = CRC32C()
    private var flushed = 0
    private var finished = false

    /// Creates (or truncates) `path` and writes the header.
    package init(creating path: FilePath, kind: FileKind, version: UInt32, segment: SegmentUUID) throws(IndexError) {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(
                path, .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite, .groupRead, .otherRead]
            )
        } catch {
            throw .io(path: path.string, reason: "\(error)")
        }
        var header = ByteWriter(capacity: 1 << 20)
        header.writeUInt32(Self.magic)
        header.writeUInt32(kind.rawValue)
        header.writeUInt32(version)
        header.writeBytes(segment.bytes)
        self.path = path
        self.fd = fd
        self.buffer = header.bytes
    }

    deinit {
        if !finished { try? fd.close() }
    }

    /// Bytes written so far, header included: the file offset the next byte will have.
    package var offset: Int { flushed + buffer.count }

    package mutating func write(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    package mutating func write(_ bytes: [UInt8]) throws(IndexError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    package mutating func write(_ writer: ByteWriter) throws(IndexError) {
        try write(writer.bytes)
    }

    private mutating func flush() throws(IndexError) {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { crc.update($0) }
        do {
            _ = try fd.writeAll(buffer)
        } catch {
            throw .io(path: path.string, reason: "\(error)")
        }
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the footer and closes the file, fsyncing it first when `sync` is true (a segment
    /// made by a refresh is synced later, at commit). Returns the file's length.
    package consuming func finish(sync: Bool) throws(IndexError) -> Int {
        var footer = ByteWriter(capacity: Self.footerSize)
        footer.writeUInt32(Self.footerMagic)
        footer.writeUInt32(0)  // reserved
        buffer.append(contentsOf: footer.bytes)
        buffer.withUnsafeBytes { crc.update($0) }
        var checksum = ByteWriter(capacity: 4)
        checksum.writeUInt32(crc.value)
        buffer.append(contentsOf: checksum.bytes)
        let length = flushed + buffer.count
        finished = true
        do {
            try fd.closeAfter {
                _ = try fd.writeAll(buffer)
                if sync, fsync(fd.rawValue) != 0 { throw Errno(rawValue: errno) }
            }
        } catch {
            throw .io(path: path.string, reason: "\(error)")
        }
        return length
    }
}
