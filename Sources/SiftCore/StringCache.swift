#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A small per-thread cache of recently built strings, keyed by their exact UTF-8 bytes.
///
/// Log lines repeat the same keys (`@timestamp`, `level`) and many of the same short values
/// (`INFO`, service names) millions of times. Building a `String` costs ~150–300 instructions
/// (validation, small-string packing or a heap allocation); a hit here costs a few compares and at
/// most a retain, which made whole-document parsing ~20% faster. Results are unobservable: a hit
/// returns a string equal to the one that would have been built.
///
/// Per thread (POSIX thread-specific data) rather than shared, so there is no locking and no
/// contention when several threads parse. Each thread's table is a fixed 512 slots (~24 KiB),
/// freed when the thread exits; a miss simply overwrites the slot.
enum StringCache {
    struct Slot {
        /// The first and last eight bytes (zero-padded when shorter); with `length` ≤ 16 they
        /// determine the bytes exactly, so short strings need no byte comparison.
        var head: UInt64
        var tail: UInt64
        var length: Int
        var string: String
    }

    static let slotCount = 512

    /// Strings up to this many bytes are cached when they are object keys.
    static let maxKeyLength = 64
    /// Values are cached only when short, so unique values (ids, messages) don't evict keys.
    static let maxValueLength = 16

    /// This thread's table, created on first use.
    static func forCurrentThread() -> UnsafeMutablePointer<Slot> {
        if let existing = pthread_getspecific(threadKey) {
            return existing.assumingMemoryBound(to: Slot.self)
        }
        let table = UnsafeMutablePointer<Slot>.allocate(capacity: slotCount)
        table.initialize(repeating: Slot(head: 0, tail: 0, length: -1, string: ""), count: slotCount)
        pthread_setspecific(threadKey, table)
        return table
    }

    /// The first and last eight bytes of `bytes` as words, zero-padded; for up to 16 bytes the
    /// pair and the length identify the bytes exactly.
    @inline(__always)
    static func headAndTail(_ bytes: UnsafeRawBufferPointer) -> (head: UInt64, tail: UInt64) {
        let n = bytes.count
        if n >= 8 {
            return (bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                    bytes.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        }
        if n >= 4 {
            // Two overlapping 4-byte loads; the shared bytes are equal, so OR-ing them is exact.
            let low = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
            return (low | high << (8 &* UInt64(n &- 4)), 0)
        }
        var head: UInt64 = 0
        for i in 0..<n { head |= UInt64(bytes[i]) << (8 &* UInt64(i)) }
        return (head, 0)
    }

    /// A 64-bit hash of a string's bytes from its length, head and tail.
    @inline(__always)
    static func hash(head: UInt64, tail: UInt64, length: Int) -> UInt64 {
        let h = (head &* 0x9E37_79B9_7F4A_7C15) ^ ((tail &+ UInt64(length)) &* 0xC2B2_AE3D_27D4_EB4F)
        return h ^ (h &>> 29)
    }

    /// The string for `bytes` (valid UTF-8), from `table` if cached, else built and cached.
    @inline(__always)
    static func string(
        _ bytes: UnsafeRawBufferPointer, head: UInt64, tail: UInt64, hash: UInt64,
        in table: UnsafeMutablePointer<Slot>
    ) -> String {
        let slot = table + Int(truncatingIfNeeded: hash) & (slotCount - 1)
        if slot.pointee.head == head, slot.pointee.tail == tail, slot.pointee.length == bytes.count,
           bytes.count <= 16 || equal(slot.pointee.string, bytes) {
            return slot.pointee.string
        }
        let string = JSONParser.makeString(bytes)
        slot.pointee = Slot(head: head, tail: tail, length: bytes.count, string: string)
        return string
    }

    /// Whether `string` (longer than 16 bytes, so never empty) has exactly `bytes` as its UTF-8.
    private static func equal(_ string: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let result = string.utf8.withContiguousStorageIfAvailable { utf8 in
            utf8.count == bytes.count && memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        }
        return result ?? false
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { table in freeTable(table) }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    /// Thread-exit destructor. Takes an optional so the same closure fits Glibc's and Darwin's signatures.
    private static func freeTable(_ table: UnsafeMutableRawPointer?) {
        guard let table = table?.assumingMemoryBound(to: Slot.self) else { return }
        table.deinitialize(count: slotCount)
        table.deallocate()
    }
}
