/// A dotted field name such as `http.response.status_code`, as Elasticsearch and ECS write them.
///
/// Log documents spell the same field several ways: nested (`{"http":{"status":200}}`), as one
/// literal dotted key (`{"http.status":200}`), or mixed (`{"http":{"response.status_code":1}}`). A
/// path addresses all of them. At each level lookup tries the longest remaining dotted prefix as a
/// literal key first, then shorter ones, descending into objects and backtracking on a dead end.
///
/// Components are split once at `init`, and every dotted run of components (`a.b`, `b.c`, …) is
/// joined once too, so lookups allocate nothing. Empty components are kept: `a..b` has three.
package struct FieldPath: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The dotted text this path was made from.
    package let description: String
    /// The dot-separated parts, e.g. `["http", "status"]`.
    package let components: [String]
    /// `spans[i][k]` is `components[i...i+k]` joined with dots.
    private let spans: [[String]]

    /// Splits `dotted` at every `.`.
    package init(_ dotted: String) {
        description = dotted
        let components = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        self.components = components
        spans = components.indices.map { i in
            var joined = components[i]
            var row = [joined]
            for component in components[(i + 1)...] {
                joined += "." + component
                row.append(joined)
            }
            return row
        }
    }

    /// A path from a literal such as `"http.status"`.
    package init(stringLiteral value: String) { self.init(value) }

    /// Paths are equal when their text is.
    package static func == (lhs: FieldPath, rhs: FieldPath) -> Bool { lhs.description == rhs.description }

    /// Hashes the text, consistent with `==`.
    package func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// `components[start..<end]` joined with dots.
    private func span(_ start: Int, _ end: Int) -> String { spans[start][end - start - 1] }

    /// The value this path addresses in `object`, if any.
    func value(in object: JSONObject) -> JSONValue? {
        value(in: object, from: 0)
    }

    private func value(in object: JSONObject, from start: Int) -> JSONValue? {
        let n = components.count
        for end in stride(from: n, to: start, by: -1) {
            guard let found = object[span(start, end)] else { continue }
            if end == n { return found }
            if case .object(let child) = found, let value = value(in: child, from: end) { return value }
        }
        return nil
    }

    /// Entry positions from `object` down to the addressed entry, in the order ``value(in:)`` searches.
    /// `longest` < `components.count` skips the longest keys at this level, which the caller tried.
    private func locate(in object: JSONObject, from start: Int = 0, longest: Int? = nil) -> [Int]? {
        let n = components.count
        for end in stride(from: longest ?? n, to: start, by: -1) {
            guard let index = object.index(forKey: span(start, end)) else { continue }
            if end == n { return [index] }
            if case .object(let child) = object.entries[index].value, let rest = locate(in: child, from: end) {
                return [index] + rest
            }
        }
        return nil
    }

    /// Sets the value at this path in `object`.
    ///
    /// An existing value is replaced wherever lookup finds it. Otherwise the value is added under
    /// the deepest existing object along the path, creating nested objects for the remaining
    /// components as Elasticsearch ingest does. Where Elasticsearch would fail because a component
    /// names a non-object (`host` is a string and `host.name` is set), the value is stored under
    /// the literal dotted key instead, so nothing is overwritten and lookup still finds it.
    func set(_ value: JSONValue, in object: inout JSONObject) {
        // `locate`'s first probe (the whole path as one top-level key, e.g. `message` or a literal
        // `log.level`), done here without allocating its list of positions. For a one-component
        // path a miss is also `locate`'s answer.
        let n = components.count
        if let index = object.index(forKey: span(0, n)) {
            object.entries[index].value = value
            return
        }
        if n > 1, let indices = locate(in: object, longest: n - 1) {
            Self.modify(&object, along: indices[...]) { parent, index in
                parent.entries[index].value = value
            }
        } else {
            insert(value, into: &object, from: 0)
        }
    }

    /// Removes the value at this path from `object` and returns it; parents are left in place, even if empty.
    func remove(from object: inout JSONObject) -> JSONValue? {
        // As in `set`: `locate`'s first probe without its allocation, and all of it for one component.
        let n = components.count
        if let index = object.index(forKey: span(0, n)) { return object.removeEntry(at: index) }
        guard n > 1, let indices = locate(in: object, longest: n - 1) else { return nil }
        return Self.modify(&object, along: indices[...]) { parent, index in
            parent.removeEntry(at: index)
        }
    }

    private func insert(_ value: JSONValue, into object: inout JSONObject, from start: Int) {
        let n = components.count
        for end in stride(from: n - 1, to: start, by: -1) {
            guard let index = object.index(forKey: span(start, end)),
                  case .object = object.entries[index].value else { continue }
            object.modifyValue(at: index) { child in
                guard case .object(var childObject) = child else { return }
                child = .null  // drop the second reference so `childObject` is mutated in place
                insert(value, into: &childObject, from: end)
                child = .object(childObject)
            }
            return
        }
        if object.index(forKey: components[start]) != nil {
            object.append(key: span(start, n), value: value)
            return
        }
        var nested = value
        for component in components[(start + 1)...].reversed() {
            nested = .object(JSONObject([(key: component, value: nested)]))
        }
        object.append(key: components[start], value: nested)
    }

    /// Runs `body` on the object holding the last of `indices`, reached through the others.
    private static func modify<R>(
        _ object: inout JSONObject, along indices: ArraySlice<Int>, _ body: (inout JSONObject, Int) -> R
    ) -> R {
        let first = indices[indices.startIndex]
        if indices.count == 1 { return body(&object, first) }
        return object.modifyValue(at: first) { child in
            guard case .object(var childObject) = child else {
                preconditionFailure("locate returned a non-object parent")
            }
            child = .null
            defer { child = .object(childObject) }
            return modify(&childObject, along: indices.dropFirst(), body)
        }
    }
}
