/// The `simple` analyzer's tokenizer: runs of letters, optionally lowercased.
///
/// A letter is a scalar with Unicode's `Alphabetic` property, so digits, punctuation and
/// symbols all separate: `sshd[24200]: Failed` → `sshd`, `failed`; `db5b` → `db`, `b`.
/// Combining marks continue a token (`e` + U+0301). Unlike ``StandardTokenizer`` there is no
/// special case for ideographs: `日本語` is one token, as in Lucene's `LetterTokenizer`.
package struct LetterTokenizer: Tokenizer {
    /// Longest term in bytes; Elasticsearch's default is 255.
    package var maxTokenLength: Int
    /// Whether terms are lowercased; the `simple` analyzer does.
    package var lowercase: Bool

    /// - Parameter maxTokenLength: at least 4, so any single scalar fits in a term.
    package init(maxTokenLength: Int = 255, lowercase: Bool = true) {
        precondition(maxTokenLength >= 4, "maxTokenLength must be at least 4 bytes")
        self.maxTokenLength = maxTokenLength
        self.lowercase = lowercase
    }

    /// Appends the letter runs of `text`.
    package func tokenize(_ text: UnsafeRawBufferPointer, into tokens: inout [Token]) {
        tokenizeRuns(text, into: &tokens, maxTokenLength: maxTokenLength, lowercase: lowercase) { value, inToken in
            switch value {
            case 0x41...0x5A, 0x61...0x7A: return true
            case 0..<0x80: return false
            default:
                guard let properties = Unicode.Scalar(value)?.properties else { return false }
                if properties.isAlphabetic { return true }
                switch properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark: return inToken
                default: return false
                }
            }
        }
    }
}
