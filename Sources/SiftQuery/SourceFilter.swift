import SiftCore

/// Which parts of `_source` a hit returns: Elasticsearch's `_source` option (`false`, a pattern, a list of
/// patterns, or `{includes, excludes}`) and the URL's `_source`, `_source_includes`, `_source_excludes`.
///
/// Patterns are matched against full dotted paths, with `*` matching any run of characters (dots
/// included), so a document may nest objects (`{"http":{"status":500}}`), use dotted keys
/// (`{"http.status":500}`), or mix both. A pattern also matches everything below what it names (`http`
/// keeps the whole `http` object). Excludes win over includes.
package struct SourceFilter: Sendable, Hashable {
    /// False for `_source: false`: hits carry no `_source`.
    package var fetch: Bool
    /// Empty means everything.
    package var includes: [String]
    /// Removed even when included.
    package var excludes: [String]

    /// A filter; the defaults return the whole source.
    package init(fetch: Bool = true, includes: [String] = [], excludes: [String] = []) {
        self.fetch = fetch
        self.includes = includes
        self.excludes = excludes
    }

    /// The whole source, the default.
    package static let all = SourceFilter()
    /// No source (`_source: false`).
    package static let none = SourceFilter(fetch: false)

    /// Whether ``apply(to:)`` can change a source at all.
    package var isIdentity: Bool { fetch && includes.isEmpty && excludes.isEmpty }

    /// A request body's `_source`.
    ///
    /// - Throws: ``QueryError/parsing(reason:)`` with Elasticsearch's message for any other shape.
    package init(json: JSONValue) throws(QueryError) {
        self.init()
        switch json {
        case .bool(let fetch): self.fetch = fetch
        case .string(let pattern): includes = [pattern]
        case .array(let items): includes = try Self.patterns(items, key: "_source")
        case .object(let object):
            for (key, value) in object {
                switch key {
                case "includes", "include": includes = try Self.patterns(value, key: key)
                case "excludes", "exclude": excludes = try Self.patterns(value, key: key)
                default: throw .parsing(reason: "Unknown key for a \(value.tokenName) in [\(key)].")
                }
            }
        default:
            throw .parsing(reason: "Expected one of [VALUE_BOOLEAN, START_OBJECT] but found [\(json.tokenName)]")
        }
    }

    private static func patterns(_ value: JSONValue, key: String) throws(QueryError) -> [String] {
        switch value {
        case .string(let pattern): return [pattern]
        case .array(let items): return try patterns(items, key: key)
        default: throw .parsing(reason: "Unknown key for a \(value.tokenName) in [\(key)].")
        }
    }

    private static func patterns(_ items: [JSONValue], key: String) throws(QueryError) -> [String] {
        var patterns: [String] = []
        for item in items {
            guard case .string(let pattern) = item else {
                throw .parsing(reason: "Unknown key for a \(item.tokenName) in [\(key)].")
            }
            patterns.append(pattern)
        }
        return patterns
    }

    /// The filtered source, or nil when ``fetch`` is false. A non-object source is returned as is.
    ///
    /// Follows Elasticsearch's `XContentMapValues.filter`: an object or array that filtering empties is
    /// dropped unless its own path is included (so with only excludes, `{"http":{}}` stays); objects
    /// inside arrays that end up empty are dropped; scalars inside arrays are kept when the array's
    /// path is included.
    package func apply(to source: JSONValue) -> JSONValue? {
        guard fetch else { return nil }
        guard !isIdentity, case .object(let object) = source else { return source }
        return .object(apply(to: object))
    }

    /// The filtered object (``fetch`` is not consulted).
    package func apply(to object: JSONObject) -> JSONObject {
        guard !(includes.isEmpty && excludes.isEmpty) else { return object }
        let include: Inclusion = includes.isEmpty ? .everything : .matching(PathPatterns(includes).start)
        let exclude = excludes.isEmpty ? nil : PathPatterns(excludes).start
        return filter(object, include: include, exclude: exclude)
    }

    private enum Inclusion {
        case everything
        case matching(PathPatterns.State)

        func step(_ text: String) -> Inclusion? {
            guard case .matching(let state) = self else { return self }
            let next = state.step(text)
            return next.isDead ? nil : .matching(next)
        }

        var accepts: Bool {
            guard case .matching(let state) = self else { return true }
            return state.accepts
        }
    }

    private func filter(_ object: JSONObject, include: Inclusion, exclude: PathPatterns.State?) -> JSONObject {
        var filtered = JSONObject()
        for (key, value) in object {
            guard let keyInclude = include.step(key) else { continue }
            let keyExclude = exclude?.step(key)
            if keyExclude?.accepts == true { continue }
            let liveExclude = keyExclude.flatMap { $0.isDead ? nil : $0 }
            let included = keyInclude.accepts
            var childInclude = keyInclude
            if included {
                // Everything below is included; only excludes that can still match deeper matter.
                guard let liveExclude, !liveExclude.step(".").isDead else {
                    filtered.append(key: key, value: value)
                    continue
                }
                childInclude = .everything
            }
            switch value {
            case .object(let child):
                guard let nested = childInclude.step(".") else { continue }
                let result = filter(child, include: nested, exclude: liveExclude.flatMap(Self.stepDot))
                if included || !result.isEmpty { filtered.append(key: key, value: .object(result)) }
            case .array(let items):
                let result = filter(items, include: childInclude, exclude: liveExclude)
                if included || !result.isEmpty { filtered.append(key: key, value: .array(result)) }
            default:
                if included { filtered.append(key: key, value: value) }
            }
        }
        return filtered
    }

    private func filter(_ items: [JSONValue], include: Inclusion, exclude: PathPatterns.State?) -> [JSONValue] {
        var filtered: [JSONValue] = []
        for item in items {
            switch item {
            case .object(let child):
                guard let nested = include.step(".") else { continue }
                let result = filter(child, include: nested, exclude: exclude.flatMap(Self.stepDot))
                if !result.isEmpty { filtered.append(.object(result)) }
            case .array(let inner):
                let result = filter(inner, include: include, exclude: exclude)
                if !result.isEmpty { filtered.append(.array(result)) }
            default:
                if include.accepts { filtered.append(item) }
            }
        }
        return filtered
    }

    private static func stepDot(_ state: PathPatterns.State) -> PathPatterns.State? {
        let next = state.step(".")
        return next.isDead ? nil : next
    }
}

/// Patterns with `*` (any run of characters) run as an automaton over a path, one key at a time, so
/// a partial path can be asked whether it is matched already or could still be matched deeper.
/// Each pattern `p` also matches `p.` followed by anything, so naming an object names all inside it.
private struct PathPatterns {
    let patterns: [[Unicode.Scalar]]

    init(_ patterns: [String]) {
        self.patterns = patterns.flatMap { [Array($0.unicodeScalars), Array(($0 + ".*").unicodeScalars)] }
    }

    var start: State {
        var state = State(owner: self, positions: [])
        for index in patterns.indices { state.add(pattern: index, position: 0) }
        return state
    }

    /// The positions reached in each pattern, `*` positions expanded.
    struct State {
        let owner: PathPatterns
        var positions: [(pattern: Int, position: Int)]

        var isDead: Bool { positions.isEmpty }

        var accepts: Bool {
            positions.contains { $0.position == owner.patterns[$0.pattern].count }
        }

        func step(_ text: String) -> State {
            var state = self
            for scalar in text.unicodeScalars {
                var next = State(owner: owner, positions: [])
                for (pattern, position) in state.positions where position < owner.patterns[pattern].count {
                    let expected = owner.patterns[pattern][position]
                    if expected == "*" {
                        next.add(pattern: pattern, position: position)
                    } else if expected == scalar {
                        next.add(pattern: pattern, position: position + 1)
                    }
                }
                state = next
                if state.isDead { break }
            }
            return state
        }

        /// Adds a position and, past any `*`, the positions it may skip to.
        mutating func add(pattern: Int, position: Int) {
            var position = position
            while true {
                if !positions.contains(where: { $0 == (pattern, position) }) { positions.append((pattern, position)) }
                let scalars = owner.patterns[pattern]
                guard position < scalars.count, scalars[position] == "*" else { return }
                position += 1
            }
        }
    }
}
