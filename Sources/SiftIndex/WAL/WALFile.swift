import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Names, header and record framing of write-ahead-log files (layout in FORMAT.md, "Write-ahead log").
///
/// A file is `<generation>.wal`, the generation as 20 zero-padded decimal digits so names sort like
/// numbers; it starts with a 16-byte header and then holds records `[length][crc32c(payload)][payload]`.
package enum WALFile {
    /// "SWAL" in file order.
    static let magic = FileKind("SWAL").rawValue
    static let version: UInt32 = 1
    package static let headerSize = 16
    /// Length and checksum before each payload.
    package static let recordHeaderSize = 8

    /// `00000000000000000042.wal` for generation 42.
    package static func fileName(generation: UInt64) -> String {
        let digits = String(generation)
        return String(repeating: "0", count: 20 - digits.count) + digits + ".wal"
    }

    /// The generation a file name stands for, or nil if the name is not exactly 20 digits + ".wal".
    package static func generation(fromFileName name: String) -> UInt64? {
        let utf8 = Array(name.utf8)
        guard utf8.count == 24, utf8[20...] == Array(".wal".utf8)[...] else { return nil }
        var value: UInt64 = 0
        for c in utf8[..<20] {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(c - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// The 16 bytes a generation's file starts with.
    package static func header(generation: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: headerSize)
        writer.writeUInt32(magic)
        writer.writeUInt32(version)
        writer.writeUInt64(generation)
        return writer.bytes
    }

    /// The generations of the `.wal` files in `directory`, ascending; empty if it does not exist.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if the directory exists but cannot be listed.
    package static func generations(in directory: FilePath) throws(IndexError) -> [UInt64] {
        try AtomicFile.fileNames(in: directory, missingIsEmpty: true).compactMap(generation(fromFileName:)).sorted()
    }


    /// Writes the whole buffer, retrying on EINTR and short writes.
    static func writeAll(_ fd: FileDescriptor, _ bytes: [UInt8], path: FilePath) throws(IndexError) {
        do {
            _ = try fd.writeAll(bytes)
        } catch {
            throw .io(path: path.string, reason: "write: \(error)")
        }
    }

    /// Flushes a file's data (and the size, which data needs to be found) to stable storage.
    static func syncData(_ fd: FileDescriptor, path: FilePath) throws(IndexError) {
        let start = ContinuousClock.now
        #if os(Linux)
        let result = fdatasync(fd.rawValue)
        #else
        let result = fsync(fd.rawValue)
        #endif
        SyncTimings.wal.record(nanoseconds: Int((ContinuousClock.now - start) / .nanoseconds(1)))
        guard result == 0 else { throw .io(path: path.string, reason: "fsync: \(String(cString: strerror(errno)))") }
    }

    static func syncDirectory(_ directory: FilePath) throws(IndexError) {
        try AtomicFile.syncDirectory(directory)
    }

    /// Creates a new generation file with its header, failing if it already exists (a generation is
    /// never reused). The caller syncs it.
    static func create(directory: FilePath, generation: UInt64) throws(IndexError) -> FileDescriptor {
        let path = directory.appending(fileName(generation: generation))
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(
                path, .writeOnly, options: [.create, .exclusiveCreate, .append, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead]
            )
        } catch {
            throw .io(path: path.string, reason: "create: \(error)")
        }
        do throws(IndexError) {
            try writeAll(fd, header(generation: generation), path: path)
        } catch {
            try? fd.close()
            throw error
        }
        return fd
    }
}
