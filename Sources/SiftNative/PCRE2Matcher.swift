import CPCRE2

/// Runs one ``PCRE2Pattern`` over many subjects, reusing its match state.
///
/// Owns PCRE2's per-match state: match data (the offset vector), a match context carrying the pattern's
/// match and depth limits, and a JIT stack of 32 KiB growing to 1 MiB (the default 32 KiB one makes complex
/// patterns fail). That state is mutated by every match, so a matcher is **not** `Sendable`: make one per
/// thread or task with ``PCRE2Pattern/makeMatcher()``; the pattern itself is shared.
package final class PCRE2Matcher {
    /// The pattern this matcher runs.
    package let pattern: PCRE2Pattern
    private let matchData: OpaquePointer
    private let matchContext: OpaquePointer
    /// Nil when the pattern is not JIT-compiled (the interpreter keeps its state on the heap instead).
    private let jitStack: OpaquePointer?
    /// Points into `matchData`; valid for the matcher's lifetime.
    private let ovector: UnsafeMutablePointer<Int>

    /// Use ``PCRE2Pattern/makeMatcher()``.
    init(pattern: PCRE2Pattern) {
        // Match data and context are a few hundred bytes; the JIT stack reserves 1 MiB of address space whose
        // pages are committed only as used. Like a failed Swift allocation, running out of memory here is fatal.
        guard let matchData = pcre2_match_data_create_from_pattern_8(pattern.code, nil),
              let matchContext = pcre2_match_context_create_8(nil)
        else { preconditionFailure("PCRE2 could not allocate match data") }
        pcre2_set_match_limit_8(matchContext, pattern.matchLimit)
        pcre2_set_depth_limit_8(matchContext, pattern.depthLimit)
        var jitStack: OpaquePointer? = nil
        if pattern.isJITCompiled {
            guard let stack = pcre2_jit_stack_create_8(32 << 10, 1 << 20, nil) else {
                preconditionFailure("PCRE2 could not allocate a JIT stack")
            }
            // A nil callback with non-nil data means "always use this stack".
            pcre2_jit_stack_assign_8(matchContext, nil, UnsafeMutableRawPointer(stack))
            jitStack = stack
        }
        self.pattern = pattern
        self.matchData = matchData
        self.matchContext = matchContext
        self.jitStack = jitStack
        self.ovector = pcre2_get_ovector_pointer_8(matchData)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(matchContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// Finds the first match in `subject` at or after byte offset `start`.
    ///
    /// Lookbehinds and `\b` may look at bytes before `start`. Invalid UTF-8 in `subject` never matches but
    /// causes no error.
    ///
    /// - Returns: The match, or nil if there is none.
    /// - Throws: ``PCRE2Error/matchLimitExceeded``, ``PCRE2Error/depthLimitExceeded`` or
    ///   ``PCRE2Error/jitStackLimit`` when the pattern backtracks too much on this subject;
    ///   ``PCRE2Error/match(code:message:)`` for other failures, such as `start` outside `0...subject.count`.
    package func firstMatch(in subject: UnsafeRawBufferPointer, from start: Int = 0) throws(PCRE2Error) -> PCRE2Match? {
        let pairs = try run(subject, from: start)
        guard pairs > 0 else { return nil }
        let captureCount = pattern.captureCount
        var offsets: [Int] = []
        if captureCount > 0 {
            // Pairs past the returned count are unset but PCRE2 does not promise to clear them.
            offsets = [Int](unsafeUninitializedCapacity: captureCount * 2) { buffer, initialized in
                for index in 0..<(captureCount * 2) {
                    buffer[index] = index + 2 < pairs * 2 ? ovector[index + 2] : -1
                }
                initialized = captureCount * 2
            }
        }
        let (lower, upper) = (ovector[0], ovector[1])
        // Without PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK (never set here) group 0 cannot end before it starts.
        return PCRE2Match(
            range: lower..<max(lower, upper), groupOffsets: offsets, groupsByName: pattern.groupsByName)
    }

    /// Finds the first match in `subject` at or after byte offset `start`; see
    /// ``firstMatch(in:from:)-(UnsafeRawBufferPointer,Int)``.
    package func firstMatch(in subject: [UInt8], from start: Int = 0) throws(PCRE2Error) -> PCRE2Match? {
        try subject.withUnsafeBytes { bytes in
            Result { () throws(PCRE2Error) in try firstMatch(in: bytes, from: start) }
        }.get()
    }

    /// Finds the first match in the UTF-8 of `subject` at or after byte offset `start`; see
    /// ``firstMatch(in:from:)-(UnsafeRawBufferPointer,Int)``.
    package func firstMatch(in subject: String, from start: Int = 0) throws(PCRE2Error) -> PCRE2Match? {
        try withUTF8(of: subject) { bytes in
            Result { () throws(PCRE2Error) in try firstMatch(in: bytes, from: start) }
        }.get()
    }

    /// Whether the pattern matches anywhere in `subject`; cheaper than
    /// ``firstMatch(in:from:)-(UnsafeRawBufferPointer,Int)`` because no ``PCRE2Match`` is built.
    ///
    /// - Throws: ``PCRE2Error`` as ``firstMatch(in:from:)-(UnsafeRawBufferPointer,Int)`` does.
    package func matches(_ subject: UnsafeRawBufferPointer) throws(PCRE2Error) -> Bool {
        try run(subject, from: 0) > 0
    }

    /// Whether the pattern matches anywhere in `subject`.
    package func matches(_ subject: [UInt8]) throws(PCRE2Error) -> Bool {
        try subject.withUnsafeBytes { bytes in
            Result { () throws(PCRE2Error) in try matches(bytes) }
        }.get()
    }

    /// Whether the pattern matches anywhere in the UTF-8 of `subject`.
    package func matches(_ subject: String) throws(PCRE2Error) -> Bool {
        try withUTF8(of: subject) { bytes in
            Result { () throws(PCRE2Error) in try matches(bytes) }
        }.get()
    }

    /// Runs `pcre2_match_8` and returns the number of offset pairs set, or 0 for no match.
    private func run(_ subject: UnsafeRawBufferPointer, from start: Int) throws(PCRE2Error) -> Int {
        guard start >= 0, start <= subject.count else {
            throw PCRE2Error(matchCode: PCRE2_ERROR_BADOFFSET)
        }
        let rc: Int32
        if let base = subject.baseAddress {
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            rc = pcre2_match_8(pattern.code, bytes, subject.count, start, 0, matchData, matchContext)
        } else {
            // PCRE2 10.42 rejects a null subject even when it is empty, so point at a real (unread) byte.
            var placeholder: UInt8 = 0
            rc = withUnsafePointer(to: &placeholder) { empty in
                pcre2_match_8(pattern.code, empty, 0, 0, 0, matchData, matchContext)
            }
        }
        if rc == PCRE2_ERROR_NOMATCH { return 0 }
        guard rc > 0 else {
            // rc == 0 would mean the offset vector is too small, impossible with match data sized from the pattern.
            throw PCRE2Error(matchCode: rc)
        }
        return Int(rc)
    }

    /// Calls `body` with the string's UTF-8 bytes, without copying when the storage is contiguous.
    private func withUTF8<R>(of string: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(string.utf8).withUnsafeBytes(body)
    }
}

@available(*, unavailable, message: "a PCRE2Matcher mutates its match data on every match; make one per task")
extension PCRE2Matcher: Sendable {}
