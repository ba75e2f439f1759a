/// How ``StandardTokenizer`` treats a scalar: a simplified UAX #29 word-break property.
///
/// Tailored for logs: `:` (UAX #29 MidLetter) separates, so `host:port` and `12:05:46` split;
/// `;` (MidNum) separates, so `a=1;b=2` splits; emoji and symbols separate.
enum WordClass: UInt8 {
    /// White space, punctuation, symbols, control characters, invalid UTF-8.
    case separator
    /// Alphabetic scalars (Latin, Greek, Cyrillic, Hangul, Thai, Katakana, …).
    case letter
    /// Decimal digits of any script (`Nd`).
    case digit
    /// Han ideographs and Hiragana: each scalar is its own token, as in Lucene.
    case ideograph
    /// `_` and other connector punctuation: joins whatever is on either side (`trace_id`).
    case extendNumLet
    /// Combining marks and format characters: continue the token they follow.
    case extend
    /// `,`: joins two digits (`1,000`).
    case midNum
    /// `.`, `'` and their look-alikes: join two letters or two digits (`user.id`, `3.962`).
    case midNumLet

    /// Whether an ASCII byte can start a word (letter, digit, `_`), by bit masks: the scanner
    /// skips the quotes, colons and spaces between words with one test per byte.
    @inline(__always)
    static func startsWord(ascii byte: UInt8) -> Bool {
        let digits: UInt64 = 0x03FF_0000_0000_0000  // bytes 0x30...0x39
        let lettersAndUnderscore: UInt64 = 0x07FF_FFFE_87FF_FFFE  // 0x41...0x5A, 0x5F, 0x61...0x7A
        return byte < 64 ? (digits >> byte) & 1 == 1 : (lettersAndUnderscore >> (byte & 63)) & 1 == 1
    }

    /// The class of a scalar decoded by `decodeScalar(at:)`.
    @inline(__always)
    init(_ value: UInt32) {
        if value < 0x80 {
            self.init(ascii: UInt8(truncatingIfNeeded: value))
        } else {
            self.init(nonASCII: value)
        }
    }

    @inline(__always)
    private init(ascii byte: UInt8) {
        switch byte {
        case 0x61...0x7A, 0x41...0x5A: self = .letter
        case 0x30...0x39: self = .digit
        case 0x5F: self = .extendNumLet
        case 0x2E, 0x27: self = .midNumLet
        case 0x2C: self = .midNum
        default: self = .separator
        }
    }

    @inline(never)
    private init(nonASCII value: UInt32) {
        guard let scalar = Unicode.Scalar(value) else {
            self = .separator  // includes UnsafeRawBufferPointer.invalidScalar
            return
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .decimalNumber:
            self = .digit
        case .nonspacingMark, .spacingMark, .enclosingMark:
            self = .extend
        case .format:
            // U+200B ZERO WIDTH SPACE is Cf but a word boundary (UAX #29 excludes it from Format).
            self = value == 0x200B ? .separator : .extend
        case .connectorPunctuation:
            self = .extendNumLet
        default:
            switch value {
            case 0x2018, 0x2019, 0x2024, 0xFE52, 0xFF07, 0xFF0E:
                self = .midNumLet  // typographic apostrophes (don’t) and full-width stops
            case 0x3041...0x3096, 0x309D...0x309F:
                self = .ideograph  // Hiragana
            default:
                if properties.isIdeographic {
                    self = .ideograph
                } else {
                    self = properties.isAlphabetic ? .letter : .separator
                }
            }
        }
    }
}
