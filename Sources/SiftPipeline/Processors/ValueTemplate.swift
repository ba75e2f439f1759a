import SiftCore

/// A string with `{{field}}` (or `{{{field}}}`) references, Elasticsearch's mustache subset for
/// `set`: each reference is replaced by the field's value, strings as they are, other values as
/// compact JSON, missing fields as nothing. `{{_ingest.timestamp}}` is the processing time.
struct ValueTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case field(FieldPath)
        case ingestTimestamp
    }

    let parts: [Part]

    /// Whether the string had no references, so it can be used as is.
    var isConstant: Bool {
        parts.allSatisfy { if case .text = $0 { true } else { false } }
    }

    init(_ source: String) {
        var parts: [Part] = []
        var rest = Substring(source)
        while let open = rest.firstRange(of: "{{") {
            let triple = rest[open.upperBound...].hasPrefix("{")
            let nameStart = triple ? rest.index(after: open.upperBound) : open.upperBound
            let closing = triple ? "}}}" : "}}"
            guard let close = rest[nameStart...].firstRange(of: closing) else { break }
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            let name = rest[nameStart..<close.lowerBound].trimmingSpaces()
            parts.append(name == "_ingest.timestamp" ? .ingestTimestamp : .field(FieldPath(String(name))))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    func render(_ document: Document, now: () -> Timestamp) -> String {
        var output = ""
        for part in parts {
            switch part {
            case .text(let text): output += text
            case .field(let path):
                switch document[path] {
                case .string(let string)?: output += string
                case nil, .null?: break
                case let value?: output += value.description
                }
            case .ingestTimestamp: output += now().iso8601(fractionDigits: 3)
            }
        }
        return output
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " { result.removeFirst() }
        while result.last == " " { result.removeLast() }
        return result
    }
}
