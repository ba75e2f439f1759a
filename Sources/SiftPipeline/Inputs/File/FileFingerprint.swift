import SystemPackage

/// A hash of a file's first bytes, telling the file we read apart from a new file that got its
/// device and inode, or from its own content rewritten, and recognising a copy of it (the rotated
/// copy of copytruncate) as content already read.
///
/// The rule: a file's fingerprint covers its first `min(size, 1024)` bytes and is extended as the
/// file grows, until it covers 1024. A file matches a fingerprint of `length` bytes when it has at
/// least `length` bytes and they hash the same. So an empty fingerprint matches any file (an empty
/// file is known by device and inode alone), and a file that shrank below its fingerprint does not
/// match (it was truncated). Recognising a file by content alone, whatever its device and inode (a
/// copy), needs at least ``minimumContentMatchLength`` hashed bytes, so two short files that merely
/// begin alike are not taken for one another; how a copy is told from a file that merely starts
/// with the same banner is in `FileTailer+Discovery.swift`.
struct FileFingerprint: Hashable {
    /// How many leading bytes are hashed at most.
    static let maximumLength = 1024
    /// The fewest hashed bytes that identify a file by content alone.
    static let minimumContentMatchLength = 64

    /// How many leading bytes `hash` covers.
    var length: Int
    /// FNV-1a (64 bits) of the first `length` bytes.
    var hash: UInt64

    init(length: Int, hash: UInt64) {
        self.length = length
        self.hash = hash
    }

    /// The fingerprint of a file whose first bytes are `head` (only the first ``maximumLength`` count).
    init(head: [UInt8]) {
        let covered = head.prefix(Self.maximumLength)
        self.init(length: covered.count, hash: Self.fnv1a(covered))
    }

    /// Whether a file whose first bytes are `head` (as ``read(from:)`` returns them) is this file.
    func matches(head: [UInt8]) -> Bool {
        length <= head.count && Self.fnv1a(head.prefix(length)) == hash
    }

    /// Whether this fingerprint covers enough bytes to recognise a copy by content alone.
    var identifiesContent: Bool { length >= Self.minimumContentMatchLength }

    /// Reads a file's first bytes, at most ``maximumLength`` (fewer when the file is shorter).
    static func read(from descriptor: FileDescriptor) throws -> [UInt8] {
        var head = [UInt8](repeating: 0, count: maximumLength)
        var filled = 0
        while filled < head.count {
            let count = try head.withUnsafeMutableBytes { buffer in
                try descriptor.read(
                    fromAbsoluteOffset: Int64(filled), into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            if count == 0 { break }
            filled += count
        }
        head.removeSubrange(filled...)
        return head
    }

    /// FNV-1a, 64 bits: stable across runs and platforms (the hash is stored in the offsets file).
    static func fnv1a(_ bytes: some Collection<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
