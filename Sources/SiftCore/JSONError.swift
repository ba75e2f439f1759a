/// Why ``JSONReader`` rejected its input, and where.
///
/// `offset` is a byte offset into the input, pointing at the first byte of the problem (for an
/// unterminated string, its opening quote; for input that ends too early, the input's length), so
/// an operator can find it with `cut -b` or a hex dump.
package struct JSONError: Error, Hashable, CustomStringConvertible {
    /// What is wrong at ``offset``.
    package enum Reason: Hashable, Sendable {
        /// The input ended where more JSON was required.
        case unexpectedEndOfInput
        /// A value was required (`[`, `{`, `"`, a digit, `-`, `true`, `false` or `null`) but another byte was found.
        case expectedValue
        /// `true`, `false` or `null` was misspelt or cut short.
        case invalidLiteral
        /// An object key was required: a `"` after `{` or `,`.
        case expectedKey
        /// The `:` between a key and its value is missing.
        case expectedColon
        /// After an array element, neither `,` nor `]` followed.
        case expectedCommaOrEndOfArray
        /// After an object member, neither `,` nor `}` followed.
        case expectedCommaOrEndOfObject
        /// A `,` was followed directly by `]` or `}`; the offset is the closing bracket's.
        case trailingComma
        /// A number breaks the grammar, e.g. `1.`, `1e`, `-`; the offset is where a digit was required.
        case invalidNumber
        /// A number has a superfluous leading zero, e.g. `01`; the offset is the number's first byte.
        case leadingZero
        /// A number is too large for a finite `Double`, e.g. `1e400`; the offset is the number's first byte.
        case numberOutOfRange
        /// A string has no closing quote; the offset is the opening quote's.
        case unterminatedString
        /// A byte below 0x20 appears raw inside a string; it must be escaped.
        case controlCharacterInString
        /// A backslash is followed by something other than `" \ / b f n r t u`.
        case invalidEscape
        /// `\u` is not followed by four hex digits.
        case invalidUnicodeEscape
        /// A `\u` escape encodes half of a UTF-16 surrogate pair without its matching half.
        case invalidSurrogate
        /// A string contains bytes that are not well-formed UTF-8; the offset is the first byte of the bad sequence.
        case invalidUTF8
        /// Something other than whitespace follows the top-level value.
        case trailingData
        /// Arrays and objects are nested deeper than the reader's `maxDepth`.
        case nestingTooDeep
        /// An object has the key twice (Elasticsearch refuses such documents too); the offset is
        /// the second key's opening quote.
        case duplicateKey(String)
        /// The top-level value is not an object, but a ``Document`` was asked for.
        case notAnObject
    }

    /// What is wrong.
    package var reason: Reason
    /// Byte offset of the problem in the input.
    package var offset: Int

    /// Creates an error for `reason` at byte `offset`.
    package init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// For example `invalid JSON at byte 17: unterminated string`.
    package var description: String {
        "invalid JSON at byte \(offset): \(reason)"
    }
}

extension JSONError.Reason: CustomStringConvertible {
    /// A short lower-case phrase, e.g. `duplicate field 'x'`.
    package var description: String {
        switch self {
        case .unexpectedEndOfInput: "unexpected end of input"
        case .expectedValue: "expected a value"
        case .invalidLiteral: "invalid literal (expected true, false or null)"
        case .expectedKey: "expected a string key"
        case .expectedColon: "expected ':' after an object key"
        case .expectedCommaOrEndOfArray: "expected ',' or ']' after an array element"
        case .expectedCommaOrEndOfObject: "expected ',' or '}' after an object member"
        case .trailingComma: "trailing comma"
        case .invalidNumber: "invalid number"
        case .leadingZero: "number with a leading zero"
        case .numberOutOfRange: "number out of range"
        case .unterminatedString: "unterminated string"
        case .controlCharacterInString: "unescaped control character in string"
        case .invalidEscape: "invalid escape sequence"
        case .invalidUnicodeEscape: "invalid \\u escape (expected four hex digits)"
        case .invalidSurrogate: "unpaired UTF-16 surrogate in \\u escape"
        case .invalidUTF8: "invalid UTF-8"
        case .trailingData: "unexpected data after the JSON value"
        case .nestingTooDeep: "nesting too deep"
        case .duplicateKey(let key): "duplicate field '\(key)'"
        case .notAnObject: "a document must be a JSON object"
        }
    }
}
