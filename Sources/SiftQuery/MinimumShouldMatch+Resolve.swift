import SiftCore

extension MinimumShouldMatch {
    /// A spec from a request's `minimum_should_match` (a JSON integer or string), checked now so a bad
    /// spec fails the request instead of surfacing at execution.
    ///
    /// - Throws: ``QueryError/malformed(query:reason:)`` naming `query` when the spec cannot be read.
    package init(json: JSONValue, query: String) throws(QueryError) {
        let text: String
        switch json {
        case .int(let value): text = String(value)
        case .string(let value): text = value
        default:
            throw .malformed(query: query, reason: "[minimum_should_match] must be an integer or a string, found [\(json)]")
        }
        try self.init(validating: text, query: query)
    }

    /// A spec given as text, checked now.
    ///
    /// - Throws: ``QueryError/malformed(query:reason:)`` naming `query` when the spec cannot be read.
    package init(validating spec: String, query: String) throws(QueryError) {
        guard Self.parse(spec) != nil else {
            throw .malformed(query: query, reason: "[minimum_should_match] has an invalid value [\(spec)]")
        }
        self.init(spec: spec)
    }

    /// How many of `optionalClauses` should clauses a document must match, computed exactly as
    /// Elasticsearch's `Queries.calculateMinShouldMatch` does.
    ///
    /// Integers are absolute, negative integers subtract from the count, percentages of the count are
    /// rounded down (negative ones subtract), and `N<spec` applies `spec` only above `N` clauses (all are
    /// required up to `N`); several conditions are separated by spaces. The result is never below 0 but,
    /// as in Elasticsearch, may exceed `optionalClauses`: then no document matches. A spec that does not
    /// parse (only possible through ``init(spec:)``) requires every clause.
    package func resolve(optionalClauses: Int) -> Int {
        guard let parsed = Self.parse(spec) else { return optionalClauses }
        return parsed.resolve(optionalClauses)
    }

    /// One `3`, `-2`, `75%` or `-25%`.
    private struct Simple {
        var value: Int
        var isPercentage: Bool

        func resolve(_ count: Int) -> Int {
            var result = count
            if isPercentage {
                // Java: `(result * percent) * (1 / 100f)`, an int product scaled in single precision.
                let calc = Float(count &* value) * (1 / Float(100))
                result = calc < 0 ? count + Int(calc) : Int(calc)
            } else {
                result = value < 0 ? count + value : value
            }
            return max(result, 0)
        }
    }

    private enum Parsed {
        case simple(Simple)
        /// `(upperBound, spec)` pairs in the order written.
        case conditional([(Int, Simple)])

        func resolve(_ count: Int) -> Int {
            switch self {
            case .simple(let simple):
                return simple.resolve(count)
            case .conditional(let conditions):
                var result = count
                for (upperBound, spec) in conditions {
                    if count <= upperBound { return result }
                    result = spec.resolve(count)
                }
                return result
            }
        }
    }

    private static func parse(_ spec: String) -> Parsed? {
        let trimmed = javaTrim(spec)
        guard trimmed.contains("<") else { return parseSimple(trimmed).map(Parsed.simple) }
        var conditions: [(Int, Simple)] = []
        // Elasticsearch first removes spaces around `<`, then splits on single spaces.
        for condition in collapseSpacesAroundLessThan(trimmed).split(separator: " ", omittingEmptySubsequences: false) {
            let parts = condition.split(separator: "<", omittingEmptySubsequences: false)
            guard parts.count == 2, let upperBound = parseJavaInt(parts[0]), let simple = parseSimple(javaTrim(String(parts[1]))) else {
                return nil
            }
            conditions.append((upperBound, simple))
        }
        return .conditional(conditions)
    }

    private static func parseSimple(_ spec: String) -> Simple? {
        if spec.contains("%") {
            guard spec.hasSuffix("%"), let percent = parseJavaInt(spec.dropLast()) else { return nil }
            return Simple(value: percent, isPercentage: true)
        }
        return parseJavaInt(Substring(spec)).map { Simple(value: $0, isPercentage: false) }
    }

    /// Java's `Integer.parseInt`: an optional sign, ASCII digits, within 32 bits.
    private static func parseJavaInt(_ text: Substring) -> Int? {
        Int32(text).map(Int.init)
    }

    /// Java's `String.trim`: drops characters up to U+0020 at both ends.
    private static func javaTrim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }),
              let last = scalars.lastIndex(where: { $0.value > 0x20 }) else { return "" }
        return String(scalars[first...last])
    }

    /// Replaces `(\s+<\s*)|(\s*<\s+)` with `<`: every `<` loses the whitespace around it.
    private static func collapseSpacesAroundLessThan(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { " \t\n\r\u{0B}\u{0C}".contains($0) }
        var output = ""
        var pendingSpaces = ""
        var afterLessThan = false
        for character in text {
            if isSpace(character) {
                if !afterLessThan { pendingSpaces.append(character) }
            } else if character == "<" {
                pendingSpaces = ""
                output.append("<")
                afterLessThan = true
            } else {
                output += pendingSpaces
                pendingSpaces = ""
                output.append(character)
                afterLessThan = false
            }
        }
        return output + pendingSpaces
    }
}

extension BoolQuery {
    /// How many `should` clauses a document has to match.
    ///
    /// An explicit ``minimumShouldMatch`` is resolved against `should.count`; without `must` or `filter`
    /// clauses at least one `should` clause must match whatever the spec says (Lucene's pure
    /// disjunction), so the default is 1 when there are only `should` (and `must_not`) clauses, else 0.
    /// A value above `should.count` means no document matches.
    package var requiredShouldMatches: Int {
        let explicit = minimumShouldMatch?.resolve(optionalClauses: should.count) ?? 0
        if must.isEmpty && filter.isEmpty && !should.isEmpty { return max(explicit, 1) }
        return explicit
    }
}
