import SiftCore

/// One sort key of a search request: a field, `_score` (relevance) or `_doc` (index order).
package struct SortSpec: Sendable, Hashable {
    /// Ascending or descending.
    package enum Order: Sendable, Hashable {
        case asc, desc
    }

    /// Where documents without a value go: last (the default, for either order), first, or as if they
    /// had this value (read with the field's type).
    package enum Missing: Sendable, Hashable {
        case last, first
        case value(JSONValue)
    }

    /// Which value of a multi-valued field sorts the document (default: `min` ascending, `max` descending).
    package enum Mode: String, Sendable, Hashable {
        case min, max, sum, avg, median
    }

    /// A field name, `_score` or `_doc`.
    package var field: String
    package var order: Order
    /// `missing`: `_last` by default.
    package var missing: Missing = .last
    /// `unmapped_type`: sort a field this index does not map as if it had this type (no values), instead
    /// of failing. Kibana and Grafana always send it.
    package var unmappedType: String?
    /// `mode`; nil for the order's default.
    package var mode: Mode?
    /// `numeric_type`: `long`, `double`, `date` or `date_nanos`.
    package var numericType: String?
    /// `format` of date sort values in the response.
    package var format: String?

    /// A sort on `field`, ascending unless `order` says otherwise, except `_score`, which is descending.
    package init(field: String, order: Order? = nil) {
        self.field = field
        self.order = order ?? (field == "_score" ? .desc : .asc)
    }

    /// Relevance order.
    package var isScore: Bool { field == "_score" }
    /// Index order, the cheapest sort.
    package var isDocumentOrder: Bool { field == "_doc" }

    /// A request body's `sort`: `"field"`, `{"field": "desc"}`, `{"field": {"order": ..., "missing": ...}}`,
    /// an object with several keys in order (Grafana), or an array of these.
    ///
    /// - Throws: ``QueryError`` with Elasticsearch's message for a malformed sort, an unknown option or order.
    package static func parse(_ json: JSONValue) throws(QueryError) -> [SortSpec] {
        switch json {
        case .string(let field): return [SortSpec(field: field)]
        case .object(let object): return try parseCompound(object)
        case .array(let items):
            var specs: [SortSpec] = []
            for item in items {
                switch item {
                case .string(let field): specs.append(SortSpec(field: field))
                case .object(let object): specs += try parseCompound(object)
                default:
                    throw .illegalArgument(reason: "malformed sort format, within the sort array, an object, or an actual string are allowed")
                }
            }
            return specs
        default:
            throw .illegalArgument(reason: "malformed sort format, either start with array, object, or an actual string")
        }
    }

    /// The URL's `sort=field:desc,other`. As in Elasticsearch, an order other than `asc`/`desc` after the
    /// last `:` drops that key.
    package static func parse(urlParameter: String) -> [SortSpec] {
        var specs: [SortSpec] = []
        for item in splitCommaList(urlParameter) {
            guard let colon = item.lastIndex(of: ":") else {
                specs.append(SortSpec(field: item))
                continue
            }
            let field = String(item[..<colon])
            switch item[item.index(after: colon)...] {
            case "asc": specs.append(SortSpec(field: field, order: .asc))
            case "desc": specs.append(SortSpec(field: field, order: .desc))
            default: continue
            }
        }
        return specs
    }

    private static func parseCompound(_ object: JSONObject) throws(QueryError) -> [SortSpec] {
        var specs: [SortSpec] = []
        for (field, value) in object {
            if field == "_geo_distance" || field == "_script" {
                throw .unsupported(feature: "sorting by [\(field)]")
            }
            switch value {
            case .string(let order): specs.append(SortSpec(field: field, order: try parseOrder(order)))
            case .object(let options): specs.append(try parseOptions(field: field, options))
            default:
                throw .parsing(reason: "[\(field == "_score" ? "_score" : "field_sort")] sort [\(field)] must be a string or an object, found [\(value)]")
            }
        }
        return specs
    }

    private static func parseOptions(field: String, _ options: JSONObject) throws(QueryError) -> SortSpec {
        var spec = SortSpec(field: field)
        let parser = field == "_score" ? "_score" : "field_sort"
        for (key, value) in options {
            switch key {
            case "order":
                guard let text = value.scalarText else { throw bad(parser, key, value) }
                spec.order = try parseOrder(text)
            case "missing" where field != "_score":
                switch value {
                case .string("_last"): spec.missing = .last
                case .string("_first"): spec.missing = .first
                case .string, .int, .double, .bool: spec.missing = .value(value)
                default: throw bad(parser, key, value)
                }
            case "unmapped_type" where field != "_score":
                guard let text = value.scalarText else { throw bad(parser, key, value) }
                spec.unmappedType = text
            case "mode" where field != "_score":
                guard let text = value.scalarText, let mode = Mode(rawValue: text.lowercased()) else {
                    throw .illegalArgument(reason: "Unknown SortMode [\(value.scalarText ?? "\(value)")]")
                }
                spec.mode = mode
            case "numeric_type" where field != "_score":
                guard let text = value.scalarText, ["long", "double", "date", "date_nanos"].contains(text.lowercased()) else {
                    throw .illegalArgument(reason: "invalid value for [numeric_type], must be [long, double, date, date_nanos], got \(value)")
                }
                spec.numericType = text.lowercased()
            case "format" where field != "_score":
                guard let text = value.scalarText else { throw bad(parser, key, value) }
                spec.format = text
            case "nested", "nested_path", "nested_filter":
                throw .unsupported(feature: "sorting on nested fields ([\(key)])")
            default:
                throw .parsing(reason: "[\(parser)] unknown field [\(key)]")
            }
        }
        return spec
    }

    private static func parseOrder(_ text: String) throws(QueryError) -> Order {
        switch text.lowercased() {
        case "asc": return .asc
        case "desc": return .desc
        default: throw .illegalArgument(reason: "Unknown SortOrder [\(text)]")
        }
    }

    private static func bad(_ parser: String, _ key: String, _ value: JSONValue) -> QueryError {
        .parsing(reason: "[\(parser)] failed to parse field [\(key)]: unexpected value [\(value)]")
    }
}

/// Elasticsearch's `Strings.splitStringByCommaToArray` as URL parameters use it: trimmed, no empties.
func splitCommaList(_ text: String) -> [String] {
    text.split(separator: ",").compactMap { item in
        let trimmed = item.trimming(" \t")
        return trimmed.isEmpty ? nil : trimmed
    }
}
