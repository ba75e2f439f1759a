import SiftCore
import SiftIndex

/// Sort keys: per segment readers, `search_after` values in, sort values out.
extension Searcher {
    func sortKeys(_ fields: [SortField], target: SearchTarget, segment: SegmentReader, docBase: Int64) throws(SearchError) -> [SegmentSortKey] {
        var keys: [SegmentSortKey] = []
        for field in fields {
            switch field.key {
            case .score:
                keys.append(SegmentSortKey(field: field, source: .score, missing: nil))
            case .doc:
                keys.append(SegmentSortKey(field: field, source: .doc(base: docBase), missing: nil))
            case .field(let name):
                guard let mapping = target.mappings.field(name) else {
                    guard field.unmappedType != nil else {
                        throw SearchError(type: "query_shard_exception", reason: "No mapping found for [\(name)] in order to sort on", index: target.name)
                    }
                    keys.append(SegmentSortKey(field: field, source: .none, missing: nil))
                    continue
                }
                switch mapping.type {
                case .text:
                    throw .illegalArgument(
                        "Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [\(name)] in order to load field data by uninverting the inverted index. Note that this can use significant memory.")
                case .keyword, .ip:
                    if let column = segment.ordinalColumn(name), let terms = segment.terms(name) {
                        keys.append(SegmentSortKey(field: field, source: .ordinals(column, terms), missing: nil))
                    } else {
                        keys.append(SegmentSortKey(field: field, source: .none, missing: nil))
                    }
                default:
                    let missing = try field.missingValue.map { (v: JSONValue) throws(SearchError) in
                        try FieldValues(index: target.name, now: now).columnValue(v, mapping) ?? field.missingSentinel
                    }
                    if let column = segment.numericColumn(name) {
                        keys.append(SegmentSortKey(field: field, source: .numeric(column), missing: missing))
                    } else {
                        keys.append(SegmentSortKey(field: field, source: .none, missing: missing))
                    }
                }
            }
        }
        return keys
    }

    /// `search_after` values as search-wide sort values, read with the first index mapping each field.
    func searchAfterValues(_ values: [JSONValue], _ fields: [SortField]) throws(SearchError) -> [SortValue] {
        guard values.count == fields.count else {
            throw .illegalArgument("search_after has \(values.count) value(s) but sort has \(fields.count).")
        }
        var result: [SortValue] = []
        for (value, field) in zip(values, fields) {
            if value.isNull {
                result.append(.missing)
                continue
            }
            switch field.key {
            case .score:
                result.append(.number(SegmentSortKey.orderedBits(Float(value.doubleValue ?? 0))))
            case .doc:
                result.append(.number(value.intValue ?? 0))
            case .field(let name):
                guard let (target, mapping) = targets.lazy.compactMap({ t in t.mappings.field(name).map { (t, $0) } }).first else {
                    result.append(.missing)
                    continue
                }
                switch mapping.type {
                case .keyword, .ip, .text:
                    if mapping.type == .ip, let bytes = IPAddress.parse(FieldValues.text(value)) {
                        result.append(.bytes(bytes))
                    } else {
                        result.append(.bytes(Array(FieldValues.text(value).utf8)))
                    }
                default:
                    let values = FieldValues(index: target.name, now: now)
                    if let n = value.intValue, n == field.missingSentinel {
                        result.append(.missing)
                    } else if let n = try values.columnValue(value, mapping) {
                        result.append(.number(n))
                    } else {
                        result.append(.missing)
                    }
                }
            }
        }
        return result
    }

    /// A hit's sort values as Elasticsearch shows them: epoch millis for dates, numbers as their
    /// type, keywords as strings, missing numbers as the sentinel that sorted them, missing strings null.
    func sortJSON(_ hit: RankedHit, _ fields: [SortField], _ target: SearchTarget) -> [JSONValue] {
        zip(hit.sortValues, fields).map { value, field in
            switch (value, field.key) {
            case (.number(let n), .score):
                return .double(Double(SegmentSortKey.score(fromOrderedBits: n)))
            case (.number(let n), .field(let name)):
                switch target.mappings.field(name)?.type {
                case .double?, .float?: return .double(SortableDouble.decode(n))
                default: return .int(n)
                }
            case (.number(let n), .doc):
                return .int(n)
            case (.bytes(let bytes), .field(let name)):
                if target.mappings.field(name)?.type == .ip, let text = IPAddress.format(bytes) { return .string(text) }
                return .string(String(decoding: bytes, as: UTF8.self))
            case (.missing, .field(let name)):
                switch target.mappings.field(name)?.type {
                case .keyword?, .ip?, .text?, nil: return .null
                default: return .int(field.missingSentinel)
                }
            default:
                return .null
            }
        }
    }
}
