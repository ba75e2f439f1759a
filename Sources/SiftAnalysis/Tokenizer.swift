/// Splits one text value into tokens: the first stage of an ``Analyzer``.
///
/// Implementations are stateless values so one instance serves all indexing and query threads.
package protocol Tokenizer: Sendable {
    /// Appends the tokens of `text` (UTF-8 bytes) to `tokens`.
    ///
    /// Positions start at 0 and offsets at the start of `text` for every call; a caller that
    /// indexes several values of one field shifts positions itself (Lucene's position gap).
    /// Invalid UTF-8 must not trap: tokenizers treat undecodable bytes as separators.
    func tokenize(_ text: UnsafeRawBufferPointer, into tokens: inout [Token])
}

/// Rewrites, drops or adds tokens after tokenization: the later stages of an ``Analyzer``.
package protocol TokenFilter: Sendable {
    /// Transforms the tokens of one value in place; `tokens` holds only that value's tokens.
    func filter(_ tokens: inout [Token])
}
