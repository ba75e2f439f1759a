import SiftAnalysis
import SiftCore

extension Mappings {
    /// Reads an Elasticsearch `mappings` body:
    /// `{"dynamic": ..., "date_detection": ..., "numeric_detection": ..., "dynamic_date_formats": [...],
    /// "properties": {"a": {"type": "keyword"}, "http": {"properties": {...}}}}`, with multi-fields
    /// (`"fields": {"raw": {"type": "keyword"}}`) and dotted property names (`"http.status"`).
    ///
    /// - Throws: `mapper_parsing_exception` naming the field and parameter for an unknown type,
    ///   an unknown or mistyped parameter, an unknown analyzer or a bad date format.
    package init(json: JSONValue) throws(MappingError) {
        self.init()
        guard let root = json.objectValue else {
            throw .badMapping("Expected map for property [mappings] but got [\(json.jsonString)]")
        }
        var unsupported: [String] = []
        for (key, value) in root {
            switch key {
            // Observers do not run in initializers, so record explicit settings here.
            case "dynamic":
                dynamic = try Self.dynamicMode(value, on: "_doc")
                explicitRoot.insert(.dynamic)
            case "date_detection":
                dateDetection = try Self.bool(value, parameter: key, on: "_doc")
                explicitRoot.insert(.dateDetection)
            case "numeric_detection":
                numericDetection = try Self.bool(value, parameter: key, on: "_doc")
                explicitRoot.insert(.numericDetection)
            case "dynamic_date_formats":
                let formats: [String]
                if let single = value.stringValue {
                    formats = [single]
                } else if let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) {
                    formats = list.compactMap(\.stringValue)
                } else {
                    throw .badMapping("[dynamic_date_formats] must be a string or an array of strings, got [\(value.jsonString)]")
                }
                try setDynamicDateFormats(formats)
            case "properties":
                try parseProperties(value, parent: 0, parentPath: "")
            default:
                unsupported.append("\(key) : \(MappingError.preview(value))")
            }
        }
        guard unsupported.isEmpty else {
            throw MappingError(type: MappingError.mapperParsing,
                               reason: "Root mapping definition has unsupported parameters:  [\(unsupported.joined(separator: "] ["))]")
        }
    }

    private mutating func parseProperties(_ value: JSONValue, parent: Int32, parentPath: String) throws(MappingError) {
        guard let properties = value.objectValue else {
            throw .badMapping("Expected map for property [properties] on [\(parentPath.isEmpty ? "_doc" : parentPath)] but got [\(value.jsonString)]")
        }
        for (name, definition) in properties {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard !name.isEmpty, !parts.contains(where: \.isEmpty) else {
                throw .badMapping("field name cannot be empty or start, end or repeat [.]: [\(name)]")
            }
            // "a.b": {...} inside properties means the object a holding b.
            var node = parent
            var path = parentPath
            for part in parts.dropLast() {
                path = path.isEmpty ? String(part) : path + "." + part
                node = try existingOrNewObject(path: path, name: String(part), parent: node)
            }
            let leaf = String(parts[parts.count - 1])
            path = path.isEmpty ? leaf : path + "." + leaf
            guard let object = definition.objectValue else {
                throw .badMapping("Expected map for property [\(path)] but got [\(definition.jsonString)]")
            }
            guard let type = object["type"] else {
                try parseObject(object, path: path, name: leaf, parent: node)
                continue
            }
            guard let typeName = type.stringValue else {
                throw .badMapping("type of field [\(path)] must be a string, got [\(type.jsonString)]")
            }
            if typeName == "object" {
                try parseObject(object, path: path, name: leaf, parent: node)
            } else if let fieldType = FieldType(rawValue: typeName) {
                guard tree.children[Int(node)][leaf] == nil else {
                    throw .badMapping("field [\(path)] is defined more than once")
                }
                let (mapping, format) = try Self.fieldMapping(object, path: path, type: fieldType, parent: nil)
                let fieldNode = insertField(mapping, format: format, parent: node, name: leaf)
                if let multi = object["fields"] { try parseMultiFields(multi, parentPath: path, parentNode: fieldNode) }
            } else {
                throw .badMapping("No handler for type [\(typeName)] declared on field [\(path)]")
            }
        }
    }

    private mutating func existingOrNewObject(path: String, name: String, parent: Int32) throws(MappingError) -> Int32 {
        if let child = tree.children[Int(parent)][name] {
            guard tree.object[Int(child)] >= 0 else {
                throw .badMapping("Can't merge a non object mapping [\(path)] with an object mapping")
            }
            return child
        }
        return insertObject(ObjectMapping(path: path), parent: parent, name: name)
    }

    private mutating func parseObject(_ object: JSONObject, path: String, name: String, parent: Int32) throws(MappingError) {
        let node = try existingOrNewObject(path: path, name: name, parent: parent)
        let index = Int(tree.object[Int(node)])
        var mapping = objects[index]
        var unsupported: [String] = []
        for (key, value) in object {
            switch key {
            case "type", "properties": continue
            case "dynamic": mapping.dynamic = try Self.dynamicMode(value, on: path)
            case "enabled": mapping.enabled = try Self.bool(value, parameter: key, on: path)
            default: unsupported.append("\(key) : \(MappingError.preview(value))")
            }
        }
        guard unsupported.isEmpty else {
            throw .badMapping("Mapping definition for [\(path)] has unsupported parameters:  [\(unsupported.joined(separator: "] ["))]")
        }
        updateObject(at: index, mapping)
        tree.dynamicOverride[Int(node)] = mapping.dynamic ?? tree.dynamicOverride[Int(parent)]
        if let properties = object["properties"] { try parseProperties(properties, parent: node, parentPath: path) }
    }

    private mutating func parseMultiFields(_ value: JSONValue, parentPath: String, parentNode: Int32) throws(MappingError) {
        guard let definitions = value.objectValue else {
            throw .badMapping("Expected map for property [fields] on field [\(parentPath)] but got [\(value.jsonString)]")
        }
        for (name, definition) in definitions {
            let path = parentPath + "." + name
            guard !name.isEmpty, !name.contains("."), fieldIndex(path) == nil else {
                throw .badMapping("invalid or duplicate multi-field name [\(name)] on field [\(parentPath)]")
            }
            guard let object = definition.objectValue else {
                throw .badMapping("Expected map for property [\(path)] but got [\(definition.jsonString)]")
            }
            guard let typeName = object["type"]?.stringValue else { throw .badMapping("No type specified for field [\(path)]") }
            guard let type = FieldType(rawValue: typeName) else {
                if typeName == "object" { throw .badMapping("Type [object] cannot be used in multi field [\(path)]") }
                throw .badMapping("No handler for type [\(typeName)] declared on field [\(path)]")
            }
            let (mapping, format) = try Self.fieldMapping(object, path: path, type: type, parent: parentPath)
            insertMultiField(mapping, format: format, parentNode: parentNode)
        }
    }

    /// One field's parameters; only those Sift honours are accepted, each for the types that have it.
    private static func fieldMapping(_ object: JSONObject, path: String, type: FieldType, parent: String?) throws(MappingError)
        -> (FieldMapping, DateFormat?)
    {
        var mapping = FieldMapping(path: path, type: type, parent: parent)
        var format: DateFormat?
        for (key, value) in object {
            switch key {
            case "type":
                continue
            case "analyzer" where type == .text:
                guard let name = value.stringValue else { throw .badMapping("[analyzer] on field [\(path)] must be a string") }
                guard AnalyzerRegistry.builtIn.names.contains(name) else {
                    throw .badMapping("analyzer [\(name)] has not been configured in mappings")
                }
                mapping.analyzer = name
            case "ignore_above" where type == .keyword:
                guard let limit = value.intValue ?? value.stringValue.flatMap({ Int64($0) }), limit >= 0, limit <= Int64(Int32.max) else {
                    throw .badMapping("[ignore_above] on field [\(path)] must be a non-negative integer, got [\(value.jsonString)]")
                }
                mapping.ignoreAbove = Int(limit)
            case "index":
                mapping.index = try bool(value, parameter: key, on: path)
            case "doc_values" where type != .text:
                mapping.docValues = try bool(value, parameter: key, on: path)
            case "coerce" where type.isInteger || type.isFloatingPoint:
                mapping.coerce = try bool(value, parameter: key, on: path)
            case "format" where type == .date:
                guard let text = value.stringValue else { throw .badMapping("[format] on field [\(path)] must be a string") }
                do { format = try DateFormat(text) } catch {
                    throw .badMapping("Error parsing [format] on field [\(path)]: \(error.reason)")
                }
                mapping.format = text
            case "fields" where parent == nil:
                continue  // read by the caller once the field exists
            default:
                throw .badMapping("unknown parameter [\(key)] on mapper [\(path)] of type [\(type.rawValue)]")
            }
        }
        return (mapping, format)
    }

    static func bool(_ value: JSONValue, parameter: String, on path: String) throws(MappingError) -> Bool {
        switch value {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"): return false
        default:
            throw .badMapping("Failed to parse value [\(MappingError.preview(value))] as only [true] or [false] are allowed "
                + "for [\(parameter)] on [\(path)].")
        }
    }

    static func dynamicMode(_ value: JSONValue, on path: String) throws(MappingError) -> DynamicMode {
        switch value {
        case .bool(let b): return b ? .true : .false
        case .string("true"): return .true
        case .string("false"): return .false
        case .string("strict"): return .strict
        default:
            throw .badMapping("[dynamic] on [\(path)] must be true, false or strict, got [\(MappingError.preview(value))]")
        }
    }

    /// The mappings in Elasticsearch's shape, for `GET _mapping` and for storing: nested
    /// `properties`, multi-fields under `fields`, parameters only where they differ from the default.
    package var json: JSONValue {
        var root = JSONObject()
        if explicitRoot.contains(.dynamic) || dynamic != .true { root["dynamic"] = .string(dynamic.rawValue) }
        if explicitRoot.contains(.dateDetection) || !dateDetection { root["date_detection"] = .bool(dateDetection) }
        if explicitRoot.contains(.numericDetection) || numericDetection { root["numeric_detection"] = .bool(numericDetection) }
        if explicitRoot.contains(.dynamicDateFormats) || dynamicDateFormats != Self.defaultDynamicDateFormats {
            root["dynamic_date_formats"] = .array(dynamicDateFormats.map(JSONValue.string))
        }
        if !tree.order[0].isEmpty { root["properties"] = .object(properties(of: 0)) }
        return .object(root)
    }

    private func properties(of node: Int32) -> JSONObject {
        var result = JSONObject()
        for child in tree.order[Int(node)] {
            let fieldIndex = tree.field[Int(child)]
            if fieldIndex >= 0 {
                let field = fields[Int(fieldIndex)]
                var object = Self.json(of: field)
                let multiFields = tree.multiFields[Int(child)]
                if !multiFields.isEmpty {
                    var multi = JSONObject()
                    for index in multiFields {
                        let sub = fields[Int(index)]
                        multi[String(sub.name)] = .object(Self.json(of: sub))
                    }
                    object["fields"] = .object(multi)
                }
                result[String(field.name)] = .object(object)
            } else {
                let mapping = objects[Int(tree.object[Int(child)])]
                let hasChildren = !tree.order[Int(child)].isEmpty
                var object = JSONObject()
                if !hasChildren { object["type"] = "object" }
                if let dynamic = mapping.dynamic { object["dynamic"] = .string(dynamic.rawValue) }
                if !mapping.enabled { object["enabled"] = false }
                if hasChildren { object["properties"] = .object(properties(of: child)) }
                let name = mapping.path.split(separator: ".").last.map(String.init) ?? mapping.path
                result[name] = .object(object)
            }
        }
        return result
    }

    private static func json(of field: FieldMapping) -> JSONObject {
        var object: JSONObject = ["type": .string(field.type.rawValue)]
        if let analyzer = field.analyzer { object["analyzer"] = .string(analyzer) }
        if let ignoreAbove = field.ignoreAbove { object["ignore_above"] = .int(Int64(ignoreAbove)) }
        if !field.index { object["index"] = false }
        if field.type != .text, !field.docValues { object["doc_values"] = false }
        if let format = field.format { object["format"] = .string(format) }
        if !field.coerce { object["coerce"] = false }
        return object
    }
}
