import SiftCore
import SiftNative

/// How a capture's text becomes a field value: grok's `%{NAME:field:type}` suffixes.
enum CaptureType: String, Sendable {
    case string, int, long, float, double, boolean

    /// The value for `text`, or nil when it does not convert (`int` must fit 32 bits, as in Elasticsearch).
    func value(_ text: String) -> JSONValue? {
        switch self {
        case .string: return .string(text)
        case .int:
            guard let number = Int64(text), number >= Int64(Int32.min), number <= Int64(Int32.max) else { return nil }
            return .int(number)
        case .long: return Int64(text).map { .int($0) }
        case .double: return Double(text).map { .double($0) }
        case .float:
            guard let narrow = Float(text) else { return nil }
            return .double(Double(narrow.description) ?? Double(narrow))
        case .boolean: return .bool(text.lowercased() == "true")
        }
    }
}

/// Which capture groups of a compiled pattern write which document fields.
///
/// Resolved once at compile time (group numbers, parsed ``FieldPath``s, the ``CaptureTree`` of the
/// fields), so applying a match only reads offsets and allocates the field values themselves.
/// Several groups may feed one field (alternatives such as `%{A:x}|%{B:x}`): the groups that took
/// part give the value, and when more than one did, the field gets a list of them in group order,
/// as Elasticsearch's grok does. Values are converted before anything is written, so a capture that
/// does not convert leaves the document as it was (Elasticsearch converts while collecting too).
struct CaptureFields: Sendable {
    struct Source: Sendable {
        let group: Int
        let type: CaptureType
    }

    struct Slot: Sendable {
        let field: FieldPath
        let sources: [Source]
    }

    let slots: [Slot]
    /// The slots' fields as a tree; nil when fields overlap, which the per-field path handles.
    let tree: CaptureTree?

    /// Groups the `(group, field, type)` triples by field, keeping first-appearance order.
    init(_ captures: [(group: Int, field: String, type: CaptureType)]) {
        var order: [String] = []
        var sources: [String: [Source]] = [:]
        for capture in captures {
            if sources[capture.field] == nil { order.append(capture.field) }
            sources[capture.field, default: []].append(Source(group: capture.group, type: capture.type))
        }
        slots = order.map { Slot(field: FieldPath($0), sources: sources[$0] ?? []) }
        tree = CaptureTree(slots.map(\.field))
    }

    /// Writes the fields of `match` over `subject` into `document`.
    ///
    /// - Throws: ``ProcessorError`` when a typed capture does not convert (`%{DATA:n:int}` on `abc`).
    func write(_ match: PCRE2Match, subject: UnsafeRawBufferPointer, into document: inout Document) throws(ProcessorError) {
        var values: [JSONValue?] = []
        values.reserveCapacity(slots.count)
        for index in slots.indices { values.append(try value(of: index, match, subject)) }  // no Slot copies
        if let tree, tree.write(values, into: &document) { return }
        for (slot, value) in zip(slots, values) {
            if let value { document.set(slot.field, to: value) }
        }
    }

    /// The value of slot `index`: nil when none of its groups took part, a list when several did.
    private func value(of index: Int, _ match: PCRE2Match, _ subject: UnsafeRawBufferPointer) throws(ProcessorError) -> JSONValue? {
        var first: JSONValue?
        var all: [JSONValue] = []  // only filled when a second group of the slot took part
        for source in slots[index].sources {
            guard let range = match[group: source.group] else { continue }
            let text = String(decoding: subject[range], as: UTF8.self)
            guard let converted = source.type.value(text) else {
                throw ProcessorError("cannot convert [\(text)] captured for field [\(slots[index].field)] to \(source.type.rawValue)")
            }
            if let first, all.isEmpty { all.append(first) }
            if first == nil { first = converted } else { all.append(converted) }
        }
        return all.isEmpty ? first : .array(all)
    }
}
