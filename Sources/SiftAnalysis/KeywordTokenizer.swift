/// The `keyword` analyzer's tokenizer: the whole value as one token, byte for byte.
///
/// No lowercasing, no length limit and no UTF-8 validation: a keyword matches exactly what was
/// sent (an indexer that caps keyword length, like Elasticsearch's `ignore_above`, does so
/// itself). Empty input gives no token, so no empty term reaches the dictionary.
package struct KeywordTokenizer: Tokenizer {
    /// Creates the tokenizer; it has no options.
    package init() {}

    /// Appends `text` as one token at position 0.
    package func tokenize(_ text: UnsafeRawBufferPointer, into tokens: inout [Token]) {
        let text = text.clampedForTokenOffsets
        guard !text.isEmpty else { return }
        tokens.append(Token(term: Array(text), position: 0, startOffset: 0, endOffset: Int32(text.count)))
    }
}
