/// A compiled date pattern: Java `DateTimeFormatter` letters (`yyyy-MM-dd'T'HH:mm:ss.SSSXXX`) or
/// the ISO mini-syntax behind Elasticsearch's named formats, as a list of tokens that both parse
/// and print.
struct DatePattern: Hashable, Sendable {
    let tokens: [Token]

    indirect enum Token: Hashable, Sendable {
        /// A year: `twoDigit` is `yy` (2000–2099 when parsed); otherwise at least `minDigits`
        /// digits, a `+` printed before years wider than that (Java's `EXCEEDS_PAD`).
        case year(minDigits: Int, maxDigits: Int, twoDigit: Bool)
        case number(Field, minDigits: Int, maxDigits: Int)
        /// Fraction of a second (`S…`, or 1 to 9 digits after the ISO decimal point).
        case fraction(minDigits: Int, maxDigits: Int)
        /// `.` when printing; `.` or `,` when parsing (ISO allows both).
        case decimalSeparator
        case monthName(full: Bool)
        case weekdayName(full: Bool)
        /// `AM` or `PM`.
        case amPm
        case offset(OffsetStyle)
        case literal([UInt8])
        /// `[…]`: parsed if present, always printed.
        case optional([Token])

        var isNumeric: Bool {
            switch self {
            case .year, .number, .fraction: true
            default: false
            }
        }
    }

    enum Field: Hashable, Sendable {
        case month, day, dayOfYear
        /// `H`: 0–23
        case hour
        /// `k`: 1–24
        case hourFrom1
        /// `K`: 0–11, with `a`
        case hourOfAmPm
        /// `h`: 1–12, with `a`
        case clockHourOfAmPm
        case minute, second
    }

    /// How an offset prints. Parsing accepts any of `Z`, `±HH`, `±HHmm`, `±HH:mm`, `±HH:mm:ss`,
    /// optionally after `GMT` or `UTC`.
    struct OffsetStyle: Hashable, Sendable {
        /// `+01:00` rather than `+0100`.
        var colon: Bool
        /// Zero prints as `Z` (`X`, `XXX`) rather than `+00:00` (`x`, `Z`).
        var zeroAsZ: Bool
        /// Minutes print only when not zero (`X`, `x`).
        var minutesOptional = false
        /// Seconds print when not zero (`XXXX`, `XXXXX`).
        var secondsOptional = false
        /// `GMT+01:00` and `GMT` for zero (`ZZZZ`).
        var gmtPrefix = false

        /// Elasticsearch's ISO offset: `Z` or `+01:00`.
        static let iso = OffsetStyle(colon: true, zeroAsZ: true)
    }

    struct CompileError: Error {
        var message: String
    }

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    // MARK: The ISO mini-syntax of named formats

    /// Compiles the mini-syntax of `ZonedDateFormat`'s table: `yyyy MM dd HH mm ss` (exact widths when
    /// `strict`, else 1 to n digits), `SSS`, `F` (fraction, 1–9 digits), `O` and `o` (offset with and without colon), `T`, `-`,
    /// `:`, `.` (decimal point before a fraction) and `[]`. The table is fixed, so no errors.
    init(iso: String, strict: Bool) {
        var stack: [[Token]] = [[]]
        let characters = Array(iso)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            var run = 1
            while i + run < characters.count, characters[i + run] == c, c.isLetter { run += 1 }
            i += run
            let token: Token
            switch c {
            case "[": stack.append([]); continue
            case "]":
                let inner = stack.removeLast()
                stack[stack.count - 1].append(.optional(inner))
                continue
            case "y": token = strict ? .year(minDigits: 4, maxDigits: 4, twoDigit: false) : .year(minDigits: 1, maxDigits: 9, twoDigit: false)
            case "M": token = .number(.month, minDigits: strict ? 2 : 1, maxDigits: 2)
            case "d": token = .number(.day, minDigits: strict ? 2 : 1, maxDigits: 2)
            case "H": token = .number(.hour, minDigits: strict ? 2 : 1, maxDigits: 2)
            case "m": token = .number(.minute, minDigits: strict ? 2 : 1, maxDigits: 2)
            case "s": token = .number(.second, minDigits: strict ? 2 : 1, maxDigits: 2)
            case "S": token = .fraction(minDigits: run, maxDigits: run)
            case "F": token = .fraction(minDigits: 1, maxDigits: 9)
            case "O": token = .offset(.iso)
            case "o": token = .offset(OffsetStyle(colon: false, zeroAsZ: true))
            case ".": token = .decimalSeparator
            default: token = .literal(Array(String(c).utf8))
            }
            stack[stack.count - 1].append(token)
        }
        self.tokens = stack[0]
    }

    // MARK: Java patterns

    /// Compiles a Java `DateTimeFormatter` pattern.
    ///
    /// - Throws: `CompileError` with Java's wording where it has one (`Unknown pattern letter: b`).
    init(_ pattern: String) throws(CompileError) {
        var stack: [[Token]] = [[]]
        let characters = Array(pattern)
        var i = 0
        func append(_ token: Token) {
            if case .literal(let text) = token, case .literal(let previous)? = stack[stack.count - 1].last {
                stack[stack.count - 1][stack[stack.count - 1].count - 1] = .literal(previous + text)
            } else {
                stack[stack.count - 1].append(token)
            }
        }
        while i < characters.count {
            let c = characters[i]
            if c.isASCII && c.isLetter {
                var run = 1
                while i + run < characters.count, characters[i + run] == c { run += 1 }
                i += run
                append(try Self.letterToken(c, count: run))
                continue
            }
            i += 1
            switch c {
            case "'":
                var text = ""
                var closed = false
                while i < characters.count {
                    if characters[i] == "'" {
                        if i + 1 < characters.count, characters[i + 1] == "'" {
                            text.append("'")
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    text.append(characters[i])
                    i += 1
                }
                guard closed else { throw CompileError(message: "Pattern ends with an incomplete string literal: \(pattern)") }
                append(.literal(Array((text.isEmpty ? "'" : text).utf8)))
            case "[":
                stack.append([])
            case "]":
                guard stack.count > 1 else { throw CompileError(message: "Pattern invalid as it contains ] without previous [") }
                let inner = stack.removeLast()
                stack[stack.count - 1].append(.optional(inner))
            case "{", "}", "#":
                throw CompileError(message: "Pattern includes reserved character: '\(c)'")
            default:
                append(.literal(Array(String(c).utf8)))
            }
        }
        guard stack.count == 1 else { throw CompileError(message: "Pattern has an unclosed optional section: \(pattern)") }
        self.tokens = stack[0]
    }

    private static func letterToken(_ letter: Character, count: Int) throws(CompileError) -> Token {
        func tooMany() -> CompileError { CompileError(message: "Too many pattern letters: \(letter)") }
        func twoDigitField(_ field: Field) throws(CompileError) -> Token {
            guard count <= 2 else { throw tooMany() }
            return .number(field, minDigits: count, maxDigits: 2)
        }
        switch letter {
        case "y", "u":
            if count == 2 { return .year(minDigits: 2, maxDigits: 2, twoDigit: true) }
            guard count <= 18 else { throw tooMany() }
            return .year(minDigits: count, maxDigits: 18, twoDigit: false)
        case "M", "L":
            switch count {
            case 1, 2: return .number(.month, minDigits: count, maxDigits: 2)
            case 3: return .monthName(full: false)
            case 4: return .monthName(full: true)
            default: throw tooMany()
            }
        case "d": return try twoDigitField(.day)
        case "D":
            guard count <= 3 else { throw tooMany() }
            return .number(.dayOfYear, minDigits: count, maxDigits: 3)
        case "H": return try twoDigitField(.hour)
        case "k": return try twoDigitField(.hourFrom1)
        case "K": return try twoDigitField(.hourOfAmPm)
        case "h": return try twoDigitField(.clockHourOfAmPm)
        case "m": return try twoDigitField(.minute)
        case "s": return try twoDigitField(.second)
        case "S":
            guard count <= 9 else { throw tooMany() }
            return .fraction(minDigits: count, maxDigits: count)
        case "a":
            guard count == 1 else { throw tooMany() }
            return .amPm
        case "E":
            guard count <= 4 else { throw tooMany() }
            return .weekdayName(full: count == 4)
        case "X", "x":
            let zeroAsZ = letter == "X"
            switch count {
            case 1: return .offset(OffsetStyle(colon: false, zeroAsZ: zeroAsZ, minutesOptional: true))
            case 2: return .offset(OffsetStyle(colon: false, zeroAsZ: zeroAsZ))
            case 3: return .offset(OffsetStyle(colon: true, zeroAsZ: zeroAsZ))
            case 4: return .offset(OffsetStyle(colon: false, zeroAsZ: zeroAsZ, secondsOptional: true))
            case 5: return .offset(OffsetStyle(colon: true, zeroAsZ: zeroAsZ, secondsOptional: true))
            default: throw tooMany()
            }
        case "Z":
            switch count {
            case 1, 2, 3: return .offset(OffsetStyle(colon: false, zeroAsZ: false))
            case 4: return .offset(OffsetStyle(colon: true, zeroAsZ: false, secondsOptional: true, gmtPrefix: true))
            case 5: return .offset(OffsetStyle(colon: true, zeroAsZ: true, secondsOptional: true))
            default: throw tooMany()
            }
        default:
            if "GQqYwWecFABnNVvzOpg".contains(letter) {
                throw CompileError(message: "pattern letter [\(letter)] is not supported")
            }
            throw CompileError(message: "Unknown pattern letter: \(letter)")
        }
    }
}
