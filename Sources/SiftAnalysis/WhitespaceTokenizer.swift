/// The `whitespace` analyzer's tokenizer: runs of non-white-space scalars, unchanged.
///
/// White space is Unicode's `White_Space` property (space, tab, newlines, NBSP, U+3000, …).
/// Case and punctuation are kept: `ERROR [db-1]:` → `ERROR`, `[db-1]:`. Invalid UTF-8 bytes
/// separate, and runs longer than `maxTokenLength` bytes are cut into several tokens.
package struct WhitespaceTokenizer: Tokenizer {
    /// Longest term in bytes; Elasticsearch's default is 255.
    package var maxTokenLength: Int

    /// - Parameter maxTokenLength: at least 4, so any single scalar fits in a term.
    package init(maxTokenLength: Int = 255) {
        precondition(maxTokenLength >= 4, "maxTokenLength must be at least 4 bytes")
        self.maxTokenLength = maxTokenLength
    }

    /// Appends the white-space-separated runs of `text`.
    package func tokenize(_ text: UnsafeRawBufferPointer, into tokens: inout [Token]) {
        tokenizeRuns(text, into: &tokens, maxTokenLength: maxTokenLength, lowercase: false) { value, _ in
            switch value {
            case 0x09...0x0D, 0x20: false
            case 0..<0x80: true
            default: !(Unicode.Scalar(value)?.properties.isWhitespace ?? true)
            }
        }
    }
}
