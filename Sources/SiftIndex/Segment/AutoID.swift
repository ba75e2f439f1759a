import SiftCore

/// Makes Elasticsearch-style auto-generated document ids: 20 characters of URL-safe base64 of 15 bytes.
///
/// Layout: 6 bytes of milliseconds since the epoch (big-endian), a 3-byte sequence number (big-endian),
/// then 6 node bytes chosen once per generator. Time first makes ids made close together share
/// prefixes, which the term dictionary compresses, and makes the raw bytes of ids from later
/// milliseconds compare greater. The time never goes backwards (it is `max(last, now)`) and the
/// sequence restarts only when the time moves on, so one generator never repeats an id even when the
/// clock is set back; if a millisecond runs out of sequence numbers the time is bumped by 1 ms.
/// Keep one generator per process (in the `IndexWriter`); the random node bytes keep separate
/// generators apart.
package struct AutoIDGenerator: Sendable {
    /// Six bytes, kept in the low 48 bits.
    private let node: UInt64
    private var lastMillis: Int64 = -1  // below any clock reading, so the first id has sequence 0
    private var sequence: UInt32 = 0
    private static let sequenceLimit: UInt32 = 1 << 24
    private static let millisLimit: Int64 = 1 << 48

    /// A generator whose ids end with `nodeBytes` (exactly 6).
    package init(nodeBytes: [UInt8]) {
        precondition(nodeBytes.count == 6, "an id's node part is 6 bytes")
        node = nodeBytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A generator with random node bytes.
    package init() {
        var generator = SystemRandomNumberGenerator()
        self.init(nodeBytes: (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The 20-character id for a document indexed at `nowMillis` (the caller's clock, so tests inject it).
    package mutating func next(nowMillis: Int64) -> String {
        let (millis, sequence) = advance(nowMillis: nowMillis)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 15) { buffer in
            fill(buffer, millis: millis, sequence: sequence)
            return Base64URL.encode(UnsafeRawBufferPointer(buffer))
        }
    }

    /// The 15 raw bytes of the next id (what ``next(nowMillis:)`` encodes).
    package mutating func nextBytes(nowMillis: Int64) -> [UInt8] {
        let (millis, sequence) = advance(nowMillis: nowMillis)
        return [UInt8](unsafeUninitializedCapacity: 15) { buffer, count in
            fill(buffer, millis: millis, sequence: sequence)
            count = 15
        }
    }

    private mutating func advance(nowMillis: Int64) -> (Int64, UInt32) {
        let now = min(max(nowMillis, 0), Self.millisLimit - 1)
        if now > lastMillis {
            lastMillis = now
            sequence = 0
        } else if sequence + 1 == Self.sequenceLimit {
            lastMillis += 1  // this millisecond is used up: borrow the next
            sequence = 0
        } else {
            sequence += 1
        }
        return (lastMillis, sequence)
    }

    private func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, millis: Int64, sequence: UInt32) {
        let time = UInt64(millis)
        for i in 0..<6 { buffer[i] = UInt8(truncatingIfNeeded: time >> (8 * UInt64(5 - i))) }
        for i in 0..<3 { buffer[6 + i] = UInt8(truncatingIfNeeded: sequence >> (8 * UInt32(2 - i))) }
        for i in 0..<6 { buffer[9 + i] = UInt8(truncatingIfNeeded: node >> (8 * UInt64(5 - i))) }
    }
}
