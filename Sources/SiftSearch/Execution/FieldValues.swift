import SiftCore
import SiftIndex
import SiftQuery

/// Converts the values a query names (JSON numbers, strings, date math) into what a field stores,
/// so terms and ranges compare like with like: column integers for numbers, dates and booleans,
/// bytes for keywords and IPs.
struct FieldValues {
    let index: String
    let now: Int64

    /// An inclusive column range `lower...upper` for a `range` query on a numeric, date or boolean
    /// field; nil when the range is empty.
    func columnRange(_ range: RangeQuery, _ mapping: FieldMapping) throws(SearchError) -> (Int64, Int64)? {
        var lower = Int64.min, upper = Int64.max
        if let v = range.gte { lower = max(lower, try columnBound(v, mapping, range, .atLeast)) }
        if let v = range.gt { lower = max(lower, try columnBound(v, mapping, range, .above)) }
        if let v = range.lte { upper = min(upper, try columnBound(v, mapping, range, .atMost)) }
        if let v = range.lt { upper = min(upper, try columnBound(v, mapping, range, .below)) }
        return lower <= upper ? (lower, upper) : nil
    }

    /// The column value of an exact term; nil when the value cannot occur (`4.5` in a `long` field).
    func columnValue(_ value: JSONValue, _ mapping: FieldMapping) throws(SearchError) -> Int64? {
        switch mapping.type {
        case .date:
            return try dateMillis(value, mapping, format: nil, timeZone: nil, roundUp: false)
        case .boolean:
            return try boolean(value, mapping) ? 1 : 0
        case .double, .float:
            return SortableDouble.encode(try double(value, mapping))
        default:
            let d = try double(value, mapping)
            if let i = value.intValue { return i }
            guard d.rounded() == d, let i = Int64(exactly: d) else { return nil }
            return i
        }
    }

    private enum Bound { case atLeast, above, atMost, below }

    private func columnBound(_ value: JSONValue, _ mapping: FieldMapping, _ range: RangeQuery, _ bound: Bound) throws(SearchError) -> Int64 {
        switch mapping.type {
        case .date:
            // Elasticsearch rounds `gt` and `lte` up (to the end of the rounded unit), `gte` and `lt` down.
            let roundUp = bound == .above || bound == .atMost
            let millis = try dateMillis(value, mapping, format: range.format, timeZone: range.timeZone, roundUp: roundUp)
            switch bound {
            case .atLeast, .atMost: return millis
            case .above: return millis == .max ? millis : millis + 1
            case .below: return millis == .min ? millis : millis - 1
            }
        case .boolean:
            let b: Int64 = try boolean(value, mapping) ? 1 : 0
            switch bound {
            case .atLeast, .atMost: return b
            case .above: return b + 1
            case .below: return b - 1
            }
        case .double, .float:
            var d = try double(value, mapping)
            if mapping.type == .float { d = Double(Float(d)) }
            switch bound {
            case .atLeast, .atMost: break
            case .above: d = d.nextUp
            case .below: d = d.nextDown
            }
            return SortableDouble.encode(d)
        default:
            if let i = value.intValue {
                switch bound {
                case .atLeast, .atMost: return i
                case .above: return i == .max ? i : i + 1
                case .below: return i == .min ? i : i - 1
                }
            }
            let d = try double(value, mapping)
            switch bound {
            case .atLeast: return Self.clamp(d.rounded(.up))
            case .above: return Self.clamp(d.rounded(.down) + 1)
            case .atMost: return Self.clamp(d.rounded(.down))
            case .below: return Self.clamp(d.rounded(.up) - 1)
            }
        }
    }

    private static func clamp(_ d: Double) -> Int64 {
        if d >= 9.2e18 { return .max }
        if d <= -9.2e18 { return .min }
        return Int64(d)
    }

    func double(_ value: JSONValue, _ mapping: FieldMapping) throws(SearchError) -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s):
            if let d = Double(s.trimmingSpaces) { return d }
        default: break
        }
        throw .query("For input string: \"\(Self.text(value))\" is not a number for field [\(mapping.path)]", index: index)
    }

    func boolean(_ value: JSONValue, _ mapping: FieldMapping) throws(SearchError) -> Bool {
        switch value {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"), .string(""): return false
        default:
            throw .query("Can't parse boolean value [\(Self.text(value))], expected [true] or [false]", index: index)
        }
    }

    /// Milliseconds of a date given as epoch millis, a string in the query's (or the field's)
    /// format and time zone, or date math (`now-1h/h`, `2024-01-01||+1M`).
    func dateMillis(_ value: JSONValue, _ mapping: FieldMapping, format: String?, timeZone: String?, roundUp: Bool) throws(SearchError) -> Int64 {
        let spec = format ?? mapping.format ?? ZonedDateFormat.defaultDate.spec
        let expression: String
        switch value {
        case .string(let text): expression = text
        case .int(let i): expression = String(i)
        case .double(let d): expression = String(Int64(d))
        default: throw .query("failed to parse date field [\(Self.text(value))] with format [\(spec)]", index: index)
        }
        do throws(QueryError) {
            let zone = try timeZone.map { (z: String) throws(QueryError) in try TimeZoneRules(z) } ?? .utc
            // JSON numbers are epoch millis unless the query names a format, as Elasticsearch reads them.
            let dateFormat = value.stringValue == nil && format == nil ? try ZonedDateFormat("epoch_millis") : try ZonedDateFormat(spec)
            return try DateMath.resolve(expression, now: now, roundUp: roundUp, timeZone: zone, format: dateFormat)
        } catch {
            throw .query(error.description, index: index)
        }
    }

    /// The JSON text of a scalar (strings without quotes), as keyword terms index numbers and booleans.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .array, .object: value.jsonString
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " })!
        return self[first...last]
    }
}
