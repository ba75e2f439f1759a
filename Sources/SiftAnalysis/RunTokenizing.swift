/// Shared scanner of the tokenizers whose tokens are maximal runs of one kind of scalar
/// (``WhitespaceTokenizer``, ``LetterTokenizer``).
///
/// - Parameter isTokenScalar: whether a valid scalar belongs to a token; the second argument
///   says whether a token is already open (combining marks may continue one, never start one).
///   Invalid UTF-8 bytes always separate.
@inline(__always)
func tokenizeRuns(
    _ text: UnsafeRawBufferPointer, into tokens: inout [Token], maxTokenLength: Int, lowercase: Bool,
    isTokenScalar: (UInt32, Bool) -> Bool
) {
    let text = text.clampedForTokenOffsets
    guard !text.isEmpty else { return }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTokenLength) { scratch in
        var term = TermBuilder(storage: scratch)
        var position: Int32 = 0
        var start = 0, i = 0
        func emit(end: Int) {
            guard !term.isEmpty else { return }
            tokens.append(Token(term: term.take(), position: position, startOffset: Int32(start), endOffset: Int32(end)))
            position += 1
        }
        while i < text.count {
            let (value, length) = text.decodeScalar(at: i)
            if value != UnsafeRawBufferPointer.invalidScalar, isTokenScalar(value, !term.isEmpty) {
                if term.isEmpty { start = i }
                if !term.append(value, length: length, from: text, at: i, lowercase: lowercase) {
                    emit(end: i)  // over-long run: cut here and keep going, as Elasticsearch does
                    start = i
                    _ = term.append(value, length: length, from: text, at: i, lowercase: lowercase)
                }
            } else {
                emit(end: i)
            }
            i += length
        }
        emit(end: i)
    }
}
