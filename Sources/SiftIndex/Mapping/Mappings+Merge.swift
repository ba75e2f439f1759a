extension Mappings {
    /// Applies a mapping update (`PUT _mapping`, an index template): new objects and fields are
    /// added, root settings that `other` sets explicitly replace ours, objects may change `dynamic`,
    /// keywords may change `ignore_above` and numbers `coerce`. All or nothing.
    ///
    /// - Throws: `illegal_argument_exception` when a field would change type
    ///   (`mapper [x] cannot be changed from type [long] to [keyword]`), a field and an object share a
    ///   path, or a parameter that cannot be updated differs (`analyzer`, `index`, `doc_values`, `format`).
    package mutating func merge(_ other: Mappings) throws(MappingError) {
        var result = self
        if other.explicitRoot.contains(.dynamic) { result.dynamic = other.dynamic }
        if other.explicitRoot.contains(.dateDetection) { result.dateDetection = other.dateDetection }
        if other.explicitRoot.contains(.numericDetection) { result.numericDetection = other.numericDetection }
        if other.explicitRoot.contains(.dynamicDateFormats) {
            result.dynamicDateFormats = other.dynamicDateFormats
            result.dynamicDateParsers = other.dynamicDateParsers
            result.explicitRoot.insert(.dynamicDateFormats)
        }
        for object in other.objects {
            if result.fieldIndex(object.path) != nil {
                throw Self.conflict("can't merge a non object mapping [\(object.path)] with an object mapping")
            }
            if let index = result.objectIndex(object.path) {
                var merged = result.objects[index]
                if merged.enabled != object.enabled {
                    throw Self.conflict("the [enabled] parameter can't be updated for the object mapping [\(object.path)]")
                }
                if let dynamic = object.dynamic { merged.dynamic = dynamic }
                result.updateObject(at: index, merged)
            } else {
                guard let node = result.objectNode(forPath: object.path[...]) else {
                    throw Self.conflict("can't merge a non object mapping [\(object.path)] with an object mapping")
                }
                result.updateObject(at: Int(result.tree.object[Int(node)]), object)
            }
        }
        for (index, field) in other.fields.enumerated() {
            if result.objectIndex(field.path) != nil {
                throw Self.conflict("can't merge a non object mapping [\(field.path)] with an object mapping")
            }
            if let existingIndex = result.fieldIndex(field.path) {
                result.updateField(at: existingIndex, try Self.merged(result.fields[existingIndex], field))
                continue
            }
            let format = other.dateFormats[index]
            if let parent = field.parent {
                guard let parentIndex = result.fieldIndex(parent), result.fieldNodes[parentIndex] >= 0 else {
                    throw Self.conflict("multi-field [\(field.path)] has no parent field [\(parent)]")
                }
                result.insertMultiField(field, format: format, parentNode: result.fieldNodes[parentIndex])
            } else {
                let dot = field.path.lastIndex(of: ".")
                let parentPath = dot.map { field.path[..<$0] } ?? ""
                guard let parentNode = result.objectNode(forPath: parentPath) else {
                    throw Self.conflict("Could not add field [\(field.path)]: [\(parentPath)] is not an object")
                }
                result.insertField(field, format: format, parent: parentNode, name: String(field.name))
            }
        }
        result.refreshTree()
        self = result
    }

    private static func conflict(_ reason: String) -> MappingError {
        MappingError(type: MappingError.illegalArgument, reason: reason)
    }

    private static func merged(_ existing: FieldMapping, _ update: FieldMapping) throws(MappingError) -> FieldMapping {
        guard existing.type == update.type else {
            throw conflict("mapper [\(existing.path)] cannot be changed from type [\(existing.type.rawValue)] to [\(update.type.rawValue)]")
        }
        var problems: [String] = []
        func check(_ name: String, _ old: String, _ new: String) {
            if old != new { problems.append("Cannot update parameter [\(name)] from [\(old)] to [\(new)]") }
        }
        check("analyzer", existing.analyzer ?? "default", update.analyzer ?? "default")
        check("index", String(existing.index), String(update.index))
        check("doc_values", String(existing.docValues), String(update.docValues))
        check("format", existing.format ?? DateFormat.defaultFormat.text, update.format ?? DateFormat.defaultFormat.text)
        if existing.parent != update.parent {
            problems.append("Cannot change [\(existing.path)] between a field and a multi-field")
        }
        guard problems.isEmpty else {
            throw conflict("Mapper for [\(existing.path)] conflicts with existing mapper:\n\t" + problems.joined(separator: "\n\t"))
        }
        var result = existing
        result.ignoreAbove = update.ignoreAbove
        result.coerce = update.coerce
        return result
    }
}
