/// One successful match: byte ranges into the subject that was searched.
///
/// A value copied out of the matcher, so it stays valid after the matcher moves on to the next subject.
/// Ranges are UTF-8 byte offsets; slice the subject's bytes with them.
package struct PCRE2Match: Hashable, Sendable {
    /// The bytes matched by the whole pattern (group 0).
    package let range: Range<Int>
    /// Start and end offset of groups 1...captureCount, flattened; -1 marks an unset group.
    let groupOffsets: [Int]
    /// The pattern's group numbers by name, shared (not copied) with the pattern.
    let groupsByName: [String: [Int]]

    /// The bytes matched by group `group` (0 is the whole match), or nil if that group did not take part in
    /// the match (such as an optional group that was skipped) or the pattern has no such group.
    package subscript(group group: Int) -> Range<Int>? {
        if group == 0 { return range }
        let index = (group - 1) * 2
        guard group > 0, index + 1 < groupOffsets.count else { return nil }
        let start = groupOffsets[index]
        let end = groupOffsets[index + 1]
        guard start >= 0, end >= start else { return nil }
        return start..<end
    }

    /// The bytes matched by the group called `name`, or nil if it did not take part in the match or there is
    /// no such name. For a name shared by several groups (`(?J)` or `(?|...)`), the first one that is set.
    ///
    /// Each call hashes `name`; on a hot path resolve it once with ``PCRE2Pattern/captureIndex(named:)`` and
    /// use ``subscript(group:)``.
    package subscript(name: String) -> Range<Int>? {
        guard let numbers = groupsByName[name] else { return nil }
        for number in numbers {
            if let range = self[group: number] { return range }
        }
        return nil
    }
}
