/// The `standard` analyzer's tokenizer: Unicode words for log text, lowercased in the same pass.
///
/// Modelled on UAX #29 word boundaries (as Elasticsearch's `standard` tokenizer), simplified and
/// tailored for logs. It works on UTF-8 bytes with an ASCII fast path; non-ASCII scalars are
/// classified with `Unicode.Scalar.Properties` (see `WordClass`). The rules, by example:
///
/// - Letters and digits of any script form tokens, and a letter next to a digit does not break
///   (UAX #29 WB9/WB10): `u185091`, `db5b`, `v1`, `bd9c66b3ad3c2d6d1a3d1fa7bc8960a9`,
///   `Größe` → `größe`, `Ошибка` → `ошибка`.
/// - Each Han ideograph or Hiragana scalar is its own token: `日本語` → `日`, `本`, `語`.
/// - `.` and `'` join only two letters or two digits, judged by the scalars right next to them
///   (MidNumLet, WB6/WB7/WB11/WB12): `user.id`, `ns.marryaldkfaczcz.com`, `192.168.0.1`,
///   `3.962`, `don't` stay whole; `ec2.internal` (digit, letter) → `ec2`, `internal`; a trailing
///   or doubled dot breaks: `done.` → `done`, `a..b` → `a`, `b`.
/// - `,` joins two digits only (MidNum): `1,000` stays whole, `a,b` splits.
/// - `_` joins anything (ExtendNumLet): `trace_id`, `__init__`; a run of only underscores is
///   not a token.
/// - Everything else separates, in particular `-` (`api-us-east-1-db5b` → `api`, `us`, `east`,
///   `1`, `db5b`; a UUID splits into its groups), `/` (`/api/v1/users` → `api`, `v1`, `users`),
///   `@` (`a@b.com` → `a`, `b.com`), `:` (`06:55:46` → `06`, `55`, `46`; UAX #29 would join
///   letters across `:`, which glues `error:timeout`), `;`, brackets, quotes, symbols, emoji.
/// - Combining marks and format characters continue the token before them (`é` written as
///   `e` + U+0301 stays one token) and separate otherwise.
/// - Invalid UTF-8 bytes are separators: `ab\xFFcd` → `ab`, `cd`.
/// - Terms are at most `maxTokenLength` bytes (after lowercasing); a longer run is cut at scalar
///   boundaries into several tokens, each with its own position, like Elasticsearch's
///   `max_token_length`. A cut never leaves a `.`/`,` at either end of a piece.
/// - Lowercasing is Unicode's full per-scalar mapping (`ÀÉ` → `àé`, `ΣΑΣ` → `σασ`; final
///   sigma is not special-cased), with an ASCII fast path.
package struct StandardTokenizer: Tokenizer {
    /// Longest term in bytes; Elasticsearch's default is 255.
    package var maxTokenLength: Int
    /// Whether terms are lowercased; the `standard` analyzer does.
    package var lowercase: Bool

    /// - Parameter maxTokenLength: at least 4, so any single scalar fits in a term.
    package init(maxTokenLength: Int = 255, lowercase: Bool = true) {
        precondition(maxTokenLength >= 4, "maxTokenLength must be at least 4 bytes")
        self.maxTokenLength = maxTokenLength
        self.lowercase = lowercase
    }

    /// Appends the words of `text`; see the type's documentation for the rules.
    package func tokenize(_ text: UnsafeRawBufferPointer, into tokens: inout [Token]) {
        let text = text.clampedForTokenOffsets
        guard !text.isEmpty else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTokenLength) { scratch in
            var scanner = Scanner(text: text, term: TermBuilder(storage: scratch), lowercase: lowercase)
            scanner.run(into: &tokens)
        }
    }
}

extension StandardTokenizer {
    /// One pass over one value. Scalars are decoded as they are reached; a join looks one scalar
    /// ahead, so each byte is decoded at most twice.
    private struct Scanner {
        let text: UnsafeRawBufferPointer
        var term: TermBuilder
        let lowercase: Bool
        var position: Int32 = 0

        mutating func run(into tokens: inout [Token]) {
            var i = 0
            while i < text.count {
                let byte = text[i]
                if byte < 0x80 {
                    if WordClass.startsWord(ascii: byte) {
                        i = scanWord(from: i, into: &tokens)
                    } else {
                        i += 1
                    }
                    continue
                }
                let (value, length) = text.decodeScalar(at: i)
                switch WordClass(value) {
                case .letter, .digit, .extendNumLet:
                    i = scanWord(from: i, into: &tokens)
                case .ideograph:
                    _ = term.append(value, length: length, from: text, at: i, lowercase: lowercase)
                    emit(start: i, end: i + length, into: &tokens)
                    i += length
                case .separator, .extend, .midNum, .midNumLet:
                    i += length
                }
            }
        }

        /// Scans the word starting at `start` and returns the offset of the first scalar after it.
        private mutating func scanWord(from start: Int, into tokens: inout [Token]) -> Int {
            var start = start, i = start
            var last = WordClass.separator  // class of the last letter, digit or `_` taken
            var hasAlphanumeric = false  // a run of only `_` is not a token
            scan: while i < text.count {
                let run = term.appendASCIIAlphanumerics(from: text, at: i, lowercase: lowercase)
                if let runClass = run.last {
                    (i, last, hasAlphanumeric) = (run.end, runClass, true)
                    guard i < text.count else { break scan }
                }
                let (value, length) = text.decodeScalar(at: i)
                let wordClass = WordClass(value)
                switch wordClass {
                case .letter, .digit, .extendNumLet, .extend:
                    if !term.append(value, length: length, from: text, at: i, lowercase: lowercase) {
                        emit(start: start, end: i, when: hasAlphanumeric, into: &tokens)
                        (start, hasAlphanumeric) = (i, false)
                        _ = term.append(value, length: length, from: text, at: i, lowercase: lowercase)
                    }
                    if wordClass != .extend { last = wordClass }
                    if wordClass == .letter || wordClass == .digit { hasAlphanumeric = true }
                    i += length

                case .midNumLet where last == .letter || last == .digit, .midNum where last == .digit:
                    let next = i + length
                    guard next < text.count else { break scan }
                    let (nextValue, nextLength) = text.decodeScalar(at: next)
                    guard WordClass(nextValue) == last else { break scan }
                    let mark = term.count
                    if !term.append(value, length: length, from: text, at: i, lowercase: lowercase)
                        || !term.append(nextValue, length: nextLength, from: text, at: next, lowercase: lowercase)
                    {
                        // Too long: cut before the separator rather than end a term with it.
                        term.rollBack(to: mark)
                        emit(start: start, end: i, when: hasAlphanumeric, into: &tokens)
                        start = next
                        _ = term.append(nextValue, length: nextLength, from: text, at: next, lowercase: lowercase)
                    }
                    i = next + nextLength

                case .midNumLet, .midNum, .separator, .ideograph:
                    break scan
                }
            }
            emit(start: start, end: i, when: hasAlphanumeric, into: &tokens)
            return i
        }

        private mutating func emit(start: Int, end: Int, when keep: Bool = true, into tokens: inout [Token]) {
            guard keep, !term.isEmpty else {
                term.rollBack(to: 0)  // no array for a dropped run such as `___`
                return
            }
            tokens.append(Token(term: term.take(), position: position, startOffset: Int32(start), endOffset: Int32(end)))
            position += 1
        }
    }
}
