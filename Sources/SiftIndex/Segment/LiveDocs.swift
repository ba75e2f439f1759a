import SystemPackage

/// Which documents of one segment are still live: the segment's deletes bitmap.
///
/// A segment never changes, so deleting (or updating) a document marks it here instead; searches skip
/// documents that are not live and merges drop them. Each deletes generation is written as its own
/// immutable file, `<segment>.<generation>.del`, so a snapshot keeps reading the generation it
/// started with while the `IndexWriter` writes the next. A value type: a reader's copy never sees
/// later deletes.
package struct LiveDocs: Sendable, Hashable {
    package static let fileKind = FileKind("DELS")
    package static let formatVersion: UInt32 = 1

    /// Documents in the segment, live or not.
    package let docCount: Int
    package private(set) var deletedCount: Int
    /// Bit `d % 64` of word `d / 64` is set while document `d` is live; bits past `docCount` are 0.
    private var words: [UInt64]

    /// Every document live.
    package init(docCount: Int) {
        precondition(docCount >= 0 && docCount <= Int(Int32.max), "a segment holds 0...Int32.max documents")
        self.docCount = docCount
        deletedCount = 0
        words = [UInt64](repeating: ~0, count: (docCount + 63) >> 6)
        if docCount & 63 != 0 { words[words.count - 1] = (1 << UInt64(docCount & 63)) - 1 }
    }

    package var liveCount: Int { docCount - deletedCount }
    package var hasDeletions: Bool { deletedCount > 0 }

    /// `<segmentName>.<generation>.del`: the file of one deletes generation.
    package static func fileName(segmentName: String, generation: UInt64) -> String {
        "\(segmentName).\(generation).del"
    }

    /// Whether `doc` is live; false for ids outside `0..<docCount` (no trap on the hot path).
    @inline(__always)
    package func isLive(_ doc: Int32) -> Bool {
        guard UInt32(bitPattern: doc) < UInt32(truncatingIfNeeded: docCount) else { return false }
        return words[Int(doc &>> 6)] & (1 &<< UInt64(doc & 63)) != 0
    }

    /// Marks `doc` deleted; returns true if it was live (false if deleted before).
    @discardableResult
    package mutating func delete(_ doc: Int32) -> Bool {
        precondition(doc >= 0 && Int(doc) < docCount, "document \(doc) is not in a segment of \(docCount)")
        let index = Int(doc &>> 6)
        let bit: UInt64 = 1 &<< UInt64(doc & 63)
        guard words[index] & bit != 0 else { return false }
        words[index] &= ~bit
        deletedCount += 1
        return true
    }

    /// The first live document at or after `doc`, for iterating live documents (merges, scans).
    package func nextLive(atOrAfter doc: Int32) -> Int32? {
        guard doc < docCount else { return nil }
        let start = max(doc, 0)
        var index = Int(start >> 6)
        var word = words[index] & (~0 << UInt64(start & 63))
        while true {
            if word != 0 { return Int32(index << 6 + word.trailingZeroBitCount) }
            index += 1
            guard index < words.count else { return nil }
            word = words[index]
        }
    }
}

// MARK: - File

extension LiveDocs {
    private enum Encoding: UInt8 {
        /// One bit per document, set if live.
        case bitmap = 0
        /// The deleted documents' ids, ascending: the first as a VInt, then the gaps.
        case deletedList = 1
    }

    /// Writes this generation's file (body layout in FORMAT.md, "Deleted documents"). Few deletions are
    /// stored as a list of ids, many as the bitmap, whichever is guaranteed smaller.
    ///
    /// - Throws: ``IndexError/io(path:reason:)``.
    package func write(to path: FilePath, segment: SegmentUUID, sync: Bool) throws(IndexError) {
        var body = ByteWriter(capacity: 9 + words.count * 8)
        body.writeUInt32(UInt32(docCount))
        body.writeUInt32(UInt32(deletedCount))
        if deletedCount * 5 <= words.count * 8 {
            body.writeUInt8(Encoding.deletedList.rawValue)
            var previous: Int32 = -1
            for (index, word) in words.enumerated() {
                var deleted = ~word
                if index == words.count - 1, docCount & 63 != 0 { deleted &= (1 << UInt64(docCount & 63)) - 1 }
                while deleted != 0 {
                    let doc = Int32(index << 6 + deleted.trailingZeroBitCount)
                    body.writeVInt(UInt64(previous < 0 ? doc : doc - previous))
                    previous = doc
                    deleted &= deleted - 1
                }
            }
        } else {
            body.writeUInt8(Encoding.bitmap.rawValue)
            for word in words { body.writeUInt64(word) }
        }
        var writer = try SegmentFileWriter(creating: path, kind: Self.fileKind, version: Self.formatVersion, segment: segment)
        try writer.write(body)
        _ = try writer.finish(sync: sync)
    }

    /// Reads a file written by ``write(to:segment:sync:)`` for a segment of `docCount` documents.
    ///
    /// - Throws: ``IndexError/corrupted(path:reason:)`` if the header, checksum, stored document count
    ///   or content do not check out; ``IndexError/io(path:reason:)`` if it cannot be read.
    package init(path: FilePath, segment: SegmentUUID, docCount: Int) throws(IndexError) {
        guard docCount >= 0 && docCount <= Int(Int32.max) else {
            throw .corrupted(path: path.string, reason: "segment document count \(docCount) is out of range")
        }
        let file = try MappedFile(path: path)
        let body = try file.verify(kind: Self.fileKind, versions: Self.formatVersion...Self.formatVersion, segment: segment)
        do throws(CorruptData) {
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: file.bytes[body.range]))
            let storedCount = Int(try reader.readUInt32())
            guard storedCount == docCount else {
                throw CorruptData("holds \(storedCount) documents, the segment has \(docCount)")
            }
            let deleted = Int(try reader.readUInt32())
            guard deleted <= docCount else { throw CorruptData("\(deleted) deleted of \(docCount) documents") }
            var live = LiveDocs(docCount: docCount)
            switch Encoding(rawValue: try reader.readUInt8()) {
            case .bitmap:
                guard reader.remaining == live.words.count * 8 else {
                    throw CorruptData("bitmap is \(reader.remaining) bytes, expected \(live.words.count * 8)")
                }
                var liveBits = 0
                for index in live.words.indices {
                    let word = try reader.readUInt64()
                    guard word & ~live.words[index] == 0 else { throw CorruptData("bits set past the last document") }
                    live.words[index] = word
                    liveBits += word.nonzeroBitCount
                }
                guard liveBits == docCount - deleted else {
                    throw CorruptData("bitmap has \(docCount - liveBits) deleted documents, header says \(deleted)")
                }
                live.deletedCount = deleted
            case .deletedList:
                var doc = -1
                for _ in 0..<deleted {
                    let gap = try reader.readVIntAsInt()
                    guard doc < 0 || gap > 0 else { throw CorruptData("deleted ids not ascending") }
                    doc = doc < 0 ? gap : doc + gap
                    guard doc < docCount else { throw CorruptData("deleted id \(doc) past the last document") }
                    live.delete(Int32(doc))
                }
                guard reader.isAtEnd else { throw CorruptData("\(reader.remaining) bytes after the deleted ids") }
            case nil:
                throw CorruptData("unknown encoding")
            }
            self = live
        } catch {
            throw .corrupted(path: path.string, reason: error.reason)
        }
    }
}
