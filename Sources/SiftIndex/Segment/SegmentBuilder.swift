import SiftAnalysis
import SiftCore
import SystemPackage

/// Builds one segment from documents: the indexing buffer.
///
/// Documents go to the `.store` file as they arrive (compressed in blocks, so the store never sits in
/// memory); terms, postings and column values are buffered per field (``FieldBuffer``) until
/// ``finish(sync:)`` sorts them and writes the other files, manifest last.
///
/// Field 0 is `_id` (exact terms), field 1 `_version` (a long column); mapped fields follow in order
/// of first appearance.
final class SegmentBuilder {
    let name: String
    let uuid: SegmentUUID
    let directory: FilePath
    private let analyzers: AnalyzerRegistry
    private var store: StoreWriter?
    private(set) var docCount = 0
    private var fields: [FieldBuffer]
    /// Mapping field index → field number here (-1: not seen yet).
    private var numberOfMapping: [Int32] = []
    private var tokens: [Token] = []
    private var entry = ByteWriter(capacity: 4096)
    private(set) var minTimestamp: Int64?
    private(set) var maxTimestamp: Int64?
    /// Docs of this builder superseded (updated or deleted) before the flush.
    private(set) var deletedDocs: [Int32] = []
    private var storeBytes = 0

    init(directory: FilePath, name: String, analyzers: AnalyzerRegistry) throws(IndexError) {
        self.directory = directory
        self.name = name
        self.uuid = SegmentUUID.random()
        self.analyzers = analyzers
        store = try StoreWriter(path: SegmentMeta.path(directory, name, "store"), segment: uuid)
        fields = [
            FieldBuffer(info: FieldInfo(number: 0, path: FieldInfo.idPath, storage: .keyword, hasOrdinals: false), analyzer: nil),
            FieldBuffer(info: FieldInfo(number: 1, path: FieldInfo.versionPath, storage: .long, hasOrdinals: false), analyzer: nil),
        ]
    }

    /// Approximate bytes held in memory, for flushing at `indexing_buffer`.
    var memoryBytes: Int {
        var total = entry.bytes.capacity + min(storeBytes, 64 << 10)
        for field in fields { total += field.memoryBytes }
        return total
    }

    /// Adds one document and returns its doc id in this segment. `values` come from
    /// `Mappings.map`; `mappings` is the same mappings value, for new fields' types.
    func add(id: String, version: Int64, source: UnsafeRawBufferPointer, values: [MappedValue], mappings: Mappings) throws(IndexError) -> Int32 {
        let doc = Int32(docCount)
        entry.removeAll()
        StoredEntry.encode(id: id, version: version, source: source, into: &entry)
        try entry.bytes.withTypedBytes { raw throws(IndexError) in try store!.append(raw) }
        storeBytes += entry.count

        var id = id
        id.withUTF8 { fields[0].addTerm(UnsafeRawBufferPointer($0), doc: doc) }
        fields[1].addNumber(version, doc: doc)

        for mapped in values {
            let number = fieldNumber(forMapping: mapped.field, mappings: mappings)
            switch mapped.value {
            case .text(let text):
                fields[number].addText(text, doc: doc, tokens: &tokens)
            case .keyword(let term):
                var term = term
                term.withUTF8 { fields[number].addTerm(UnsafeRawBufferPointer($0), doc: doc) }
            case .ip(let bytes):
                bytes.withUnsafeBytes { fields[number].addTerm($0, doc: doc) }
            case .long(let value):
                fields[number].addNumber(value, doc: doc)
            case .double(let value):
                fields[number].addNumber(SortableDouble.encode(value), doc: doc)
            case .boolean(let value):
                fields[number].addNumber(value ? 1 : 0, doc: doc)
            case .date(let millis):
                fields[number].addNumber(millis, doc: doc)
                if fields[number].info.path == "@timestamp" {
                    minTimestamp = Swift.min(minTimestamp ?? .max, millis)
                    maxTimestamp = Swift.max(maxTimestamp ?? .min, millis)
                }
            }
        }
        docCount += 1
        return doc
    }

    /// Marks a document of this builder as superseded; it is written but deleted from the start.
    func delete(_ doc: Int32) {
        deletedDocs.append(doc)
    }

    private func fieldNumber(forMapping index: Int, mappings: Mappings) -> Int {
        if index < numberOfMapping.count, numberOfMapping[index] >= 0 { return Int(numberOfMapping[index]) }
        if index >= numberOfMapping.count {
            numberOfMapping.append(contentsOf: repeatElement(-1, count: index + 1 - numberOfMapping.count))
        }
        let mapping = mappings.fields[index]
        let number = UInt32(fields.count)
        let storage: FieldInfo.Storage = switch mapping.type {
        case .text: .text
        case .keyword: .keyword
        case .ip: .ip
        case .long, .integer, .short, .byte: .long
        case .double, .float: .double
        case .date: .date
        case .boolean: .boolean
        }
        let info = FieldInfo(
            number: number, path: mapping.path, storage: storage,
            hasOrdinals: (storage == .keyword || storage == .ip) && mapping.docValues
        )
        let analyzer = storage == .text
            ? ((try? analyzers.analyzer(named: mapping.analyzer ?? AnalyzerRegistry.defaultAnalyzerName))
                ?? (try? analyzers.analyzer(named: AnalyzerRegistry.defaultAnalyzerName)))
            : nil
        fields.append(FieldBuffer(info: info, analyzer: analyzer))
        numberOfMapping[index] = Int32(number)
        return Int(number)
    }

    /// Writes every file of the segment, the manifest last, and returns the manifest. `sync` fsyncs
    /// each file (a refresh does not; the commit syncs later).
    func finish(sync: Bool) throws(IndexError) -> SegmentMeta {
        var size = try store.take()!.finish(sync: sync)
        var inverted = try InvertedIndexWriter(directory: directory, segmentName: name, segment: uuid)
        var columns = try ColumnWriter(path: SegmentMeta.path(directory, name, "columns"), segment: uuid, docCount: docCount)
        var scratch = FlushScratch()
        for number in fields.indices {
            try flushField(&fields[number], inverted: &inverted, columns: &columns, scratch: &scratch)
            fields[number] = FieldBuffer(info: fields[number].info, analyzer: nil)  // release memory early
        }
        size += try inverted.finish(sync: sync)
        size += try columns.finish(sync: sync)
        let meta = SegmentMeta(
            name: name, uuid: uuid, docCount: docCount, fields: fields.map(\.info),
            minTimestamp: minTimestamp, maxTimestamp: maxTimestamp, sizeBytes: size
        )
        try meta.write(in: directory, sync: sync)
        return meta
    }

    /// Reused arrays for flushing one field after another.
    private struct FlushScratch {
        var starts: [Int] = []
        var entryDocs: [UInt32] = []
        var entryPositions: [UInt32] = []
        var docs: [UInt32] = []
        var freqs: [UInt32] = []
        var positions: [UInt32] = []
        var offsets: [UInt32] = []
        var values: [Int64] = []
        var ordinals: [UInt32] = []
    }

    private func flushField(_ field: inout FieldBuffer, inverted: inout InvertedIndexWriter, columns: inout ColumnWriter, scratch: inout FlushScratch) throws(IndexError) {
        let info = field.info
        var ordinalOfTerm: [UInt32] = []
        if info.isInverted && field.terms.count > 0 {
            let sorted = field.terms.sortedIDs()
            ordinalOfTerm = [UInt32](repeating: 0, count: sorted.count)
            for (ordinal, id) in sorted.enumerated() { ordinalOfTerm[Int(id)] = UInt32(ordinal) }
            try writePostings(field, sortedTerms: sorted, inverted: &inverted, scratch: &scratch)
        }
        if let kind = info.numericKind {
            try buildColumn(docs: field.columnDocs, values: field.columnValues, scratch: &scratch)
            try scratch.offsets.withTypedBuffer { offsets throws(IndexError) in
                try scratch.values.withTypedBuffer { values throws(IndexError) in
                    try columns.addNumeric(field: info.number, kind: kind, offsets: offsets, values: values)
                }
            }
        } else if info.hasOrdinals && !field.columnDocs.isEmpty {
            let mapped = field.columnValues.map { Int64(ordinalOfTerm[Int($0)]) }
            try buildColumn(docs: field.columnDocs, values: mapped, scratch: &scratch)
            scratch.ordinals = scratch.values.map { UInt32(truncatingIfNeeded: $0) }
            try scratch.offsets.withTypedBuffer { offsets throws(IndexError) in
                try scratch.ordinals.withTypedBuffer { ordinals throws(IndexError) in
                    try columns.addOrdinals(field: info.number, ordinalCount: ordinalOfTerm.count, offsets: offsets, ordinals: ordinals)
                }
            }
        }
        if info.storage == .text && !field.normDocs.isEmpty {
            try buildColumn(docs: field.normDocs, values: field.normLengths, scratch: &scratch)
            try scratch.offsets.withTypedBuffer { offsets throws(IndexError) in
                try scratch.values.withTypedBuffer { values throws(IndexError) in
                    try columns.addNumeric(field: info.normsColumn, kind: .long, offsets: offsets, values: values)
                }
            }
        }
    }

    /// Groups the field's postings entries by term (a counting sort, stable, so each term's entries
    /// stay in doc and position order) and writes the terms in byte order.
    private func writePostings(_ field: FieldBuffer, sortedTerms: [UInt32], inverted: inout InvertedIndexWriter, scratch: inout FlushScratch) throws(IndexError) {
        let withPositions = field.info.storage == .text
        let termCount = field.terms.count
        let entries = field.postingTerms.count
        scratch.starts = [Int](repeating: 0, count: termCount + 1)
        for term in field.postingTerms { scratch.starts[Int(term) + 1] += 1 }
        for i in 0..<termCount { scratch.starts[i + 1] += scratch.starts[i] }
        var next = scratch.starts
        scratch.entryDocs = [UInt32](repeating: 0, count: entries)
        scratch.entryPositions = withPositions ? [UInt32](repeating: 0, count: entries) : []
        for i in 0..<entries {
            let term = Int(field.postingTerms[i])
            let slot = next[term]
            next[term] = slot + 1
            scratch.entryDocs[slot] = field.postingDocs[i]
            if withPositions { scratch.entryPositions[slot] = field.postingPositions[i] }
        }

        try inverted.startField(field.info.number, options: field.info.indexOptions)
        for id in sortedTerms {
            scratch.docs.removeAll(keepingCapacity: true)
            scratch.freqs.removeAll(keepingCapacity: true)
            scratch.positions.removeAll(keepingCapacity: true)
            for slot in scratch.starts[Int(id)]..<scratch.starts[Int(id) + 1] {
                let doc = scratch.entryDocs[slot]
                if scratch.docs.last == doc {
                    scratch.freqs[scratch.freqs.count - 1] += 1
                } else {
                    scratch.docs.append(doc)
                    scratch.freqs.append(1)
                }
                if withPositions { scratch.positions.append(scratch.entryPositions[slot]) }
            }
            if !withPositions { scratch.freqs.removeAll(keepingCapacity: true) }
            try field.terms.withTerm(Int(id)) { term throws(IndexError) in
                try scratch.docs.withTypedBuffer { docs throws(IndexError) in
                    try scratch.freqs.withTypedBuffer { freqs throws(IndexError) in
                        try scratch.positions.withTypedBuffer { positions throws(IndexError) in
                            try inverted.addTerm(term, docs: docs, freqs: freqs, positions: positions)
                        }
                    }
                }
            }
        }
        try inverted.finishField(docCount: field.docsWithTerms)
    }

    /// Turns (doc, value) entries in doc order into the column layout: `docCount + 1` offsets and
    /// the values, sorted within each doc.
    private func buildColumn(docs: [UInt32], values: [Int64], scratch: inout FlushScratch) throws(IndexError) {
        scratch.offsets = [UInt32](repeating: 0, count: docCount + 1)
        for doc in docs { scratch.offsets[Int(doc) + 1] += 1 }
        for i in 0..<docCount { scratch.offsets[i + 1] += scratch.offsets[i] }
        scratch.values = values
        // Entries are in doc order already; only multi-valued docs need their values sorted.
        var i = 0
        while i < docs.count {
            var j = i + 1
            while j < docs.count && docs[j] == docs[i] { j += 1 }
            if j - i > 1 { scratch.values[i..<j].sort() }
            i = j
        }
    }
}
