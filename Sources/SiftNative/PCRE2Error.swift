import CPCRE2

/// Why compiling or running a ``PCRE2Pattern`` failed.
///
/// The three limit cases mean the pattern backtracks too much on this subject (a "catastrophic" pattern such as
/// `^(a+)+$`): matching gave up instead of hanging. They are per-subject outcomes, not bugs in the caller.
package enum PCRE2Error: Error, Hashable, CustomStringConvertible {
    /// The pattern does not compile. `message` is PCRE2's own text; `offset` is the byte offset in `pattern`
    /// where PCRE2 noticed the problem.
    case compile(message: String, offset: Int, pattern: String)
    /// The match limit (`PCRE2_ERROR_MATCHLIMIT`) was reached.
    case matchLimitExceeded
    /// The backtracking depth limit (`PCRE2_ERROR_DEPTHLIMIT`) was reached (interpreter only; JIT has no depth).
    case depthLimitExceeded
    /// The JIT stack (1 MiB per matcher) ran out (`PCRE2_ERROR_JIT_STACKLIMIT`).
    case jitStackLimit
    /// Any other negative result of `pcre2_match_8`, with PCRE2's message for `code`.
    case match(code: Int32, message: String)

    package var description: String {
        switch self {
        case let .compile(message, offset, pattern):
            "invalid regular expression at offset \(offset): \(message) (pattern: \(pattern)); fix the pattern"
        case .matchLimitExceeded:
            "regex match limit exceeded: the pattern backtracks too much on this input; "
                + "simplify it (avoid nested quantifiers such as (a+)+) or raise matchLimit"
        case .depthLimitExceeded:
            "regex depth limit exceeded: the pattern nests backtracking too deeply on this input; "
                + "simplify it or raise depthLimit"
        case .jitStackLimit:
            "regex JIT stack exhausted: the pattern needs too much backtracking state on this input; simplify it"
        case let .match(code, message):
            "regex match failed with PCRE2 error \(code): \(message)"
        }
    }

    /// Maps a negative `pcre2_match_8` result (other than "no match") to an error.
    init(matchCode code: Int32) {
        switch code {
        case PCRE2_ERROR_MATCHLIMIT: self = .matchLimitExceeded
        case PCRE2_ERROR_DEPTHLIMIT: self = .depthLimitExceeded
        case PCRE2_ERROR_JIT_STACKLIMIT: self = .jitStackLimit
        default: self = .match(code: code, message: PCRE2Error.message(for: code))
        }
    }

    /// PCRE2's English text for an error code (compile or match).
    static func message(for code: Int32) -> String {
        // The longest PCRE2 message is about 100 bytes; 256 leaves room and pcre2 truncates safely anyway.
        let capacity = 256
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            let length = pcre2_get_error_message_8(code, buffer.baseAddress, capacity)
            // A negative length means an unknown code (PCRE2_ERROR_BADDATA) or truncation (PCRE2_ERROR_NOMEMORY).
            return length >= 0 ? Int(length) : 0
        }.nonEmpty ?? "unknown PCRE2 error \(code)"
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
