import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a replay found besides the records it delivered.
package struct WALReplayReport: Sendable, Hashable {
    /// Records passed to the replay's body.
    package var records = 0
    /// Bytes of torn tail removed from the last file: a write that was never acknowledged.
    package var truncatedBytes = 0
    /// Damage that was skipped, one line each, naming the file and offset, e.g.
    /// `wal/00000000000000000003.wal: bad checksum at offset 1234; 5678 bytes skipped`.
    package var problems: [String] = []

    package init(records: Int = 0, truncatedBytes: Int = 0, problems: [String] = []) {
        self.records = records
        self.truncatedBytes = truncatedBytes
        self.problems = problems
    }
}

extension WriteAheadLog {
    /// Reads every record of the files with generation >= `generation`, in order, calling `body` with
    /// each payload (valid only during the call). Run it before appending to a log opened on `directory`.
    ///
    /// A torn tail — from the first short or bad record of the LAST file to its end, with no valid
    /// record anywhere after it — is a write that was never acknowledged: it is cut off (ftruncate +
    /// fsync) and counted in ``WALReplayReport/truncatedBytes``; a last file too short for its header
    /// (a crash while creating it) gets a fresh header and no records. The last file is the last one with more than a header,
    /// so replay may run before or after a new log is opened on the directory, as long as nothing has
    /// been appended to the new log yet. Any other damage — a bad record with a valid one after
    /// it, or a bad record in an earlier file, a bad header, a missing generation — ends the reading of
    /// that file and is listed in ``WALReplayReport/problems``; replay continues with the next file.
    /// No byte content makes it trap.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if a file cannot be read or truncated, and whatever
    ///   `body` throws (replay stops there).
    package static func replay(
        directory: FilePath, from generation: UInt64,
        _ body: (UnsafeRawBufferPointer) throws(IndexError) -> Void
    ) throws(IndexError) -> WALReplayReport {
        var report = WALReplayReport()
        let generations = try WALFile.generations(in: directory).filter { $0 >= generation }
        let prefix = (directory.lastComponent?.string).map { $0 + "/" } ?? ""
        // The file a crash can have torn is the last one holding records: header-only files after it
        // are new logs opened since (a log may be opened before its directory is replayed).
        var lastIndex = generations.count - 1
        while lastIndex > 0, try fileSize(directory.appending(WALFile.fileName(generation: generations[lastIndex]))) == WALFile.headerSize {
            lastIndex -= 1
        }
        for (index, fileGeneration) in generations.enumerated() {
            let name = prefix + WALFile.fileName(generation: fileGeneration)
            if index > 0, fileGeneration != generations[index - 1] + 1 {
                report.problems.append("\(name): generations \(generations[index - 1] + 1)..<\(fileGeneration) are missing")
            }
            let path = directory.appending(WALFile.fileName(generation: fileGeneration))
            let isLast = index == lastIndex
            let end = try scan(path: path, name: name, generation: fileGeneration, isLast: isLast, report: &report, body)
            switch end {
            case .clean:
                break
            case .truncate(let offset, let fileSize):
                try truncate(path: path, to: offset)
                report.truncatedBytes += fileSize - offset
            case .rewriteHeader(let fileSize):
                try rewriteHeader(path: path, generation: fileGeneration)
                report.truncatedBytes += fileSize
            }
        }
        return report
    }

    private enum FileEnd {
        case clean
        case truncate(offset: Int, fileSize: Int)
        /// The header itself is torn: the file becomes a valid empty generation again, so the
        /// sequence of generations has no gap.
        case rewriteHeader(fileSize: Int)
    }

    /// Delivers one file's records. The mapping is released on return, before any truncation.
    private static func scan(
        path: FilePath, name: String, generation: UInt64, isLast: Bool, report: inout WALReplayReport,
        _ body: (UnsafeRawBufferPointer) throws(IndexError) -> Void
    ) throws(IndexError) -> FileEnd {
        let file = try MappedFile(path: path)
        let bytes = file.bytes
        guard bytes.count >= WALFile.headerSize else {
            if isLast { return .rewriteHeader(fileSize: bytes.count) }
            report.problems.append("\(name): file is \(bytes.count) bytes, shorter than its header; skipped")
            return .clean
        }
        var header = ByteReader(bytes)
        do throws(CorruptData) {
            guard try header.readUInt32() == WALFile.magic else { throw CorruptData("not a WAL file (bad magic)") }
            let version = try header.readUInt32()
            guard version == WALFile.version else { throw CorruptData("unsupported WAL version \(version)") }
            let stored = try header.readUInt64()
            guard stored == generation else { throw CorruptData("header says generation \(stored)") }
        } catch {
            report.problems.append("\(name): \(error.reason); \(bytes.count) bytes skipped")
            return .clean
        }

        var offset = WALFile.headerSize
        while offset < bytes.count {
            switch record(in: bytes, at: offset) {
            case .valid(let payload):
                try body(payload)
                report.records += 1
                offset += WALFile.recordHeaderSize + payload.count
            case .invalid(let reason):
                if isLast, !validRecordExists(in: bytes, after: offset) {
                    return .truncate(offset: offset, fileSize: bytes.count)
                }
                report.problems.append("\(name): \(reason) at offset \(offset); \(bytes.count - offset) bytes skipped")
                return .clean
            }
        }
        return .clean
    }

    private enum Record {
        case valid(UnsafeRawBufferPointer)
        case invalid(String)
    }

    /// Decodes the record at `offset` without reading outside `bytes`.
    private static func record(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Record {
        let remaining = bytes.count - offset
        guard remaining >= WALFile.recordHeaderSize else { return .invalid("incomplete record header") }
        let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
        guard length > 0 else { return .invalid("zero-length record") }
        guard length <= remaining - WALFile.recordHeaderSize else {
            return .invalid("record of \(length) bytes runs past the end")
        }
        let start = offset + WALFile.recordHeaderSize
        let payload = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])
        guard CRC32C.checksum(payload) == stored else { return .invalid("bad checksum") }
        return .valid(payload)
    }

    /// Whether a whole, checksum-valid record starts at any offset after `offset`: if one does, the
    /// damage at `offset` is not a torn tail but lost data in the middle, and must be reported.
    /// Checksumming is bounded so adversarial content cannot make recovery quadratic; past the bound
    /// the answer is "yes", which reports rather than truncates.
    private static func validRecordExists(in bytes: UnsafeRawBufferPointer, after offset: Int) -> Bool {
        var budget = 256 << 20
        var candidate = offset + 1
        while bytes.count - candidate > WALFile.recordHeaderSize {
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: candidate, as: UInt32.self)))
            if length > 0, length <= bytes.count - candidate - WALFile.recordHeaderSize {
                budget -= length
                if budget < 0 { return true }
                if case .valid = record(in: bytes, at: candidate) { return true }
            }
            candidate += 1
        }
        return false
    }

    private static func fileSize(_ path: FilePath) throws(IndexError) -> Int {
        var info = stat()
        guard stat(path.string, &info) == 0 else {
            throw .io(path: path.string, reason: "stat: \(String(cString: strerror(errno)))")
        }
        return Int(info.st_size)
    }

    private static func truncate(path: FilePath, to offset: Int) throws(IndexError) {
        do {
            let fd = try FileDescriptor.open(path, .writeOnly, options: [.closeOnExec])
            try fd.closeAfter {
                guard ftruncate(fd.rawValue, off_t(offset)) == 0, fsync(fd.rawValue) == 0 else {
                    throw Errno(rawValue: errno)
                }
            }
        } catch {
            throw .io(path: path.string, reason: "truncating torn tail: \(error)")
        }
    }

    private static func rewriteHeader(path: FilePath, generation: UInt64) throws(IndexError) {
        do {
            let fd = try FileDescriptor.open(path, .writeOnly, options: [.truncate, .closeOnExec])
            try fd.closeAfter {
                _ = try fd.writeAll(WALFile.header(generation: generation))
                guard fsync(fd.rawValue) == 0 else { throw Errno(rawValue: errno) }
            }
        } catch {
            throw .io(path: path.string, reason: "rewriting torn header: \(error)")
        }
    }
}
