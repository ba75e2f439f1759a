import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// A whole file mapped read-only into memory; unmapped when the last reference goes away.
///
/// Segment readers keep one per file; snapshots hold the readers, so a file stays mapped (and
/// readable even after retention unlinks it) for as long as any search uses it.
package final class MappedFile: @unchecked Sendable {  // immutable after init; the mapping is read-only
    package let path: FilePath
    package let bytes: UnsafeRawBufferPointer

    package init(path: FilePath) throws(IndexError) {
        self.path = path
        let fd = open(path.string, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path.string, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path.string, reason: String(cString: strerror(errno))) }
        let length = Int(info.st_size)
        if length == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let address = mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0)
        guard let address, address != MAP_FAILED else {
            throw .io(path: path.string, reason: "mmap: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: length)
    }

    deinit {
        if let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }

    /// Checks the header (magic, kind, version, segment) and the footer checksum, and returns the
    /// body: the bytes between header and footer, as offsets into ``bytes``.
    ///
    /// - Throws: ``IndexError/corrupted(path:reason:)`` naming what did not match.
    package func verify(kind: FileKind, versions: ClosedRange<UInt32>, segment: SegmentUUID) throws(IndexError) -> SegmentFileBody {
        let headerSize = SegmentFileWriter.headerSize
        let footerSize = SegmentFileWriter.footerSize
        guard bytes.count >= headerSize + footerSize else {
            throw .corrupted(path: path.string, reason: "file is \(bytes.count) bytes, shorter than header and footer")
        }
        var header = ByteReader(bytes)
        do throws(CorruptData) {
            guard try header.readUInt32() == SegmentFileWriter.magic else {
                throw CorruptData("not a Sift segment file (bad magic)")
            }
            let foundKind = FileKind(rawValue: try header.readUInt32())
            guard foundKind == kind else { throw CorruptData("file kind is \(foundKind), expected \(kind)") }
            let version = try header.readUInt32()
            guard versions.contains(version) else {
                throw CorruptData("format version \(version) is not supported (supported: \(versions))")
            }
            guard Array(try header.readSlice(16)) == segment.bytes else {
                throw CorruptData("file belongs to another segment")
            }
            var footer = ByteReader(bytes, offset: bytes.count - footerSize)
            guard try footer.readUInt32() == SegmentFileWriter.footerMagic else {
                throw CorruptData("footer missing (truncated file?)")
            }
            _ = try footer.readUInt32()
            let stored = try footer.readUInt32()
            let actual = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 4)]))
            guard stored == actual else {
                throw CorruptData("checksum mismatch (stored \(hex(stored)), computed \(hex(actual)))")
            }
            releaseResidentPages()
            return SegmentFileBody(version: version, range: headerSize..<(bytes.count - footerSize))
        } catch {
            throw .corrupted(path: path.string, reason: error.reason)
        }
    }
}

extension MappedFile {
    /// The checksum just read every page; drop them from this process's resident set (they stay in
    /// the kernel's page cache and fault back in when a search touches them), so opening segments
    /// does not count their whole size against the indexer's memory.
    private func releaseResidentPages() {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, MADV_DONTNEED)
    }
}

/// Where a verified file's content lies, and the format version its header declared.
package struct SegmentFileBody: Sendable {
    package var version: UInt32
    package var range: Range<Int>
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
