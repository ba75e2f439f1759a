import SiftCore

/// The fields that one pattern's captures write, as a tree of their path components, so a match
/// builds each new top-level object whole instead of walking the document once per field.
///
/// ``write(_:into:)`` gives the document that ``Document/set(_:to:)`` per field, in capture order,
/// would give: new objects get their keys in the order the fields that took part first reach them.
/// It handles top-level keys the document does not have yet (the usual case: a line's document
/// holds only `message` and `event`) and single-component fields such as `message`; it declines,
/// leaving the document untouched, when fields would go below a key the document already has,
/// nested or as a dotted literal (`http.version`), because lookup rules decide where those land.
struct CaptureTree: Sendable {
    struct Node: Sendable {
        let key: String
        /// `key.`: a document key starting with this may be a dotted literal that lookups reach.
        let dottedPrefix: String
        /// The parent node's index, or -1 at the top level.
        let parent: Int
        /// The capture slot when this node is a field.
        var slot: Int?
        var children: [Int] = []
    }

    let nodes: [Node]
    /// Top-level nodes.
    let roots: [Int]
    /// Slot → the node of its field.
    let leaves: [Int]

    /// The tree of `fields` (one per capture slot), or nil when one field is a prefix of another
    /// (`a` and `a.b`) or a field has an empty component (`a..b`); those keep the per-field path.
    init?(_ fields: [FieldPath]) {
        var nodes: [Node] = []
        var roots: [Int] = []
        var leaves: [Int] = []
        for (slot, field) in fields.enumerated() {
            var parent = -1
            for component in field.components {
                guard !component.isEmpty, parent < 0 || nodes[parent].slot == nil else { return nil }
                let siblings = parent < 0 ? roots : nodes[parent].children
                if let existing = siblings.first(where: { nodes[$0].key == component }) {
                    parent = existing
                    continue
                }
                nodes.append(Node(key: component, dottedPrefix: component + ".", parent: parent))
                if parent < 0 { roots.append(nodes.count - 1) } else { nodes[parent].children.append(nodes.count - 1) }
                parent = nodes.count - 1
            }
            guard parent >= 0, nodes[parent].slot == nil, nodes[parent].children.isEmpty else { return nil }
            nodes[parent].slot = slot
            leaves.append(parent)
        }
        self.nodes = nodes
        self.roots = roots
        self.leaves = leaves
    }

    /// Writes `values` (one per slot; nil for a capture that took no part) into `document`.
    ///
    /// - Returns: false, with the document untouched, when a field would go below a top-level key
    ///   the document already has; the caller then sets the fields one by one.
    func write(_ values: [JSONValue?], into document: inout Document) -> Bool {
        // The first slot that reaches a node decides its place among its siblings, as it would
        // when the fields are set one by one.
        var first = [Int](repeating: Int.max, count: nodes.count)
        var newRoots = 0
        for (slot, value) in values.enumerated() where value != nil {
            var node = leaves[slot]
            while node >= 0, first[node] == Int.max {
                first[node] = slot
                if nodes[node].parent < 0 { newRoots += 1 }
                node = nodes[node].parent
            }
        }
        for root in roots where first[root] != Int.max && nodes[root].slot == nil {
            for (key, _) in document.fields where key == nodes[root].key || key.hasPrefix(nodes[root].dottedPrefix) {
                return false
            }
        }
        document.fields.reserveCapacity(document.fields.count + newRoots)  // the entries grow once
        var previous = -1
        while let root = next(after: previous, among: roots, first) {
            previous = first[root]
            if let slot = nodes[root].slot {
                document.fields[nodes[root].key] = values[slot]  // replaces in place or appends, as `set` does
            } else {
                document.fields.append(key: nodes[root].key, value: build(root, values, first))
            }
        }
        return true
    }

    /// The object (or field value) of `node`, its keys in first-reached order.
    private func build(_ node: Int, _ values: [JSONValue?], _ first: [Int]) -> JSONValue {
        if let slot = nodes[node].slot { return values[slot] ?? .null }
        var object = JSONObject(minimumCapacity: nodes[node].children.count)
        var previous = -1
        while let child = next(after: previous, among: nodes[node].children, first) {
            previous = first[child]
            object.append(key: nodes[child].key, value: build(child, values, first))
        }
        return .object(object)
    }

    /// The node among `candidates` reached first by a slot after `slot` (siblings never share one).
    private func next(after slot: Int, among candidates: [Int], _ first: [Int]) -> Int? {
        var best: Int?
        for candidate in candidates where first[candidate] != Int.max && first[candidate] > slot {
            if let current = best, first[current] < first[candidate] { continue }
            best = candidate
        }
        return best
    }
}
