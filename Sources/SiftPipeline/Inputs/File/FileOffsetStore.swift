import Dispatch
import Glibc
import SiftCore
import SystemPackage

/// One file the `file` input remembers: who it is and how far it was read and acknowledged.
struct FileOffsetEntry: Equatable {
    /// What became of the file, which decides how it may be recognised again.
    enum Kind: String {
        /// Tailed when saved. After a restart: found by device, inode and fingerprint, or, in the
        /// first scan only, by fingerprint alone (copied while the input was stopped).
        case tailed
        /// Its content was truncated or replaced (copytruncate): the copy, found by fingerprint
        /// alone, continues from the offset. Kept an hour.
        case truncated
        /// Renamed out of the globs' reach or deleted, and closed: found again only by device,
        /// inode and fingerprint.
        case closed
    }

    var key: FileKey
    var fingerprint: FileFingerprint
    /// Just past the last acknowledged event: reading resumes here.
    var offset: Int64
    /// Unix seconds when a scan last found the file (or when it was closed).
    var lastSeen: Int64
    /// Where it was last found; for people reading the file (identity is key and fingerprint).
    var path: String
    var kind: Kind
}

/// The durable offsets of one `file` input: `<state directory>/<pipeline>.<id>.offsets`, one file
/// per input so two file inputs of a pipeline never overwrite each other's offsets. Characters of
/// the pipeline name or input id other than letters, digits, `.`, `_` and `-` are written `%XX`.
///
/// Format, JSON:
/// ```json
/// {"version":1,"pipeline":"openssh","input":"auth_log","files":[
///   {"path":"/var/log/auth.log","device":2049,"inode":393231,"fingerprint_length":1024,
///    "fingerprint":"a1b2c3d4e5f60718","offset":52311,"last_seen":1709294400,"state":"tailed"}]}
/// ```
/// `device` and `inode` are `stat`'s (stored as signed 64-bit bit patterns), `fingerprint` is the
/// FNV-1a 64 hash in 16 hex digits of the file's first `fingerprint_length` bytes (see
/// ``FileFingerprint``), `offset` the byte just past the last event the outputs acknowledged,
/// `last_seen` the Unix time a scan last found the file; entries not seen for 24 hours are dropped.
/// `state` says how the file may be recognised again (see ``FileOffsetEntry/Kind``): `tailed`,
/// `truncated` (content a copy may carry) or `closed` (renamed away or deleted).
///
/// Saved atomically: written to `<file>.tmp`, fsynced, renamed over the file, then the directory
/// is fsynced; after a crash the file holds the old offsets or the new ones, never a mix. The file's
/// existence also records that the input has started before, so `start_at` applies only once.
struct FileOffsetStore: Sendable {
    /// Nil when there is no state directory: offsets live in memory only.
    let file: FilePath?
    /// Saves run here: an fsync must not hold one of Swift's few cooperative threads.
    private let queue = DispatchQueue(label: "sift.file-input.offsets")
    private let pipeline: String
    private let input: String

    init(stateDirectory: FilePath?, pipeline: String, input: String) {
        self.pipeline = pipeline
        self.input = input
        file = stateDirectory.map { $0.appending("\(Self.escape(pipeline)).\(Self.escape(input)).offsets") }
    }

    /// The saved entries; nil when there is no offsets file (the input's first start).
    ///
    /// - Throws: ``FileInputError/offsetsFile(path:reason:)`` when the file is unreadable or corrupt.
    func load() throws(FileInputError) -> [FileOffsetEntry]? {
        guard let file else { return nil }
        let bytes: [UInt8]
        do {
            let descriptor = try FileDescriptor.open(file, .readOnly, options: [.closeOnExec])
            defer { try? descriptor.close() }
            bytes = try Self.readAll(descriptor)
        } catch Errno.noSuchFileOrDirectory {
            return nil
        } catch {
            throw .offsetsFile(path: file.string, reason: "\(error)")
        }
        return try Self.decode(bytes, path: file.string)
    }

    /// Replaces the saved entries, atomically and durably.
    func save(_ entries: [FileOffsetEntry]) async throws {
        guard let file else { return }
        let bytes = encode(entries)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async {
                continuation.resume(with: Result { try Self.writeAtomically(bytes, to: file) })
            }
        }
    }

    func encode(_ entries: [FileOffsetEntry]) -> [UInt8] {
        var files: [JSONValue] = []
        files.reserveCapacity(entries.count)
        for entry in entries {
            files.append([
                "path": .string(entry.path),
                "device": .int(Int64(bitPattern: entry.key.device)),
                "inode": .int(Int64(bitPattern: entry.key.inode)),
                "fingerprint_length": .int(Int64(entry.fingerprint.length)),
                "fingerprint": .string(Self.hex(entry.fingerprint.hash)),
                "offset": .int(entry.offset),
                "last_seen": .int(entry.lastSeen),
                "state": .string(entry.kind.rawValue),
            ])
        }
        let root: JSONValue = ["version": 1, "pipeline": .string(pipeline), "input": .string(input), "files": .array(files)]
        var writer = JSONWriter()
        writer.write(root)
        writer.output.append(UInt8(ascii: "\n"))
        return writer.output
    }

    static func decode(_ bytes: [UInt8], path: String) throws(FileInputError) -> [FileOffsetEntry] {
        let root: JSONValue
        do {
            root = try JSONReader.parse(bytes)
        } catch {
            throw .offsetsFile(path: path, reason: "not valid JSON: \(error)")
        }
        guard root["version"]?.intValue == 1 else {
            throw .offsetsFile(path: path, reason: "unknown version \(root["version"].map { "\($0)" } ?? "(none)"), expected 1")
        }
        guard let files = root["files"]?.arrayValue else { throw .offsetsFile(path: path, reason: "files is not a list") }
        var entries: [FileOffsetEntry] = []
        for (index, file) in files.enumerated() {
            guard let device = file["device"]?.intValue, let inode = file["inode"]?.intValue,
                  let length = file["fingerprint_length"]?.intValue, (0...Int64(FileFingerprint.maximumLength)).contains(length),
                  let hashText = file["fingerprint"]?.stringValue, let hash = UInt64(hashText, radix: 16),
                  let offset = file["offset"]?.intValue, offset >= 0,
                  let lastSeen = file["last_seen"]?.intValue, let filePath = file["path"]?.stringValue,
                  let kind = FileOffsetEntry.Kind(rawValue: file["state"]?.stringValue ?? "")
            else { throw .offsetsFile(path: path, reason: "files[\(index)] lacks a field or has a bad value") }
            entries.append(FileOffsetEntry(
                key: FileKey(device: UInt64(bitPattern: device), inode: UInt64(bitPattern: inode)),
                fingerprint: FileFingerprint(length: Int(length), hash: hash),
                offset: offset, lastSeen: lastSeen, path: filePath, kind: kind))
        }
        return entries
    }

    private static func readAll(_ descriptor: FileDescriptor) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Temp file, fsync, rename, fsync of the directory (so the rename itself survives a crash).
    private static func writeAtomically(_ bytes: [UInt8], to file: FilePath) throws {
        let directory = file.removingLastComponent()
        let temporary = FilePath(file.string + ".tmp")
        if mkdir(directory.string, 0o755) != 0, errno != EEXIST {
            throw Errno(rawValue: errno)
        }
        let descriptor = try FileDescriptor.open(
            temporary, .writeOnly, options: [.create, .truncate, .closeOnExec], permissions: [.ownerReadWrite, .groupRead, .otherRead])
        try descriptor.closeAfter {
            _ = try descriptor.writeAll(bytes)
            guard fsync(descriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
        }
        guard rename(temporary.string, file.string) == 0 else { throw Errno(rawValue: errno) }
        let directoryDescriptor = try FileDescriptor.open(directory, .readOnly, options: [.directory, .closeOnExec])
        try directoryDescriptor.closeAfter {
            guard fsync(directoryDescriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Keeps names safe as one path component.
    private static func escape(_ name: String) -> String {
        var escaped = ""
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                escaped.append(Character(Unicode.Scalar(byte)))
            default:
                let digits = String(byte, radix: 16, uppercase: true)
                escaped += "%" + (digits.count == 1 ? "0" : "") + digits
            }
        }
        return escaped
    }
}
