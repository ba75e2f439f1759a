import SiftCore
import SiftIndex
import SiftSearch

/// One concrete index an index expression named.
package struct ResolvedIndex: Sendable {
    package let name: String
    let source: Source

    enum Source: Sendable {
        case index(IndexWriter)
        /// A backing index of this data stream.
        case backing(DataStream)
    }
}

extension IndexCatalog {
    /// The concrete indices an Elasticsearch index expression names, by name: comma-separated
    /// names, `*` wildcards (matching indices, data streams and backing indices), `_all`, and
    /// `-pattern` exclusions of what the wildcards before it matched. A data stream stands for all
    /// its backing indices. Names starting with `.` are left out of wildcards.
    ///
    /// - Throws: `index_not_found_exception` for a missing name unless `ignoreUnavailable`, and for
    ///   a wildcard matching nothing when not `allowNoIndices`.
    package func resolve(
        _ expression: String, ignoreUnavailable: Bool = false, allowNoIndices: Bool = true
    ) async throws(CatalogError) -> [ResolvedIndex] {
        var candidates: [String: ResolvedIndex.Source] = [:]
        for (name, writer) in indices { candidates[name] = .index(writer) }
        var backingOf: [String: [String]] = [:]
        for (name, stream) in streams {
            let backing = await stream.backingIndices
            backingOf[name] = backing
            for index in backing { candidates[index] = .backing(stream) }
        }
        /// The concrete names `name` stands for: itself, or a stream's backing indices.
        func expand(_ name: String) -> [String] { backingOf[name] ?? (candidates[name] == nil ? [] : [name]) }

        var selected: [String] = []
        var chosen = Set<String>()
        func add(_ names: [String]) {
            for name in names where chosen.insert(name).inserted { selected.append(name) }
        }
        let parts = expression.split(separator: ",").map { $0.trimming(" ") }.filter { !$0.isEmpty }
        var wildcardSeen = false
        for part in parts.isEmpty ? ["_all"] : parts {
            if part == "_all" || part == "*" {
                wildcardSeen = true
                add((candidates.keys.filter { !$0.hasPrefix(".") }).sorted())
            } else if part.hasPrefix("-"), wildcardSeen {
                let pattern = String(part.dropFirst())
                let removed = Set((Array(candidates.keys) + Array(backingOf.keys)).filter { IndexName.matches($0, pattern: pattern) }.flatMap(expand))
                selected.removeAll { removed.contains($0) }
                chosen.subtract(removed)
            } else if part.contains("*") {
                wildcardSeen = true
                let names = (Array(candidates.keys) + Array(backingOf.keys))
                    .filter { IndexName.matches($0, pattern: part) && ($0.hasPrefix(".") == part.hasPrefix(".")) }
                    .sorted()
                if names.isEmpty && !allowNoIndices { throw .notFound(part) }
                add(names.flatMap(expand))
            } else {
                let names = expand(part)
                if names.isEmpty && !ignoreUnavailable { throw .notFound(part) }
                add(names)
            }
        }
        return selected.compactMap { name in candidates[name].map { ResolvedIndex(name: name, source: $0) } }
    }

    /// What searches read: the current snapshot and mappings of each index (a search-idle index
    /// with unrefreshed writes is refreshed first, as Elasticsearch does).
    package func searchTargets(_ resolved: [ResolvedIndex]) async throws(CatalogError) -> [SearchTarget] {
        var targets: [SearchTarget] = []
        var streamViews: [ObjectIdentifier: [(index: String, snapshot: IndexSnapshot, mappings: Mappings)]] = [:]
        for index in resolved {
            do throws(IndexError) {
                switch index.source {
                case .index(let writer):
                    targets.append(SearchTarget(name: index.name, snapshot: try await writer.searcher(), mappings: await writer.mappings))
                case .backing(let stream):
                    let key = ObjectIdentifier(stream)
                    if streamViews[key] == nil { streamViews[key] = try await stream.snapshots() }
                    if let view = streamViews[key]?.first(where: { $0.index == index.name }) {
                        targets.append(SearchTarget(name: view.index, snapshot: view.snapshot, mappings: view.mappings))
                    }
                }
            } catch {
                throw .storage(error, index: index.name)
            }
        }
        return targets
    }

    /// Statistics of each index, in the order given.
    package func stats(_ resolved: [ResolvedIndex]) async -> [IndexStats] {
        var result: [IndexStats] = []
        var streamStats: [ObjectIdentifier: [IndexStats]] = [:]
        for index in resolved {
            switch index.source {
            case .index(let writer):
                result.append(await writer.stats)
            case .backing(let stream):
                let key = ObjectIdentifier(stream)
                if streamStats[key] == nil { streamStats[key] = await stream.stats() }
                if let stats = streamStats[key]?.first(where: { $0.name == index.name }) { result.append(stats) }
            }
        }
        return result
    }

    /// The mappings of each index, in the order given. Read from the writers, not through search
    /// snapshots, so a field-list poll neither refreshes an index nor keeps it from going search-idle.
    package func mappings(_ resolved: [ResolvedIndex]) async -> [(index: String, mappings: Mappings)] {
        var result: [(index: String, mappings: Mappings)] = []
        for index in resolved {
            switch index.source {
            case .index(let writer): result.append((index.name, await writer.mappings))
            case .backing(let stream):
                if let mappings = await stream.mappings(of: index.name) { result.append((index.name, mappings)) }
            }
        }
        return result
    }

    /// Makes every write so far to these indices searchable.
    package func refresh(_ resolved: [ResolvedIndex]) async throws(CatalogError) {
        var refreshedStreams = Set<ObjectIdentifier>()
        for index in resolved {
            do throws(IndexError) {
                switch index.source {
                case .index(let writer): try await writer.refresh()
                case .backing(let stream):
                    if refreshedStreams.insert(ObjectIdentifier(stream)).inserted { try await stream.refresh() }
                }
            } catch {
                throw .storage(error, index: index.name)
            }
        }
    }

    /// The plain index `name`, for reads and writes of single documents by id; data streams
    /// are append-only and their backing indices are read-only but for the newest.
    package func documentIndex(_ name: String) async throws(CatalogError) -> IndexWriter {
        if let writer = indices[name] { return writer }
        if streams[name] != nil || streamOwning(name) != nil {
            throw .illegalArgument("documents of data stream [\(streamOwning(name) ?? name)] are read by search; get and delete by id need a plain index", index: name)
        }
        throw .notFound(name)
    }
}
