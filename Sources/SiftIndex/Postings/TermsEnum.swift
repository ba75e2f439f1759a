/// Walks one field's terms in sorted order, for prefix, range and wildcard queries and for merging
/// segments. Starts before the first term; ``next()`` or ``seek(atLeast:)`` positions it.
///
/// Decodes one block at a time and rebuilds each term from its shared prefix, so stepping costs no
/// allocation beyond the current term (copied only when a caller keeps ``term``).
package struct TermsEnum {
    private let field: FieldData
    private var block = TermBlock()
    private var blockIndex = -1
    private var index = 0
    private var metadata = TermMetadataReader()
    /// The current term; valid after ``next()`` or ``seek(atLeast:)`` returned a term.
    package private(set) var term: [UInt8] = []
    /// The current term's statistics and postings location.
    package private(set) var info = TermInfo(ordinal: -1, docFreq: 0, totalTermFreq: 0, postingsOffset: 0, positionsOffset: 0)
    private var exhausted = false

    init(field: FieldData) {
        self.field = field
        term.reserveCapacity(64)
    }

    /// Moves to the next term; false (and stays at the end) when there is none.
    package mutating func next() -> Bool {
        guard !exhausted else { return false }
        if blockIndex >= 0 && index + 1 < block.count {
            index += 1
            return decodeCurrent()
        }
        return enterBlock(blockIndex + 1)
    }

    /// Result of ``seek(atLeast:)``.
    package enum SeekResult {
        /// Positioned on `target`.
        case found
        /// `target` is absent; positioned on the smallest term greater than it.
        case notFound
        /// Every term is smaller than `target`; the enum is exhausted.
        case end
    }

    /// Positions the enum on the smallest term >= `target` (forward or backward from anywhere).
    package mutating func seek(atLeast target: UnsafeRawBufferPointer) -> SeekResult {
        exhausted = false
        let found = field.block(containing: target)
        guard enterBlock(Swift.max(found, 0)) else { return .end }
        if found < 0 { return .notFound }  // target sorts before the first term
        while true {
            let order = term.withUnsafeBytes { PostingsFormat.compare($0, target) }
            if order == 0 { return .found }
            if order > 0 { return .notFound }
            guard next() else { return .end }
        }
    }

    /// Loads block `newIndex` and positions on its first term.
    private mutating func enterBlock(_ newIndex: Int) -> Bool {
        guard newIndex < field.blockCount else { return finish() }
        do throws(CorruptData) {
            try block.load(newIndex, of: field)
        } catch {
            return finish()
        }
        blockIndex = newIndex
        index = 0
        metadata = TermMetadataReader(block, field: field)
        term.removeAll(keepingCapacity: true)
        return decodeCurrent()
    }

    private mutating func decodeCurrent() -> Bool {
        let prefix = block.prefixes[index]
        term.removeLast(term.count - prefix)
        term.append(contentsOf: block.suffixes[block.suffixRange(index)])
        do throws(CorruptData) {
            info = try metadata.next()
        } catch {
            return finish()
        }
        return true
    }

    private mutating func finish() -> Bool {
        exhausted = true
        blockIndex = field.blockCount
        term.removeAll()
        metadata = TermMetadataReader()
        return false
    }
}
