import SiftCore

/// Recursive-descent parser for ``Condition``; precedence as in Java: `||` < `&&` < comparisons <
/// `!` < member access and calls.
struct ConditionParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    mutating func parse() throws(ConditionSyntaxError) -> ConditionExpression {
        let expression = try parseOr()
        skipSpace()
        guard position == scalars.count else { throw error("unexpected '\(scalars[position])'") }
        return expression
    }

    // MARK: Grammar

    private mutating func parseOr() throws(ConditionSyntaxError) -> ConditionExpression {
        var lhs = try parseAnd()
        while consume("||") { lhs = .or(lhs, try parseAnd()) }
        return lhs
    }

    private mutating func parseAnd() throws(ConditionSyntaxError) -> ConditionExpression {
        var lhs = try parseComparison()
        while consume("&&") { lhs = .and(lhs, try parseComparison()) }
        return lhs
    }

    private mutating func parseComparison() throws(ConditionSyntaxError) -> ConditionExpression {
        let lhs = try parseUnary()
        let operators: [(String, ComparisonOperator)] = [
            ("==", .equal), ("!=", .notEqual), ("<=", .lessOrEqual), (">=", .greaterOrEqual), ("<", .less), (">", .greater),
        ]
        for (text, op) in operators where consume(text) {
            return .compare(op, lhs, try parseUnary())
        }
        return lhs
    }

    private mutating func parseUnary() throws(ConditionSyntaxError) -> ConditionExpression {
        skipSpace()
        if peek("!") && !peek("!=") {
            position += 1
            return .not(try parseUnary())
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(ConditionSyntaxError) -> ConditionExpression {
        skipSpace()
        // `ctx` chains collect components until something other than a plain member follows.
        var components: [String]? = nil
        var expression: ConditionExpression
        if let word = peekIdentifier(), word == "ctx" {
            position += 3
            components = []
            expression = .literal(.null)
        } else {
            expression = try parsePrimary()
        }
        while true {
            skipSpace()
            let memberStart = position
            if consume("?.") || (peek(".") && !peekDigitAfterDot()) {
                if scalars[memberStart] == "." { position += 1 }
                skipSpace()
                guard let name = peekIdentifier() else { throw error("expected a name after '.'") }
                position += name.unicodeScalars.count
                skipSpace()
                if peek("(") {
                    let receiver = try finish(components, expression)
                    components = nil
                    expression = .call(receiver, method: name, arguments: try parseArguments())
                } else if components != nil {
                    components?.append(name)
                } else {
                    expression = .member(expression, name)
                }
            } else if consume("[") {
                skipSpace()
                guard let key = try parseString() else { throw error("expected a quoted key inside [ ]") }
                guard consume("]") else { throw error("expected ']'") }
                if components != nil { components?.append(key) } else { expression = .member(expression, key) }
            } else {
                return try finish(components, expression)
            }
        }
    }

    /// Closes a `ctx` chain into a field reference.
    private func finish(_ components: [String]?, _ expression: ConditionExpression) throws(ConditionSyntaxError) -> ConditionExpression {
        guard let components else { return expression }
        guard !components.isEmpty else { throw error("expected a field after ctx, such as ctx.message") }
        return .field(FieldPath(components.joined(separator: ".")))
    }

    private mutating func parseArguments() throws(ConditionSyntaxError) -> [ConditionExpression] {
        guard consume("(") else { throw error("expected '('") }
        var arguments: [ConditionExpression] = []
        if consume(")") { return arguments }
        repeat {
            arguments.append(try parseOr())
        } while consume(",")
        guard consume(")") else { throw error("expected ')' after the arguments") }
        return arguments
    }

    private mutating func parsePrimary() throws(ConditionSyntaxError) -> ConditionExpression {
        skipSpace()
        guard position < scalars.count else { throw error("unexpected end of condition") }
        if consume("(") {
            let inner = try parseOr()
            guard consume(")") else { throw error("expected ')'") }
            return inner
        }
        if let string = try parseString() { return .literal(.string(string)) }
        if let number = parseNumber() { return .literal(number) }
        if let word = peekIdentifier() {
            position += word.unicodeScalars.count
            switch word {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default: throw error("unknown name '\(word)'; fields are written ctx.\(word)")
            }
        }
        throw error("unexpected '\(scalars[position])'")
    }

    // MARK: Tokens

    private mutating func parseString() throws(ConditionSyntaxError) -> String? {
        skipSpace()
        guard position < scalars.count, scalars[position] == "'" || scalars[position] == "\"" else { return nil }
        let quote = scalars[position]
        let start = position
        position += 1
        var text = String.UnicodeScalarView()
        while position < scalars.count {
            let c = scalars[position]
            position += 1
            if c == quote { return String(text) }
            if c == "\\" {
                guard position < scalars.count else { break }
                let escaped = scalars[position]
                position += 1
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                default: text.append(escaped)
                }
            } else {
                text.append(c)
            }
        }
        position = start
        throw error("unterminated string")
    }

    private mutating func parseNumber() -> JSONValue? {
        skipSpace()
        var end = position
        if end < scalars.count, scalars[end] == "-" { end += 1 }
        let digitsStart = end
        var isDouble = false
        while end < scalars.count, Self.isDigit(scalars[end]) || scalars[end] == "." || scalars[end] == "e" || scalars[end] == "E"
            || ((scalars[end] == "+" || scalars[end] == "-") && (scalars[end - 1] == "e" || scalars[end - 1] == "E")) {
            if !Self.isDigit(scalars[end]) { isDouble = true }
            end += 1
        }
        guard end > digitsStart, Self.isDigit(scalars[digitsStart]) else { return nil }
        let text = String(String.UnicodeScalarView(scalars[position..<end]))
        // Java literal suffixes: 10L, 1.5f, 2d.
        if end < scalars.count, "LlFfDd".unicodeScalars.contains(scalars[end]) {
            if "FfDd".unicodeScalars.contains(scalars[end]) { isDouble = true }
            end += 1
        }
        if !isDouble, let int = Int64(text) { position = end; return .int(int) }
        guard let double = Double(text) else { return nil }
        position = end
        return .double(double)
    }

    private func peekIdentifier() -> String? {
        var end = position
        while end < scalars.count, Self.isIdentifier(scalars[end], first: end == position) { end += 1 }
        return end > position ? String(String.UnicodeScalarView(scalars[position..<end])) : nil
    }

    private static func isIdentifier(_ c: Unicode.Scalar, first: Bool) -> Bool {
        c == "_" || c == "@" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || (!first && isDigit(c))
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    private func peekDigitAfterDot() -> Bool {
        position + 1 < scalars.count && Self.isDigit(scalars[position + 1])
    }

    private mutating func skipSpace() {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    }

    private func peek(_ text: String) -> Bool {
        let expected = Array(text.unicodeScalars)
        guard position + expected.count <= scalars.count else { return false }
        return scalars[position..<position + expected.count].elementsEqual(expected)
    }

    private mutating func consume(_ text: String) -> Bool {
        skipSpace()
        guard peek(text) else { return false }
        position += text.unicodeScalars.count
        return true
    }

    private func error(_ message: String) -> ConditionSyntaxError {
        ConditionSyntaxError(message: message, offset: position)
    }
}
