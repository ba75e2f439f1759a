import SiftCore

/// An index's field mappings with Elasticsearch semantics: explicit fields from the index definition
/// or `PUT _mapping`, plus fields added dynamically as documents bring them.
///
/// ``fields`` is flat and append-only: a field's position is its number for ``MappedValue/field``
/// for the life of this value. Equality ignores that order (mappings are a set of paths, as in
/// Elasticsearch), so a value rebuilt from ``json`` equals the original but may number fields
/// differently; persist paths, not positions.
package struct Mappings: Sendable {
    /// Root `dynamic`: what happens to unmapped fields (objects may override it).
    package var dynamic: DynamicMode { didSet { explicitRoot.insert(.dynamic) } }
    /// Root `date_detection`: whether new strings that parse as dates become `date` fields.
    package var dateDetection: Bool { didSet { explicitRoot.insert(.dateDetection) } }
    /// Root `numeric_detection`: whether new numeric strings become `long`/`float` (default false).
    package var numericDetection: Bool { didSet { explicitRoot.insert(.numericDetection) } }
    /// Root `dynamic_date_formats`, tried in order by date detection; see ``setDynamicDateFormats(_:)``.
    package internal(set) var dynamicDateFormats: [String]
    /// Every field, multi-fields included, in the order they were added.
    package private(set) var fields: [FieldMapping]
    /// Every object, in the order they were added (a parent before its children).
    package private(set) var objects: [ObjectMapping]

    /// Elasticsearch's default `dynamic_date_formats`.
    package static let defaultDynamicDateFormats = ["strict_date_optional_time", "yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z"]

    struct RootSettings: OptionSet, Sendable, Hashable {
        let rawValue: UInt8
        static let dynamic = RootSettings(rawValue: 1)
        static let dateDetection = RootSettings(rawValue: 2)
        static let numericDetection = RootSettings(rawValue: 4)
        static let dynamicDateFormats = RootSettings(rawValue: 8)
    }

    /// Root settings given explicitly, so that ``merge(_:)`` applies only those of an update.
    var explicitRoot: RootSettings = []
    var dynamicDateParsers: [DateFormat]
    private var fieldIndexByPath: [String: Int] = [:]
    private var objectIndexByPath: [String: Int] = [:]
    /// Per field: its node in ``tree`` (-1 for multi-fields), what coercion needs, and its compiled date format.
    private(set) var fieldNodes: [Int32] = []
    private(set) var plans: [FieldPlan] = []
    private(set) var dateFormats: [DateFormat?] = []
    /// Per object: its node.
    private(set) var objectNodes: [Int32] = []
    /// The object tree that ``map(_:id:into:)`` walks.
    var tree = MappingTree()

    /// Empty mappings with Elasticsearch's defaults (`dynamic: true`, date detection on).
    package init() {
        dynamic = .true
        dateDetection = true
        numericDetection = false
        dynamicDateFormats = Self.defaultDynamicDateFormats
        dynamicDateParsers = Self.defaultDynamicDateParsers
        fields = []
        objects = []
    }

    private static let defaultDynamicDateParsers: [DateFormat] = defaultDynamicDateFormats.map { text in
        do { return try DateFormat(text) } catch { preconditionFailure("default dynamic date format \(text): \(error)") }
    }

    /// Replaces `dynamic_date_formats`.
    /// - Throws: `mapper_parsing_exception` naming a format that does not compile.
    package mutating func setDynamicDateFormats(_ formats: [String]) throws(MappingError) {
        var parsers: [DateFormat] = []
        for format in formats {
            do { parsers.append(try DateFormat(format)) } catch { throw .badMapping(error.reason) }
        }
        dynamicDateFormats = formats
        dynamicDateParsers = parsers
        explicitRoot.insert(.dynamicDateFormats)
    }

    /// The field at `path` (`message.keyword` for a multi-field), in O(1).
    package func field(_ path: String) -> FieldMapping? {
        fieldIndexByPath[path].map { fields[$0] }
    }

    /// The position of the field at `path` in ``fields``.
    package func fieldIndex(_ path: String) -> Int? {
        fieldIndexByPath[path]
    }

    /// The object at `path`.
    package func object(_ path: String) -> ObjectMapping? {
        objectIndexByPath[path].map { objects[$0] }
    }

    /// The compiled `format` of the date field at `index` (the default if it names none).
    package func dateFormat(ofField index: Int) -> DateFormat {
        dateFormats[index] ?? .defaultFormat
    }

    func objectIndex(_ path: String) -> Int? { objectIndexByPath[path] }

    /// The path of an object node, `_doc` for the root (as Elasticsearch names it in errors).
    func nodePath(_ node: Int32) -> String {
        let object = tree.object[Int(node)]
        return object < 0 ? "_doc" : objects[Int(object)].path
    }

    // MARK: Building the tree

    @discardableResult
    mutating func insertObject(_ mapping: ObjectMapping, parent: Int32, name: String) -> Int32 {
        objectIndexByPath[mapping.path] = objects.count
        let node = tree.append(field: -1, object: Int32(objects.count), enabled: mapping.enabled,
                               dynamicOverride: mapping.dynamic ?? tree.dynamicOverride[Int(parent)], parent: parent, name: name)
        objectNodes.append(node)
        objects.append(mapping)
        return node
    }

    @discardableResult
    mutating func insertField(_ mapping: FieldMapping, format: DateFormat?, parent: Int32, name: String) -> Int32 {
        fieldIndexByPath[mapping.path] = fields.count
        let node = tree.append(field: Int32(fields.count), object: -1, enabled: true, dynamicOverride: nil, parent: parent, name: name)
        fieldNodes.append(node)
        appendField(mapping, format: format)
        return node
    }

    mutating func insertMultiField(_ mapping: FieldMapping, format: DateFormat?, parentNode: Int32) {
        fieldIndexByPath[mapping.path] = fields.count
        fieldNodes.append(-1)
        tree.addMultiField(Int32(fields.count), to: parentNode)
        appendField(mapping, format: format)
    }

    private mutating func appendField(_ mapping: FieldMapping, format: DateFormat?) {
        fields.append(mapping)
        plans.append(FieldPlan(mapping))
        dateFormats.append(format)
    }

    mutating func updateField(at index: Int, _ mapping: FieldMapping) {
        fields[index] = mapping
        plans[index] = FieldPlan(mapping)
    }

    mutating func updateObject(at index: Int, _ mapping: ObjectMapping) {
        objects[index] = mapping
        tree.enabled[Int(objectNodes[index])] = mapping.enabled
    }

    /// The node of the object at `path`, creating missing objects along it; nil if a component is a field.
    mutating func objectNode(forPath path: Substring) -> Int32? {
        if path.isEmpty { return 0 }
        if let index = objectIndexByPath[String(path)] { return objectNodes[index] }
        if fieldIndexByPath[String(path)] != nil { return nil }
        let dot = path.lastIndex(of: ".")
        let parentPath = dot.map { path[..<$0] } ?? ""
        let name = dot.map { path[path.index(after: $0)...] } ?? path
        guard let parent = objectNode(forPath: parentPath) else { return nil }
        return insertObject(ObjectMapping(path: String(path)), parent: parent, name: String(name))
    }

    /// Recomputes inherited `dynamic` after objects changed theirs, and drops cached dotted keys.
    mutating func refreshTree() {
        var stack: [Int32] = [0]
        while let node = stack.popLast() {
            tree.aliases[Int(node)] = [:]
            let inherited = tree.dynamicOverride[Int(node)]
            for child in tree.order[Int(node)] where tree.object[Int(child)] >= 0 {
                let own = objects[Int(tree.object[Int(child)])].dynamic
                tree.dynamicOverride[Int(child)] = own ?? inherited
                stack.append(child)
            }
        }
    }
}

extension Mappings: Hashable {
    /// Same root settings and the same fields and objects by path, in any order.
    package static func == (lhs: Mappings, rhs: Mappings) -> Bool {
        guard lhs.dynamic == rhs.dynamic, lhs.dateDetection == rhs.dateDetection,
              lhs.numericDetection == rhs.numericDetection, lhs.dynamicDateFormats == rhs.dynamicDateFormats,
              lhs.fields.count == rhs.fields.count, lhs.objects.count == rhs.objects.count
        else { return false }
        return lhs.fields.allSatisfy { rhs.field($0.path) == $0 } && lhs.objects.allSatisfy { rhs.object($0.path) == $0 }
    }

    /// Consistent with `==`: order-independent over fields and objects.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(dynamic)
        hasher.combine(dateDetection)
        hasher.combine(numericDetection)
        hasher.combine(dynamicDateFormats)
        var sum = 0
        for field in fields { sum &+= field.hashValue }
        for object in objects { sum &+= object.hashValue }
        hasher.combine(sum)
    }
}
