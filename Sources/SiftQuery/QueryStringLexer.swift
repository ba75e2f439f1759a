/// One token of Lucene's classic query syntax, as its JavaCC grammar (`QueryParser.jj`) names them.
struct QueryStringToken: Equatable {
    enum Kind: Equatable {
        case and, or, not, plus, minus
        /// `+`, `-` or `!` followed by whitespace: an operator character standing alone, read as a term.
        case bareOperator
        case leftParen, rightParen, colon, star, caret
        /// `"a phrase"`, quotes included; backslash escapes inside.
        case quoted
        case term
        /// `~`, `~2`, `~0.8`: fuzziness after a term, slop after a phrase.
        case fuzzySlop
        /// A term ending in a single unescaped `*` (or `*` alone).
        case prefixTerm
        /// A term with `*` or `?` elsewhere.
        case wildTerm
        /// `/regex/`, slashes included.
        case regexpTerm
        case rangeInclusiveStart, rangeExclusiveStart
        /// The boost value after `^`.
        case number
        case rangeTo, rangeInclusiveEnd, rangeExclusiveEnd
        /// A range bound in quotes, quotes included.
        case rangeQuoted
        /// A range bound: anything up to a space, `]` or `}`.
        case rangeGoop
        case end
    }

    var kind: Kind
    /// The exact text of the token, escapes and quotes included.
    var image: String
    /// Where the token starts, in Unicode scalars from 0.
    var offset: Int
}

/// Splits a query string into tokens the way Lucene's generated token manager does: longest match
/// first, ties to the token declared first, with the `Boost` state after `^` and the `Range` state
/// between `[`/`{` and `]`/`}`.
struct QueryStringLexer {
    private let scalars: [Unicode.Scalar]
    private let query: String

    private enum State { case normal, boost, range }

    init(_ query: String) {
        self.query = query
        scalars = Array(query.unicodeScalars)
    }

    /// All tokens, ending with ``QueryStringToken/Kind/end``.
    ///
    /// - Throws: ``QueryError/queryStringSyntax(query:detail:)`` for text no token matches.
    func tokenize() throws(QueryError) -> [QueryStringToken] {
        var tokens: [QueryStringToken] = []
        var state = State.normal
        var position = 0
        while true {
            while position < scalars.count, Self.isWhitespace(scalars[position]) { position += 1 }
            guard position < scalars.count else {
                tokens.append(QueryStringToken(kind: .end, image: "", offset: position))
                return tokens
            }
            let (kind, length): (QueryStringToken.Kind, Int)
            switch state {
            case .normal: (kind, length) = try normalToken(at: position)
            case .boost: (kind, length) = try boostToken(at: position)
            case .range: (kind, length) = rangeToken(at: position)
            }
            tokens.append(QueryStringToken(kind: kind, image: text(position, length), offset: position))
            position += length
            switch kind {
            case .caret: state = .boost
            case .rangeInclusiveStart, .rangeExclusiveStart: state = .range
            case .number, .rangeInclusiveEnd, .rangeExclusiveEnd: state = .normal
            default: break
            }
        }
    }

    // MARK: - Normal state

    private func normalToken(at start: Int) throws(QueryError) -> (QueryStringToken.Kind, Int) {
        let c = scalars[start]
        let next: Unicode.Scalar? = start + 1 < scalars.count ? scalars[start + 1] : nil
        var best: (kind: QueryStringToken.Kind, length: Int)?
        func offer(_ kind: QueryStringToken.Kind, _ length: Int) {
            if length > 0, length > (best?.length ?? 0) { best = (kind, length) }
        }
        offer(.and, matches("AND", at: start) ? 3 : matches("&&", at: start) ? 2 : 0)
        offer(.or, matches("OR", at: start) ? 2 : matches("||", at: start) ? 2 : 0)
        offer(.not, matches("NOT", at: start) ? 3 : c == "!" ? 1 : 0)
        offer(.plus, c == "+" ? 1 : 0)
        offer(.minus, c == "-" ? 1 : 0)
        offer(.bareOperator, (c == "+" || c == "-" || c == "!") && next.map(Self.isWhitespace) == true ? 2 : 0)
        offer(.leftParen, c == "(" ? 1 : 0)
        offer(.rightParen, c == ")" ? 1 : 0)
        offer(.colon, c == ":" ? 1 : 0)
        offer(.star, c == "*" ? 1 : 0)
        offer(.caret, c == "^" ? 1 : 0)
        if c == "\"" { offer(.quoted, quotedLength(at: start)) }
        let termLength = startCharLength(at: start) > 0 ? runLength(from: start, allowWildcards: false) : 0
        offer(.term, termLength)
        if c == "~" { offer(.fuzzySlop, 1 + runLength(from: start + 1, allowWildcards: false, requireStart: false)) }
        if c == "*" {
            offer(.prefixTerm, 1)
        } else if termLength > 0, start + termLength < scalars.count, scalars[start + termLength] == "*" {
            offer(.prefixTerm, termLength + 1)
        }
        if startCharLength(at: start) > 0 || c == "*" || c == "?" {
            offer(.wildTerm, runLength(from: start, allowWildcards: true))
        }
        if c == "/" { offer(.regexpTerm, delimitedLength(at: start, delimiter: "/", minimumContent: 0)) }
        offer(.rangeInclusiveStart, c == "[" ? 1 : 0)
        offer(.rangeExclusiveStart, c == "{" ? 1 : 0)
        guard let best else { throw lexicalError(at: start, expectingNumber: false) }
        return best
    }

    /// Characters that cannot start a term unless escaped.
    private static let reserved: Set<Unicode.Scalar> = [
        "+", "-", "!", "(", ")", ":", "^", "[", "]", "\"", "{", "}", "~", "*", "?", "\\", "/",
    ]

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{3000}"
    }

    /// Length of a `_TERM_START_CHAR` at `index`: 2 for an escape pair, 1 for a plain character, 0 if none.
    private func startCharLength(at index: Int) -> Int {
        guard index < scalars.count else { return 0 }
        let c = scalars[index]
        if c == "\\" { return index + 1 < scalars.count ? 2 : 0 }
        return Self.isWhitespace(c) || Self.reserved.contains(c) ? 0 : 1
    }

    /// The longest run of term characters (start characters, escape pairs, `-`, `+`; with
    /// `allowWildcards` also `*` and `?`) from `start`. With `requireStart` the first must start a term.
    private func runLength(from start: Int, allowWildcards: Bool, requireStart: Bool = true) -> Int {
        var index = start
        while index < scalars.count {
            let c = scalars[index]
            let step = startCharLength(at: index)
            if step > 0 {
                index += step
            } else if (c == "-" || c == "+") && (index > start || !requireStart) {
                index += 1
            } else if allowWildcards && (c == "*" || c == "?") {
                index += 1
            } else {
                break
            }
        }
        return index - start
    }

    /// `"…"` with backslash escapes; 0 when the quote is never closed.
    private func quotedLength(at start: Int) -> Int {
        var index = start + 1
        while index < scalars.count {
            switch scalars[index] {
            case "\"": return index + 1 - start
            case "\\":
                guard index + 1 < scalars.count else { return 0 }
                index += 2
            default: index += 1
            }
        }
        return 0
    }

    /// A token opened and closed by `delimiter` where an inner delimiter must follow a backslash
    /// (`/a\/b/`, and `"a\"b"` in ranges). As the longest match, a delimiter after a backslash may
    /// also close it when nothing later does. 0 when it is never closed.
    private func delimitedLength(at start: Int, delimiter: Unicode.Scalar, minimumContent: Int) -> Int {
        var lastCandidate = 0
        var index = start + 1
        while index < scalars.count {
            if scalars[index] == delimiter {
                let contentLength = index - start - 1
                if scalars[index - 1] == "\\" && index - 1 > start {
                    if contentLength >= minimumContent { lastCandidate = index + 1 - start }
                } else {
                    return contentLength >= minimumContent ? index + 1 - start : lastCandidate
                }
            }
            index += 1
        }
        return lastCandidate
    }

    // MARK: - Boost and range states

    private func boostToken(at start: Int) throws(QueryError) -> (QueryStringToken.Kind, Int) {
        let digits = digitCount(from: start)
        guard digits > 0 else { throw lexicalError(at: start, expectingNumber: true) }
        var length = digits
        if start + length < scalars.count, scalars[start + length] == "." {
            let fraction = digitCount(from: start + length + 1)
            if fraction > 0 { length += 1 + fraction }
        }
        return (.number, length)
    }

    private func digitCount(from start: Int) -> Int {
        var index = start
        while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
        return index - start
    }

    private func rangeToken(at start: Int) -> (QueryStringToken.Kind, Int) {
        let c = scalars[start]
        var goop = 0
        while start + goop < scalars.count, !" ]}".unicodeScalars.contains(scalars[start + goop]) { goop += 1 }
        var best: (kind: QueryStringToken.Kind, length: Int) = (.rangeGoop, 0)
        func offer(_ kind: QueryStringToken.Kind, _ length: Int) {
            if length > best.length { best = (kind, length) }
        }
        offer(.rangeTo, matches("TO", at: start) ? 2 : 0)
        offer(.rangeInclusiveEnd, c == "]" ? 1 : 0)
        offer(.rangeExclusiveEnd, c == "}" ? 1 : 0)
        if c == "\"" { offer(.rangeQuoted, delimitedLength(at: start, delimiter: "\"", minimumContent: 1)) }
        offer(.rangeGoop, goop)
        return best
    }

    // MARK: - Helpers

    private func matches(_ literal: String, at start: Int) -> Bool {
        var index = start
        for scalar in literal.unicodeScalars {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    private func text(_ start: Int, _ length: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<(start + length)])
        return String(view)
    }

    private func lexicalError(at offset: Int, expectingNumber: Bool) -> QueryError {
        let c = scalars[offset]
        let what: String
        switch c {
        case _ where expectingNumber: what = "\"\(Character(c))\" where a boost number was expected after ^"
        case "\"": what = "a quoted phrase that is never closed"
        case "/": what = "a regular expression that is never closed by / (escape a literal / as \\/)"
        case "\\": what = "the escape character \\ at the end of the query"
        default: what = "\"\(Character(c))\", which cannot start a term (escape it with \\)"
        }
        return Self.syntaxError(query, at: offset, in: scalars, "Lexical error: found \(what)")
    }

    /// A ``QueryError/queryStringSyntax(query:detail:)`` saying what was found, where, and what was expected.
    static func syntaxError(
        _ query: String, at offset: Int, in scalars: [Unicode.Scalar], _ what: String, expected: String? = nil
    ) -> QueryError {
        var line = 1
        var column = 1
        for scalar in scalars[..<min(offset, scalars.count)] {
            if scalar == "\n" { (line, column) = (line + 1, 1) } else { column += 1 }
        }
        let expectation = expected.map { "; expected \($0)" } ?? ""
        return .queryStringSyntax(query: query, detail: "\(what) at line \(line), column \(column)\(expectation).")
    }
}
