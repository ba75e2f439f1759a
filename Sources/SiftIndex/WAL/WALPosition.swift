/// A point in the write-ahead log: a byte offset in one generation's file.
///
/// ``WriteAheadLog/append(_:)`` returns the position just past the record it added, and
/// ``WriteAheadLog/sync(through:)`` waits until everything before a position is durable. Positions
/// order by generation, then offset, so any record appended later has a greater position.
package struct WALPosition: Comparable, Sendable, Hashable, CustomStringConvertible {
    package var generation: UInt64
    package var offset: Int

    package init(generation: UInt64, offset: Int) {
        self.generation = generation
        self.offset = offset
    }

    package static func < (lhs: WALPosition, rhs: WALPosition) -> Bool {
        (lhs.generation, lhs.offset) < (rhs.generation, rhs.offset)
    }

    package var description: String { "\(generation):\(offset)" }
}
