/// Expands a grok expression into one PCRE2 pattern plus the fields its groups write.
///
/// `%{NAME}` becomes `(?:definition)`; `%{NAME:field}` and `%{NAME:field:type}` become a named group
/// `(?<gN>definition)`. Raw named groups in the expression, `(?<name>...)`, are renamed to `gN` as
/// well, because field names such as `http.status` or `[http][status]` are not valid PCRE2 group
/// names; `\k<name>` back references follow the rename. Definitions expand recursively (custom
/// definitions first, then ``GrokLibrary``); a cycle or an unknown name is an error.
struct GrokCompiler {
    struct Output {
        var pattern: String
        /// Generated group name → field and type; numbers are looked up after PCRE2 compiles.
        var captures: [(group: String, field: String, type: CaptureType)]
    }

    private let definitions: [String: String]
    private var captures: [(group: String, field: String, type: CaptureType)] = []
    /// Raw group names seen so far → generated names, for `\k<name>`.
    private var renamed: [String: String] = [:]
    private var groupCount = 0

    init(customDefinitions: [(key: String, value: String)]) {
        var definitions = GrokLibrary.patterns
        for (name, definition) in customDefinitions { definitions[name] = definition }
        self.definitions = definitions
    }

    /// Compiles `expression`; a fresh compiler is used per expression.
    ///
    /// - Throws: ``GrokSyntaxError`` for an unknown pattern name, a bad `%{...}`, an unknown type
    ///   suffix or a recursive definition.
    mutating func compile(_ expression: String) throws(GrokSyntaxError) -> Output {
        var stack: [String] = []
        let pattern = try expand(Array(expression.unicodeScalars), stack: &stack)
        return Output(pattern: pattern, captures: captures)
    }

    private mutating func nextGroupName() -> String {
        groupCount += 1
        return "g\(groupCount)"
    }

    private mutating func expand(_ text: [Unicode.Scalar], stack: inout [String]) throws(GrokSyntaxError) -> String {
        var output = String.UnicodeScalarView()
        var i = 0
        var inClass = false
        while i < text.count {
            let c = text[i]
            if c == "\\" {
                if !inClass, i + 2 < text.count, text[i + 1] == "k", text[i + 2] == "<",
                   let close = text[(i + 3)...].firstIndex(of: ">") {
                    let name = String(String.UnicodeScalarView(text[(i + 3)..<close]))
                    output.append(contentsOf: "\\k<\(renamed[name] ?? name)>".unicodeScalars)
                    i = close + 1
                    continue
                }
                output.append(c)
                if i + 1 < text.count { output.append(text[i + 1]) }
                i += 2
                continue
            }
            if inClass {
                if c == "[", i + 1 < text.count, text[i + 1] == ":",
                   let end = Self.find([":", "]"], in: text, from: i + 2) {
                    output.append(contentsOf: text[i..<(end + 2)])
                    i = end + 2
                    continue
                }
                if c == "]" { inClass = false }
                output.append(c)
                i += 1
                continue
            }
            if c == "[" {
                inClass = true
                output.append(c)
                i += 1
                // A `]` right after `[` or `[^` is a literal member, not the end of the class.
                if i < text.count, text[i] == "^" { output.append(text[i]); i += 1 }
                if i < text.count, text[i] == "]" { output.append(text[i]); i += 1 }
                continue
            }
            if c == "%", i + 1 < text.count, text[i + 1] == "{" {
                guard let close = text[(i + 2)...].firstIndex(of: "}") else {
                    throw GrokSyntaxError("unclosed %{ in grok expression")
                }
                let reference = String(String.UnicodeScalarView(text[(i + 2)..<close]))
                output.append(contentsOf: try expandReference(reference, stack: &stack).unicodeScalars)
                i = close + 1
                continue
            }
            if c == "(", i + 2 < text.count, text[i + 1] == "?" {
                if let (name, nameEnd) = Self.rawGroupName(text, at: i) {
                    let generated = nextGroupName()
                    renamed[name] = generated
                    captures.append((generated, Self.fieldName(name), .string))
                    output.append(contentsOf: "(?<\(generated)>".unicodeScalars)
                    i = nameEnd
                    continue
                }
            }
            output.append(c)
            i += 1
        }
        return String(output)
    }

    /// `%{NAME}`, `%{NAME:field}` or `%{NAME:field:type}`.
    private mutating func expandReference(_ reference: String, stack: inout [String]) throws(GrokSyntaxError) -> String {
        let parts = reference.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3, let name = parts.first, !name.isEmpty,
              name.unicodeScalars.allSatisfy({ $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        else { throw GrokSyntaxError("invalid pattern reference %{\(reference)}") }
        guard let definition = definitions[name] else {
            throw GrokSyntaxError("Unable to find pattern [\(name)] in Grok's pattern dictionary")
        }
        guard !stack.contains(name) else {
            throw GrokSyntaxError("circular reference in pattern [\(name)][\((stack + [name]).joined(separator: " -> "))]")
        }
        var field: String?
        var type = CaptureType.string
        if parts.count >= 2 {
            guard !parts[1].isEmpty else { throw GrokSyntaxError("empty field name in %{\(reference)}") }
            field = Self.fieldName(parts[1])
        }
        if parts.count == 3 {
            guard let parsed = CaptureType(rawValue: parts[2]), parsed != .string || parts[2] == "string" else {
                throw GrokSyntaxError("unknown type [\(parts[2])] in %{\(reference)}; expected int, long, float, double, boolean or string")
            }
            type = parsed
        }
        var open = "(?:"
        if let field {
            let generated = nextGroupName()
            open = "(?<\(generated)>"
            captures.append((generated, field, type))
        }
        stack.append(name)
        defer { stack.removeLast() }
        return open + (try expand(Array(definition.unicodeScalars), stack: &stack)) + ")"
    }

    /// `(?<name>`, `(?P<name>` or `(?'name'` at `i` (but not the lookbehinds `(?<=`, `(?<!`):
    /// the name and the offset just after the opener.
    private static func rawGroupName(_ text: [Unicode.Scalar], at i: Int) -> (String, Int)? {
        var start = i + 2
        if text[start] == "P", start + 1 < text.count, text[start + 1] == "<" { start += 1 }
        guard start < text.count, text[start] == "<" || text[start] == "'" else { return nil }
        let closer: Unicode.Scalar = text[start] == "<" ? ">" : "'"
        guard start + 1 < text.count, text[start + 1] != "=", text[start + 1] != "!",
              let end = text[(start + 1)...].firstIndex(of: closer), end > start + 1 else { return nil }
        return (String(String.UnicodeScalarView(text[(start + 1)..<end])), end + 1)
    }

    /// Logstash's `[a][b]` field syntax becomes the dotted `a.b`; dotted names stay as they are.
    static func fieldName(_ name: String) -> String {
        guard name.hasPrefix("[") else { return name }
        return name.split(whereSeparator: { $0 == "[" || $0 == "]" }).joined(separator: ".")
    }

    private static func find(_ needle: [Unicode.Scalar], in text: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + needle.count <= text.count else { return nil }
        for index in start...(text.count - needle.count) where text[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}

/// A grok expression that does not expand.
struct GrokSyntaxError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
