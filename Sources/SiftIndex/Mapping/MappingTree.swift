/// The object tree that ``Mappings/map(_:id:into:)`` walks, as parallel arrays indexed by node
/// (node 0 is the root), so that reading a node copies nothing and retains nothing.
///
/// Nodes are the root, objects and fields; multi-fields hang off their field's node.
struct MappingTree: Sendable {
    /// The field a node is (-1: the root or an object).
    private(set) var field: [Int32] = [-1]
    /// The object a node is (-1: the root or a field).
    private(set) var object: [Int32] = [-1]
    /// Whether the walk descends into the node (`"enabled": false` objects keep values out).
    var enabled: [Bool] = [true]
    /// The nearest explicit `dynamic` at or above an object; nil defers to the root's.
    var dynamicOverride: [DynamicMode?] = [nil]
    /// Children by their single name.
    private(set) var children: [[String: Int32]] = [[:]]
    /// Children in insertion order, for ``Mappings/json``.
    private(set) var order: [[Int32]] = [[]]
    /// Dotted keys seen in documents (`"http.status"`) resolved to the node they name: a cache.
    var aliases: [[String: Int32]] = [[:]]
    /// Multi-fields (indices into ``Mappings/fields``) of a field node.
    private(set) var multiFields: [[Int32]] = [[]]
    /// Per object node: the key last seen at each position of a document's object and the node it
    /// named, so that documents with the same keys in the same order skip hashing. A cache.
    private var shapes: [[Slot]] = [[]]

    struct Slot: Sendable {
        var key: String
        var target: Int32
    }

    /// Positions past this are not remembered (they still resolve, by hashing).
    static let rememberedPositions = 128

    var count: Int { field.count }

    /// Adds a node under `parent` as `name`.
    mutating func append(field: Int32, object: Int32, enabled: Bool, dynamicOverride: DynamicMode?, parent: Int32, name: String) -> Int32 {
        let node = Int32(count)
        self.field.append(field)
        self.object.append(object)
        self.enabled.append(enabled)
        self.dynamicOverride.append(dynamicOverride)
        children.append([:])
        order.append([])
        aliases.append([:])
        multiFields.append([])
        shapes.append([])
        children[Int(parent)][name] = node
        order[Int(parent)].append(node)
        return node
    }

    /// The node that `key` named at `position` of `node` last time, if it is the same key.
    @inline(__always)
    func remembered(node: Int32, position: Int, key: String) -> Int32? {
        guard position < shapes[Int(node)].count else { return nil }
        let target = shapes[Int(node)][position].target
        guard target >= 0, shapes[Int(node)][position].key == key else { return nil }
        return target
    }

    mutating func remember(node: Int32, position: Int, key: String, target: Int32) {
        while shapes[Int(node)].count <= position { shapes[Int(node)].append(Slot(key: "", target: -1)) }
        shapes[Int(node)][position] = Slot(key: key, target: target)
    }

    mutating func addMultiField(_ field: Int32, to node: Int32) {
        multiFields[Int(node)].append(field)
    }
}
