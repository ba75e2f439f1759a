import SystemPackage

/// Combines segments into one, dropping deleted documents: postings are re-read and renumbered
/// term by term (a k-way merge of the sorted term dictionaries), columns rebuilt doc by doc, and
/// document-store blocks copied without recompression when a source has no deletes.
///
/// Works only on immutable readers, so it runs off the writer, concurrently with indexing.
struct SegmentMerger {
    struct Source {
        var reader: SegmentReader
        var liveDocs: LiveDocs?
    }

    /// The merged segment and, per source, old doc id → new doc id (-1 for deleted docs).
    struct Result {
        var meta: SegmentMeta
        var docMaps: [[Int32]]
    }

    let sources: [Source]
    let directory: FilePath
    let name: String

    func merge() throws(IndexError) -> Result {
        let uuid = SegmentUUID.random()
        var docMaps: [[Int32]] = []
        var next: Int32 = 0
        for source in sources {
            var map = [Int32](repeating: -1, count: source.reader.docCount)
            for doc in 0..<Int32(source.reader.docCount) where source.liveDocs?.isLive(doc) ?? true {
                map[Int(doc)] = next
                next += 1
            }
            docMaps.append(map)
        }
        let docCount = Int(next)

        var store = try StoreWriter(path: SegmentMeta.path(directory, name, "store"), segment: uuid)
        for source in sources {
            if source.liveDocs == nil {
                try store.appendBlocks(of: source.reader.store)
            } else {
                try source.reader.store.forEachDocument(in: 0..<Int32(source.reader.docCount)) { doc, bytes throws(IndexError) in
                    if source.liveDocs?.isLive(doc) ?? true { try store.append(bytes) }
                }
            }
        }
        var size = try store.finish(sync: true)

        // Fields by path, numbered as in the first source that has them (_id and _version first).
        var fields: [FieldInfo] = []
        var numberOfPath: [String: Int] = [:]
        for source in sources {
            for field in source.reader.meta.fields where numberOfPath[field.path] == nil {
                var merged = field
                merged.number = UInt32(fields.count)
                numberOfPath[field.path] = fields.count
                fields.append(merged)
            }
        }

        var inverted = try InvertedIndexWriter(directory: directory, segmentName: name, segment: uuid)
        var columns = try ColumnWriter(path: SegmentMeta.path(directory, name, "columns"), segment: uuid, docCount: docCount)
        for field in fields {
            var ordinalMaps: [[UInt32]] = []
            var ordinalCount = 0
            if field.isInverted {
                (ordinalMaps, ordinalCount) = try mergeTerms(field, docMaps: docMaps, docCount: docCount, into: &inverted)
            }
            if let kind = field.numericKind {
                try mergeNumeric(column: field.number, path: field.path, kind: kind, docMaps: docMaps, docCount: docCount, norms: false, into: &columns)
            } else if field.hasOrdinals {
                try mergeOrdinals(field, ordinalMaps: ordinalMaps, ordinalCount: ordinalCount, docMaps: docMaps, docCount: docCount, into: &columns)
            }
            if field.storage == .text {
                try mergeNumeric(column: field.normsColumn, path: field.path, kind: .long, docMaps: docMaps, docCount: docCount, norms: true, into: &columns)
            }
        }
        size += try inverted.finish(sync: true)
        size += try columns.finish(sync: true)
        let meta = SegmentMeta(
            name: name, uuid: uuid, docCount: docCount, fields: fields,
            minTimestamp: sources.compactMap(\.reader.meta.minTimestamp).min(),
            maxTimestamp: sources.compactMap(\.reader.meta.maxTimestamp).max(),
            sizeBytes: size
        )
        try meta.write(in: directory, sync: true)
        return Result(meta: meta, docMaps: docMaps)
    }

    /// Writes the union of the sources' terms for `field`; returns, per source, old ordinal → new
    /// ordinal (UInt32.max for a term whose documents were all deleted) and the merged term count.
    private func mergeTerms(_ field: FieldInfo, docMaps: [[Int32]], docCount: Int, into writer: inout InvertedIndexWriter) throws(IndexError) -> ([[UInt32]], Int) {
        let withPositions = field.storage == .text
        var enums: [TermsEnum?] = []
        var ordinalMaps: [[UInt32]] = []
        var termsOf: [FieldTerms?] = []
        for source in sources {
            let terms = source.reader.terms(field.path)
            termsOf.append(terms)
            var termsEnum = terms?.makeEnum()
            if termsEnum != nil, !termsEnum!.next() { termsEnum = nil }
            enums.append(termsEnum)
            ordinalMaps.append([UInt32](repeating: .max, count: terms?.termCount ?? 0))
        }
        try writer.startField(field.number, options: field.indexOptions)
        var seen = [UInt64](repeating: 0, count: (docCount + 63) / 64)
        var docsWithField = 0
        var docs: [UInt32] = [], freqs: [UInt32] = [], positions: [UInt32] = []
        var ordinal: UInt32 = 0
        while true {
            // The smallest current term among the sources.
            var smallest: [UInt8]?
            for termsEnum in enums {
                guard let termsEnum else { continue }
                if smallest == nil || termsEnum.term.lexicographicallyPrecedes(smallest!) { smallest = termsEnum.term }
            }
            guard let term = smallest else { break }
            docs.removeAll(keepingCapacity: true)
            freqs.removeAll(keepingCapacity: true)
            positions.removeAll(keepingCapacity: true)
            var holders: [Int] = []
            for i in enums.indices where enums[i]?.term == term {
                holders.append(i)
                let info = enums[i]!.info
                var postings = termsOf[i]!.postings(info, positions: withPositions)
                while postings.next() != PostingsIterator.noMoreDocs {
                    let mapped = docMaps[i][Int(postings.doc)]
                    guard mapped >= 0 else { continue }
                    docs.append(UInt32(mapped))
                    if withPositions {
                        let freq = postings.freq
                        freqs.append(UInt32(freq))
                        for _ in 0..<freq { positions.append(UInt32(postings.nextPosition())) }
                    }
                }
            }
            if !docs.isEmpty {
                for doc in docs where seen[Int(doc) >> 6] & (1 << (UInt64(doc) & 63)) == 0 {
                    seen[Int(doc) >> 6] |= 1 << (UInt64(doc) & 63)
                    docsWithField += 1
                }
                try term.withTypedBytes { raw throws(IndexError) in
                    try docs.withTypedBuffer { d throws(IndexError) in
                        try freqs.withTypedBuffer { f throws(IndexError) in
                            try positions.withTypedBuffer { p throws(IndexError) in
                                try writer.addTerm(raw, docs: d, freqs: f, positions: p)
                            }
                        }
                    }
                }
                for i in holders { ordinalMaps[i][enums[i]!.info.ordinal] = ordinal }
                ordinal += 1
            }
            for i in holders where !enums[i]!.next() { enums[i] = nil }
        }
        try writer.finishField(docCount: docsWithField)
        return (ordinalMaps, Int(ordinal))
    }

    private func mergeNumeric(column: UInt32, path: String, kind: NumericKind, docMaps: [[Int32]], docCount: Int, norms: Bool, into writer: inout ColumnWriter) throws(IndexError) {
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(docCount + 1)
        var values: [Int64] = []
        var scratch: [Int64] = []
        for (i, source) in sources.enumerated() {
            let reader = norms ? source.reader.norms(path) : source.reader.numericColumn(path)
            for doc in 0..<Int32(source.reader.docCount) where docMaps[i][Int(doc)] >= 0 {
                if let reader {
                    reader.values(doc, into: &scratch)
                    values.append(contentsOf: scratch)
                }
                offsets.append(UInt32(values.count))
            }
        }
        guard !values.isEmpty else { return }
        try offsets.withTypedBuffer { o throws(IndexError) in
            try values.withTypedBuffer { v throws(IndexError) in
                try writer.addNumeric(field: column, kind: kind, offsets: o, values: v)
            }
        }
    }

    private func mergeOrdinals(_ field: FieldInfo, ordinalMaps: [[UInt32]], ordinalCount: Int, docMaps: [[Int32]], docCount: Int, into writer: inout ColumnWriter) throws(IndexError) {
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(docCount + 1)
        var ordinals: [UInt32] = []
        var scratch: [UInt32] = []
        for (i, source) in sources.enumerated() {
            let column = source.reader.ordinalColumn(field.path)
            for doc in 0..<Int32(source.reader.docCount) where docMaps[i][Int(doc)] >= 0 {
                if let column {
                    column.ordinals(doc, into: &scratch)
                    // Old ordinals of one doc are sorted and the mapping preserves order.
                    for old in scratch where Int(old) < ordinalMaps[i].count && ordinalMaps[i][Int(old)] != .max {
                        ordinals.append(ordinalMaps[i][Int(old)])
                    }
                }
                offsets.append(UInt32(ordinals.count))
            }
        }
        guard !ordinals.isEmpty else { return }
        try offsets.withTypedBuffer { o throws(IndexError) in
            try ordinals.withTypedBuffer { v throws(IndexError) in
                try writer.addOrdinals(field: field.number, ordinalCount: ordinalCount, offsets: o, ordinals: v)
            }
        }
    }
}
