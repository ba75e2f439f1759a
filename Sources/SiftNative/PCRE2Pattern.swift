import CPCRE2

/// A PCRE2 regular expression, compiled (and JIT-compiled) once and then shared by every thread.
///
/// Patterns always compile in UTF-8 mode with Unicode properties and tolerate invalid UTF-8 in subjects:
/// - `PCRE2_UTF`: `.` and quantifiers work on whole characters, so `.` matches `é` (two bytes).
/// - `PCRE2_UCP`: `\w`, `\d`, `\s`, `\b` and POSIX classes follow Unicode, so `^\w+$` matches `é`;
///   write `[0-9]` when only ASCII digits are wanted.
/// - `PCRE2_MATCH_INVALID_UTF`: log lines may hold invalid UTF-8; such bytes simply never match instead of
///   making the match fail with an error.
///
/// All offsets (match ranges, start positions, compile error offsets) are byte offsets into UTF-8.
///
/// To match, give each thread or task its own ``PCRE2Matcher`` from ``makeMatcher()`` and reuse it:
/// ```swift
/// let pattern = try PCRE2Pattern(#"user=(?<user>\w+)"#)      // once, at configuration time
/// let matcher = pattern.makeMatcher()                          // once per task
/// if let match = try matcher.firstMatch(in: line), let user = match["user"] { ... }
/// ```
package final class PCRE2Pattern: Sendable {
    /// Compile options beyond the ones every pattern gets (UTF, UCP, MATCH_INVALID_UTF).
    package struct Options: OptionSet, Hashable, Sendable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Case-insensitive matching, Unicode-aware (`PCRE2_CASELESS`, like `(?i)`).
        package static let caseless = Options(rawValue: PCRE2_CASELESS)
        /// `^` and `$` also match at internal newlines (`PCRE2_MULTILINE`, like `(?m)`).
        package static let multiline = Options(rawValue: PCRE2_MULTILINE)
        /// `.` also matches newlines (`PCRE2_DOTALL`, like `(?s)`).
        package static let dotAll = Options(rawValue: PCRE2_DOTALL)
        /// The match must start at the start offset (`PCRE2_ANCHORED`).
        package static let anchored = Options(rawValue: PCRE2_ANCHORED)
        /// Unescaped whitespace is ignored and `#` starts a comment (`PCRE2_EXTENDED`, like `(?x)`).
        package static let extended = Options(rawValue: PCRE2_EXTENDED)
    }

    /// The pattern source as given to ``init(_:options:matchLimit:depthLimit:)``.
    package let pattern: String
    /// The options given to ``init(_:options:matchLimit:depthLimit:)``.
    package let options: Options
    /// The number of capture groups (named or not), not counting group 0.
    package let captureCount: Int
    /// The names of the named groups, ordered by group number (a name used by several groups, as `(?J)`
    /// allows, appears once, at its lowest number).
    package let captureNames: [String]
    /// Whether the JIT compiled the pattern; if not (no JIT on this platform), matching uses the slower
    /// interpreter with the same results.
    package let isJITCompiled: Bool
    /// The match limit each ``PCRE2Matcher`` sets in its match context (`pcre2_set_match_limit_8`).
    package let matchLimit: UInt32
    /// The backtracking depth limit each ``PCRE2Matcher`` sets (`pcre2_set_depth_limit_8`; interpreter only).
    package let depthLimit: UInt32

    /// The group numbers of each name, ascending.
    let groupsByName: [String: [Int]]
    /// The compiled code. PCRE2 documents compiled (and JIT-compiled) code as read-only during matching and
    /// safe to share between threads; it is only written here in `init` (JIT compile) and freed in `deinit`.
    nonisolated(unsafe) let code: OpaquePointer

    /// Compiles `pattern`, then JIT-compiles it when the platform supports the JIT.
    ///
    /// - Parameters:
    ///   - matchLimit: Caps the backtracking work per match attempt; exceeding it throws
    ///     ``PCRE2Error/matchLimitExceeded`` instead of running for minutes.
    ///   - depthLimit: Caps the interpreter's backtracking depth (``PCRE2Error/depthLimitExceeded``).
    /// - Throws: ``PCRE2Error/compile(message:offset:pattern:)`` with PCRE2's message and the byte offset.
    package init(
        _ pattern: String, options: Options = [], matchLimit: UInt32 = 1_000_000, depthLimit: UInt32 = 10_000
    ) throws(PCRE2Error) {
        let flags = options.rawValue | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF
        var errorCode: Int32 = 0
        var errorOffset = 0
        var source = pattern
        // An explicit length (not PCRE2_ZERO_TERMINATED) keeps an embedded NUL part of the pattern.
        let compiled = source.withUTF8 { utf8 in
            pcre2_compile_8(utf8.baseAddress, utf8.count, flags, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw .compile(message: PCRE2Error.message(for: errorCode), offset: errorOffset, pattern: pattern)
        }
        self.code = compiled
        self.pattern = pattern
        self.options = options
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        // Non-zero means no JIT support here (PCRE2_ERROR_JIT_BADOPTION) or no memory for it: keep the
        // interpreter, which pcre2_match_8 then uses.
        self.isJITCompiled = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        self.captureCount = Int(Self.info(compiled, PCRE2_INFO_CAPTURECOUNT))
        let groups = Self.readNameTable(compiled)
        self.groupsByName = groups
        self.captureNames = groups.sorted { $0.value[0] < $1.value[0] }.map(\.key)
    }

    deinit {
        pcre2_code_free_8(code)
    }

    /// The number of the group called `name`, or nil if there is none. For a name shared by several groups,
    /// the lowest number.
    package func captureIndex(named name: String) -> Int? {
        groupsByName[name]?.first
    }

    /// Makes a matcher for this pattern. Use one per thread or task and reuse it for many subjects.
    package func makeMatcher() -> PCRE2Matcher {
        PCRE2Matcher(pattern: self)
    }

    /// Finds the first match in `subject` at or after byte offset `start`.
    ///
    /// Convenient but slower: every call makes (and frees) a ``PCRE2Matcher``, with its match data, match
    /// context and JIT stack. On a hot path keep a matcher from ``makeMatcher()`` instead.
    ///
    /// - Throws: ``PCRE2Error`` if a limit is reached or `start` is outside the subject.
    package func firstMatch(in subject: UnsafeRawBufferPointer, from start: Int = 0) throws(PCRE2Error) -> PCRE2Match? {
        try makeMatcher().firstMatch(in: subject, from: start)
    }

    /// Finds the first match in `subject` at or after byte offset `start`; slower, see
    /// ``firstMatch(in:from:)-(UnsafeRawBufferPointer,Int)``.
    package func firstMatch(in subject: [UInt8], from start: Int = 0) throws(PCRE2Error) -> PCRE2Match? {
        try makeMatcher().firstMatch(in: subject, from: start)
    }

    /// Finds the first match in the UTF-8 of `subject` at or after byte offset `start`; slower, see
    /// ``firstMatch(in:from:)-(UnsafeRawBufferPointer,Int)``.
    package func firstMatch(in subject: String, from start: Int = 0) throws(PCRE2Error) -> PCRE2Match? {
        try makeMatcher().firstMatch(in: subject, from: start)
    }

    /// Reads a 32-bit `pcre2_pattern_info_8` item; these cannot fail on a successfully compiled pattern.
    private static func info(_ code: OpaquePointer, _ what: Int32) -> UInt32 {
        var value: UInt32 = 0
        let rc = pcre2_pattern_info_8(code, UInt32(what), &value)
        precondition(rc == 0, "pcre2_pattern_info_8(\(what)) failed with \(rc)")
        return value
    }

    /// Reads the name table once: `count` entries of `entrySize` bytes, each a big-endian 2-byte group number
    /// followed by the NUL-terminated name.
    private static func readNameTable(_ code: OpaquePointer) -> [String: [Int]] {
        let count = Int(info(code, PCRE2_INFO_NAMECOUNT))
        guard count > 0 else { return [:] }
        let entrySize = Int(info(code, PCRE2_INFO_NAMEENTRYSIZE))
        var table: UnsafePointer<UInt8>? = nil
        let rc = pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard rc == 0, let table else { preconditionFailure("pcre2_pattern_info_8(NAMETABLE) failed with \(rc)") }
        var groups: [String: [Int]] = [:]
        for index in 0..<count {
            let entry = UnsafeBufferPointer(start: table + index * entrySize, count: entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            let nameBytes = entry[2...].prefix { $0 != 0 }
            groups[String(decoding: nameBytes, as: UTF8.self), default: []].append(number)
        }
        return groups.mapValues { $0.sorted() }
    }
}
