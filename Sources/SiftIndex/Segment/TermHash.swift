#if canImport(Glibc)
import Glibc
#endif

/// Interns the terms of one field while a segment is built: term bytes → dense id (0, 1, 2, … in
/// order of first appearance).
///
/// All term bytes live in one arena and the table is open addressing over ids, so interning a term
/// that is already known allocates nothing; a `[[UInt8]: UInt32]` dictionary costs a SipHash and an
/// array per term instead.
struct TermHash {
    private var arena: [UInt8] = []
    /// Start of term `id` in the arena; the end is the next term's start (or the arena's end).
    private var starts: [UInt32] = []
    private var hashes: [UInt32] = []
    /// Slots hold id + 1; 0 is empty. Capacity is a power of two, at most half full.
    private var table: [UInt32] = Array(repeating: 0, count: 1024)

    var count: Int { starts.count }

    /// Bytes held, for the indexing-buffer accounting.
    var memoryBytes: Int { arena.capacity + starts.capacity * 4 + hashes.capacity * 4 + table.capacity * 4 }

    /// The id of `term`, adding it if new.
    mutating func intern(_ term: UnsafeRawBufferPointer) -> UInt32 {
        let hash = Self.hash(term)
        let mask = table.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            let id = Int(entry - 1)
            if hashes[id] == hash && equals(id, term) { return UInt32(id) }
            slot = (slot + 1) & mask
        }
        let id = UInt32(starts.count)
        starts.append(UInt32(arena.count))
        hashes.append(hash)
        arena.append(contentsOf: term)
        table[slot] = id + 1
        if starts.count * 2 > table.count { grow() }
        return id
    }

    mutating func intern(_ term: [UInt8]) -> UInt32 {
        term.withUnsafeBytes { intern($0) }
    }

    /// Calls `body` with the bytes of term `id`.
    func withTerm<R>(_ id: Int, _ body: (UnsafeRawBufferPointer) throws(IndexError) -> R) throws(IndexError) -> R {
        let range = bounds(id)
        return try arena.withTypedBytes { raw throws(IndexError) in
            try body(UnsafeRawBufferPointer(rebasing: raw[range]))
        }
    }

    /// Term ids in unsigned byte order of their terms.
    func sortedIDs() -> [UInt32] {
        arena.withUnsafeBytes { raw in
            var ids = Array(0..<UInt32(starts.count))
            ids.sort { a, b in
                let ra = bounds(Int(a)), rb = bounds(Int(b))
                let la = ra.count, lb = rb.count
                let common = min(la, lb)
                let order = common == 0 ? 0 : memcmpBytes(raw.baseAddress! + ra.lowerBound, raw.baseAddress! + rb.lowerBound, common)
                return order != 0 ? order < 0 : la < lb
            }
            return ids
        }
    }

    private func bounds(_ id: Int) -> Range<Int> {
        let start = Int(starts[id])
        let end = id + 1 < starts.count ? Int(starts[id + 1]) : arena.count
        return start..<end
    }

    private func equals(_ id: Int, _ term: UnsafeRawBufferPointer) -> Bool {
        let range = bounds(id)
        guard range.count == term.count else { return false }
        if term.isEmpty { return true }
        return arena.withUnsafeBytes { raw in
            memcmpBytes(raw.baseAddress! + range.lowerBound, term.baseAddress!, term.count) == 0
        }
    }

    private mutating func grow() {
        let capacity = table.count * 2
        var bigger = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for id in 0..<starts.count {
            var slot = Int(hashes[id]) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = UInt32(id + 1)
        }
        table = bigger
    }

    /// A fast non-cryptographic hash (multiply–rotate over 8-byte words): terms are not attacker-keyed
    /// across requests in a way that matters here, as one segment's table is rebuilt per flush.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h = (h << 27) | (h >> 37)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }
}

@inline(__always)
private func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Int32 {
    memcmp(a, b, count)
}
