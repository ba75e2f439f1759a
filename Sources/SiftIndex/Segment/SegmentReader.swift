import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// An open, verified segment: its manifest and a reader per file. Immutable and shared by every
/// snapshot that includes the segment.
///
/// Files are deleted only when they are no longer needed *and* no reader holds them: a merge or
/// retention calls ``markObsolete()``, and the last reference to go away (a search that was still
/// running, say) unlinks the files in `deinit`.
package final class SegmentReader: Sendable {
    package let meta: SegmentMeta
    package let directory: FilePath
    package let inverted: InvertedIndexReader
    package let columns: ColumnReader
    package let store: StoreReader
    private let fieldsByPath: [String: FieldInfo]
    private let obsolete = Atomic<Bool>(false)

    /// Opens a segment written earlier, verifying the checksum of every file.
    ///
    /// - Throws: ``IndexError/corrupted(path:reason:)`` naming the first damaged file.
    package init(directory: FilePath, name: String, uuid: SegmentUUID) throws(IndexError) {
        let meta = try SegmentMeta.read(in: directory, name: name, uuid: uuid)
        self.meta = meta
        self.directory = directory
        inverted = try InvertedIndexReader(directory: directory, segmentName: name, segment: uuid)
        columns = try ColumnReader(path: SegmentMeta.path(directory, name, "columns"), segment: uuid)
        store = try StoreReader(path: SegmentMeta.path(directory, name, "store"), segment: uuid)
        guard store.documentCount == meta.docCount, columns.docCount == meta.docCount else {
            throw .corrupted(
                path: SegmentMeta.path(directory, name, "store").string,
                reason: "holds \(store.documentCount) documents, manifest says \(meta.docCount)"
            )
        }
        var byPath: [String: FieldInfo] = [:]
        for field in meta.fields { byPath[field.path] = field }
        fieldsByPath = byPath
    }

    package var name: String { meta.name }
    package var docCount: Int { meta.docCount }

    package func field(_ path: String) -> FieldInfo? { fieldsByPath[path] }

    /// The term dictionary of the field at `path`.
    package func terms(_ path: String) -> FieldTerms? {
        guard let field = fieldsByPath[path], field.isInverted else { return nil }
        return inverted.terms(field.number)
    }

    package func numericColumn(_ path: String) -> NumericColumn? {
        guard let field = fieldsByPath[path], field.numericKind != nil else { return nil }
        return columns.numeric(field.number)
    }

    package func ordinalColumn(_ path: String) -> OrdinalColumn? {
        guard let field = fieldsByPath[path], field.hasOrdinals else { return nil }
        return columns.ordinals(field.number)
    }

    /// Tokens per document of a text field (BM25's field length).
    package func norms(_ path: String) -> NumericColumn? {
        guard let field = fieldsByPath[path], field.storage == .text else { return nil }
        return columns.numeric(field.normsColumn)
    }

    /// The doc id holding `id`, ignoring deletes (the caller checks its live docs).
    package func docs(withID id: String) -> [Int32] {
        guard let terms = terms(FieldInfo.idPath) else { return [] }
        var id = id
        guard let info = id.withUTF8({ terms.lookup(UnsafeRawBufferPointer($0)) }) else { return [] }
        var postings = terms.postings(info, positions: false)
        var docs: [Int32] = []
        while postings.next() != PostingsIterator.noMoreDocs { docs.append(postings.doc) }
        return docs
    }

    /// The stored id, version and source of `doc`.
    package func storedEntry(_ doc: Int32) throws(IndexError) -> StoredEntry {
        let bytes = try store.document(doc)
        do {
            return try bytes.withTypedBytes { raw throws(CorruptData) in try StoredEntry(decoding: raw) }
        } catch {
            throw .corrupted(path: SegmentMeta.path(directory, name, "store").string, reason: "entry \(doc): \(error.reason)")
        }
    }

    /// The segment's files go away once no reader uses them.
    package func markObsolete() { obsolete.store(true, ordering: .releasing) }

    deinit {
        guard obsolete.load(ordering: .acquiring) else { return }
        Self.removeFiles(directory: directory, name: meta.name)
    }

    /// Unlinks every file of segment `name` (components and deletes files).
    static func removeFiles(directory: FilePath, name: String) {
        let prefix = name + "."
        for file in (try? AtomicFile.fileNames(in: directory)) ?? [] where file.hasPrefix(prefix) {
            unlink(directory.appending(file).string)
        }
    }

}
