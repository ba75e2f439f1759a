/// The four-letter tag in every file header saying what the file holds, so a file opened as the
/// wrong component (or renamed by hand) is rejected before its content is trusted.
package struct FileKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package let rawValue: UInt32

    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// From four ASCII characters, stored in this order.
    package init(_ tag: StaticString) {
        precondition(tag.utf8CodeUnitCount == 4, "a file kind is four ASCII characters")
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(tag.utf8Start[i]) << (8 * UInt32(i)) }
        rawValue = value
    }

    package var description: String {
        String(decoding: (0..<4).map { UInt8(truncatingIfNeeded: rawValue >> (8 * UInt32($0))) }, as: UTF8.self)
    }
}
