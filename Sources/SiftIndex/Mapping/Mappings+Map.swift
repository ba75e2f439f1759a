import SiftCore

extension Mappings {
    /// Maps one document into indexable values.
    ///
    /// Walks the document (nested objects and literal dotted keys both become dotted paths, arrays
    /// give several values, `null` and empty arrays are skipped), adds dynamic mappings for new
    /// fields as Elasticsearch does, coerces every value to its field's type and replaces `values`
    /// with the result. `values` is reused: a document whose fields are all mapped allocates only
    /// what its values need (strings are shared with the document).
    ///
    /// Values of fields with `index: false` and `doc_values: false` are checked but not emitted; for
    /// the others the consumer honours ``FieldMapping/index`` (terms) and ``FieldMapping/docValues``
    /// (columns).
    ///
    /// All or nothing: if any value fails, this throws and `self` is unchanged (dynamic fields the
    /// failing document would have added are not kept).
    /// - Parameter id: the document's `_id`, for error messages.
    /// - Returns: whether the mappings changed (new fields or objects).
    /// - Throws: `document_parsing_exception` for a value that does not fit its field or a metadata
    ///   field inside the document; `strict_dynamic_mapping_exception` for a new field under
    ///   `"dynamic": "strict"`.
    package mutating func map(_ document: Document, id: String, into values: inout [MappedValue]) throws(MappingError) -> Bool {
        var context = WalkContext(id: id, update: false)
        swap(&values, &context.values)
        defer { swap(&values, &context.values) }
        context.values.removeAll(keepingCapacity: true)
        do {
            // Read-only pass: the common case, where every field is already mapped.
            try walk(document.fields, node: 0, &context)
            for alias in context.pendingAliases { tree.aliases[Int(alias.node)][alias.key] = alias.target }
            for shape in context.pendingShapes {
                tree.remember(node: shape.node, position: shape.position, key: shape.key, target: shape.target)
            }
            return false
        } catch {
            if case .failed(let failure) = error {
                context.values.removeAll(keepingCapacity: true)
                throw failure
            }
        }
        // Something new: redo the walk on a copy that may grow, and keep it only if it succeeds.
        context.values.removeAll(keepingCapacity: true)
        context.update = true
        var updated = self
        do {
            try updated.walk(document.fields, node: 0, &context)
        } catch {
            context.values.removeAll(keepingCapacity: true)
            switch error {
            case .failed(let failure): throw failure
            case .needsUpdate: preconditionFailure("a walk that may update asked for an update")
            }
        }
        let changed = updated.fields.count != fields.count || updated.objects.count != objects.count
        self = updated
        return changed
    }

    struct WalkContext {
        let id: String
        var update: Bool
        var values: [MappedValue] = []
        var pendingAliases: [(node: Int32, key: String, target: Int32)] = []
        var pendingShapes: [(node: Int32, position: Int, key: String, target: Int32)] = []

        init(id: String, update: Bool) {
            self.id = id
            self.update = update
        }
    }

    enum WalkError: Error {
        /// The document needs a new mapping; the read-only pass stops and the updating pass takes over.
        case needsUpdate
        case failed(MappingError)
    }

    private static let metadataFields: Set<String> = [
        "_id", "_index", "_source", "_version", "_routing", "_ignored", "_seq_no", "_primary_term",
        "_field_names", "_doc_count", "_tier", "_nested_path", "_data_stream_timestamp", "_tsid", "_ignored_source",
    ]

    private mutating func walk(_ object: JSONObject, node: Int32, _ context: inout WalkContext) throws(WalkError) {
        // By position rather than `for in`: the generic iterator would go through a coroutine per entry.
        for position in 0..<object.count {
            let (key, value) = object[position]
            // Documents of one source repeat their keys in the same order: compare with the key seen
            // at this position last time before hashing anything.
            if let target = tree.remembered(node: node, position: position, key: key) {
                try handle(value, key: key, target: target, &context)
                continue
            }
            if node == 0, key.utf8.first == UInt8(ascii: "_"), Self.metadataFields.contains(key) {
                throw .failed(MappingError(
                    type: MappingError.documentParsing,
                    reason: "Field [\(key)] is a metadata field and cannot be added inside a document. Use the index API request parameters."))
            }
            if let child = tree.children[Int(node)][key] ?? tree.aliases[Int(node)][key] {
                remember(node: node, position: position, key: key, target: child, &context)
                try handle(value, key: key, target: child, &context)
            } else if key.utf8.contains(UInt8(ascii: ".")) {
                try walkDotted(key, value, from: node, position: position, &context)
            } else {
                try addDynamic(name: key, value: value, parent: node, &context)
            }
        }
    }

    /// Caches that `key` at `position` of an object at `node` names `target`; written at once in the
    /// updating pass, after success in the read-only one (so a failing document changes nothing).
    private mutating func remember(node: Int32, position: Int, key: String, target: Int32, _ context: inout WalkContext) {
        guard position < MappingTree.rememberedPositions else { return }
        if context.update {
            tree.remember(node: node, position: position, key: key, target: target)
        } else {
            context.pendingShapes.append((node, position, key, target))
        }
    }

    /// Indexes `value` under an existing node: a field (with its multi-fields) or an object.
    private mutating func handle(_ value: JSONValue, key: String, target: Int32, _ context: inout WalkContext) throws(WalkError) {
        if tree.field[Int(target)] >= 0 {
            try mapValue(value, node: target, &context)
        } else if tree.enabled[Int(target)] {
            try walkObjectValue(value, node: target, key: key, &context)
        }
    }

    private mutating func walkObjectValue(_ value: JSONValue, node: Int32, key: String, _ context: inout WalkContext) throws(WalkError) {
        switch value {
        case .object(let object):
            try walk(object, node: node, &context)
        case .null:
            return
        case .array(let elements):
            for element in elements { try walkObjectValue(element, node: node, key: key, &context) }
        default:
            let name = key.split(separator: ".").last.map(String.init) ?? key
            throw .failed(MappingError(
                type: MappingError.documentParsing,
                reason: "object mapping for [\(nodePath(node))] tried to parse field [\(name)] as object, but found a concrete value"))
        }
    }

    // `mutating` though it only reads: called from the mutating walk, a non-mutating method would
    // get a copy of the whole mappings value (a memcpy and a retain per stored collection) per call.
    private mutating func mapValue(_ value: JSONValue, node: Int32, _ context: inout WalkContext) throws(WalkError) {
        switch value {
        case .null:
            return
        case .array(let elements):
            for element in elements { try mapValue(element, node: node, &context) }
        default:
            try emit(value, field: Int(tree.field[Int(node)]), &context)
            for multiField in tree.multiFields[Int(node)] { try emit(value, field: Int(multiField), &context) }
        }
    }

    private mutating func emit(_ value: JSONValue, field: Int, _ context: inout WalkContext) throws(WalkError) {
        let plan = plans[field]
        switch plan.coerce(value, dateFormat: plan.type == .date ? dateFormats[field] : nil) {
        case .value(let mapped): if plan.emits { context.values.append(MappedValue(field: field, value: mapped)) }
        case .skip: return
        case .failure(let cause): throw .failed(.badValue(field: fields[field], id: context.id, value: value, cause: cause))
        }
    }

    /// A literal dotted key (`"http.status": 200`) means the nested path, as in Elasticsearch 8.
    private mutating func walkDotted(_ key: String, _ value: JSONValue, from start: Int32, position: Int,
                                     _ context: inout WalkContext) throws(WalkError) {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        if parts.first?.isEmpty == true || parts.last?.isEmpty == true {
            throw .failed(MappingError(type: MappingError.documentParsing,
                reason: "field name starting or ending with a [.] makes object resolution ambiguous: [\(key)]"))
        }
        if parts.contains(where: \.isEmpty) {
            throw .failed(MappingError(type: MappingError.documentParsing,
                reason: "field name cannot contain only whitespace: [\(key)]"))
        }
        var node = start
        for (i, part) in parts.enumerated() {
            let name = String(part)
            guard let child = tree.children[Int(node)][name] else {
                // The rest is new: hand it to dynamic mapping as the nested objects it stands for.
                var nested = value
                for inner in parts[(i + 1)...].reversed() { nested = .object(JSONObject([(key: String(inner), value: nested)])) }
                if i + 1 < parts.count, Self.dynamicKind(of: value, self) == nil { return }
                try addDynamic(name: name, value: nested, parent: node, &context)
                return
            }
            if i == parts.count - 1 {
                if context.update {
                    tree.aliases[Int(start)][key] = child
                } else {
                    context.pendingAliases.append((start, key, child))
                }
                remember(node: start, position: position, key: key, target: child, &context)
                try handle(value, key: key, target: child, &context)
                return
            }
            if tree.field[Int(child)] >= 0 {
                let existing = fields[Int(tree.field[Int(child)])]
                throw .failed(MappingError(type: MappingError.documentParsing,
                    reason: "Could not dynamically add mapping for field [\(key)]. "
                        + "Existing mapping for [\(existing.path)] must be of type object but found [\(existing.type.rawValue)]."))
            }
            guard tree.enabled[Int(child)] else { return }
            node = child
        }
    }

    /// A new field or object `name` under `parent`, following the effective `dynamic` there.
    private mutating func addDynamic(name: String, value: JSONValue, parent: Int32, _ context: inout WalkContext) throws(WalkError) {
        switch tree.dynamicOverride[Int(parent)] ?? dynamic {
        case .false:
            return
        case .strict:
            guard Self.dynamicKind(of: value, self) != nil else { return }
            throw .failed(MappingError(type: MappingError.strictDynamicMapping,
                reason: "mapping set to strict, dynamic introduction of [\(name)] within [\(nodePath(parent))] is not allowed"))
        case .true:
            break
        }
        guard let kind = Self.dynamicKind(of: value, self) else { return }
        guard context.update else { throw .needsUpdate }
        let parentPath = tree.object[Int(parent)] < 0 ? "" : objects[Int(tree.object[Int(parent)])].path + "."
        let path = parentPath + name
        switch kind {
        case .object:
            let node = insertObject(ObjectMapping(path: path), parent: parent, name: name)
            try walkObjectValue(value, node: node, key: name, &context)
        case .field(let type, let format):
            var compiled: DateFormat?
            if let format { compiled = try? DateFormat(format) }
            let node = insertField(FieldMapping(path: path, type: type, format: format), format: compiled, parent: parent, name: name)
            if type == .text {
                insertMultiField(FieldMapping(path: path + ".keyword", type: .keyword, ignoreAbove: 256, parent: path),
                                 format: nil, parentNode: node)
            }
            try mapValue(value, node: node, &context)
        }
    }

    enum DynamicKind {
        case object
        case field(FieldType, format: String?)
    }

    /// What Elasticsearch's dynamic mapping makes of a new value; nil adds nothing (null, empty array).
    static func dynamicKind(of value: JSONValue, _ mappings: Mappings) -> DynamicKind? {
        switch value {
        case .null: return nil
        case .bool: return .field(.boolean, format: nil)
        case .int: return .field(.long, format: nil)
        case .double: return .field(.float, format: nil)
        case .object: return .object
        case .array(let elements):
            for element in elements {
                if let kind = dynamicKind(of: element, mappings) { return kind }
            }
            return nil
        case .string(let string):
            return dynamicKind(ofString: string, mappings)
        }
    }

    private static func dynamicKind(ofString string: String, _ mappings: Mappings) -> DynamicKind {
        let trimmed = string.trimmingASCIIWhitespace
        let isLong = Int64(trimmed) != nil
        let isDouble = !isLong && Double(trimmed) != nil
        // Elasticsearch tries date formats only on strings that are not numbers.
        if mappings.dateDetection, !isLong, !isDouble {
            for (text, parser) in zip(mappings.dynamicDateFormats, mappings.dynamicDateParsers) where parser.parse(string) != nil {
                return .field(.date, format: text == "strict_date_optional_time" ? nil : text)
            }
        }
        if mappings.numericDetection {
            if isLong { return .field(.long, format: nil) }
            if isDouble { return .field(.float, format: nil) }
        }
        return .field(.text, format: nil)
    }
}

extension String {
    /// Without leading and trailing ASCII spaces, tabs and line breaks (as Java's `trim` for numbers).
    var trimmingASCIIWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
