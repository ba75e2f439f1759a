/// A tokenizer followed by token filters, applied to each text value when indexing and to query
/// text when searching, so both sides produce the same terms.
package struct Analyzer: Sendable {
    /// Splits the value into tokens.
    package var tokenizer: any Tokenizer
    /// Applied in order after the tokenizer.
    package var filters: [any TokenFilter]

    /// Creates an analyzer from a tokenizer and the filters to run after it, in order.
    package init(tokenizer: any Tokenizer, filters: [any TokenFilter] = []) {
        self.tokenizer = tokenizer
        self.filters = filters
    }

    /// Analyses a string; convenient for queries and tests. Indexing should call
    /// ``analyze(_:into:)`` with a reused array instead.
    package func analyze(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var text = text
        text.withUTF8 { analyze(UnsafeRawBufferPointer($0), into: &tokens) }
        return tokens
    }

    /// Replaces the contents of `tokens` with the tokens of `bytes` (UTF-8).
    ///
    /// `tokens` is cleared but keeps its capacity, so an indexer reusing one array per thread
    /// does not reallocate it for every value.
    package func analyze(_ bytes: UnsafeRawBufferPointer, into tokens: inout [Token]) {
        tokens.removeAll(keepingCapacity: true)
        tokenizer.tokenize(bytes, into: &tokens)
        for filter in filters {
            filter.filter(&tokens)
        }
    }
}
