extension IndexWriter {
    /// Tiered merging: segments are grouped by size tier (powers of `mergeFactor` above 1 MiB);
    /// when a tier holds `mergeFactor` segments, they are merged into one in the background. One
    /// merge at a time, so merging never takes more than one core from ingest.
    func maybeMerge() {
        guard mergeTask == nil else { return }
        let factor = max(2, configuration.mergeFactor)
        var tiers: [Int: [Int]] = [:]
        for (index, segment) in segments.enumerated() where !segment.merging {
            let size = segment.reader.meta.sizeBytes
            guard size < configuration.maxMergedSegmentBytes / 2 else { continue }
            var tier = 0
            var bound = 1 << 20
            while size > bound {
                bound *= factor
                tier += 1
            }
            tiers[tier, default: []].append(index)
        }
        guard let (_, members) = tiers.filter({ $0.value.count >= factor }).min(by: { $0.key < $1.key }) else { return }
        let chosen = Array(members.sorted { segments[$0].reader.meta.sizeBytes < segments[$1].reader.meta.sizeBytes }.prefix(factor))
        var sources: [SegmentMerger.Source] = []
        for index in chosen {
            segments[index].merging = true
            sources.append(SegmentMerger.Source(reader: segments[index].reader, liveDocs: segments[index].liveDocs))
        }
        let merger = SegmentMerger(sources: sources, directory: segmentsDirectory, name: newSegmentName())
        mergeTask = Task.detached(priority: .background) { [weak self] in
            let outcome: Result<SegmentMerger.Result, IndexError>
            do throws(IndexError) {
                outcome = .success(try merger.merge())
            } catch {
                outcome = .failure(error)
            }
            await self?.finishMerge(merger, outcome)
        }
    }

    /// Swaps the merged segment in for its sources, carrying over deletes that happened while the
    /// merge ran, commits, and lets the sources' files go once no snapshot holds them.
    private func finishMerge(_ merger: SegmentMerger, _ outcome: Result<SegmentMerger.Result, IndexError>) async {
        mergeTask = nil
        let names = Set(merger.sources.map(\.reader.name))
        do {
            let result = try outcome.get()
            let reader = try SegmentReader(directory: segmentsDirectory, name: result.meta.name, uuid: result.meta.uuid)
            var live: LiveDocs?
            for (i, source) in merger.sources.enumerated() {
                guard let current = segments.first(where: { $0.reader.name == source.reader.name })?.liveDocs else { continue }
                for doc in 0..<Int32(source.reader.docCount) where !current.isLive(doc) && (source.liveDocs?.isLive(doc) ?? true) {
                    let mapped = result.docMaps[i][Int(doc)]
                    guard mapped >= 0 else { continue }
                    if live == nil { live = LiveDocs(docCount: result.meta.docCount) }
                    _ = live!.delete(mapped)
                }
            }
            let retired = segments.filter { names.contains($0.reader.name) }
            segments.removeAll { names.contains($0.reader.name) }
            segments.append(LiveSegment(reader: reader, liveDocs: live, deletesGeneration: 0, deletesDirty: live != nil, committed: false))
            publish()
            try await commit()
            for segment in retired { segment.reader.markObsolete() }
        } catch {
            problems.append("merge of \(names.sorted().joined(separator: ", ")) failed: \(error)")
            for index in segments.indices where names.contains(segments[index].reader.name) {
                segments[index].merging = false
            }
            SegmentReader.removeFiles(directory: segmentsDirectory, name: merger.name)
        }
        maybeMerge()
    }

    /// Waits for the running merge (and any it starts) to finish; for tests and shutdown.
    package func waitForMerges() async {
        while let task = mergeTask {
            await task.value
        }
    }
}
