/// Lowercases terms with the same per-scalar mapping as ``StandardTokenizer``.
///
/// The built-in analyzers lowercase while tokenizing, which saves a pass and an allocation per
/// token; this filter is for analyzers built from a tokenizer that does not (for example a
/// ``WhitespaceTokenizer`` whose terms should match case-insensitively). Bytes that are not
/// valid UTF-8 are kept as they are.
package struct LowercaseFilter: TokenFilter {
    /// Creates the filter; it has no options.
    package init() {}

    /// Lowercases every term in place.
    package func filter(_ tokens: inout [Token]) {
        for index in tokens.indices where tokens[index].term.contains(where: { $0 >= 0x80 || $0 &- 0x41 < 26 }) {
            if tokens[index].term.allSatisfy({ $0 < 0x80 }) {
                // ASCII: same length, so rewrite the existing storage.
                for k in tokens[index].term.indices where tokens[index].term[k] &- 0x41 < 26 {
                    tokens[index].term[k] |= 0x20
                }
            } else {
                tokens[index].term = Self.lowercased(tokens[index].term)
            }
        }
    }

    private static func lowercased(_ term: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(term.count)
        term.withUnsafeBytes { bytes in
            var i = 0
            while i < bytes.count {
                let (value, length) = bytes.decodeScalar(at: i)
                if let scalar = Unicode.Scalar(value), scalar.properties.changesWhenLowercased {
                    result.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                } else {
                    result.append(contentsOf: bytes[i..<(i + length)])
                }
                i += length
            }
        }
        return result
    }
}
