import SiftConfig
import SiftNative

/// The `multiline` options of the `file` input, named as Filebeat's (`multiline.type: pattern`).
struct MultilineSettings: Sendable {
    /// Lines are tested against it (PCRE2, unanchored: write `^` to anchor).
    var pattern: PCRE2Pattern
    /// Whether lines that do *not* match continue an event.
    var negate: Bool
    /// `after`: a continuing line joins the event before it; `before`: it joins the line after it.
    var matchAfter: Bool
    /// Lines beyond this many in one event are dropped (their bytes still count as read) and the
    /// event is tagged `_truncated`.
    var maxLines: Int
    /// A pending event is sent when no line has come for this long.
    var timeout: Duration

    /// Reads `pattern` (required), `negate` (default false), `match` (`after`, the default, or
    /// `before`), `max_lines` (default 500) and `timeout` (default `1s`).
    init(options: inout ComponentOptions) throws(ConfigError) {
        let source = try options.requiredString("pattern")
        do {
            pattern = try PCRE2Pattern(source)
        } catch {
            throw options.error("pattern", error.description)
        }
        negate = try options.bool("negate", default: false)
        matchAfter = try options.choice("match", of: ["after", "before"], default: "after") == "after"
        maxLines = try options.int("max_lines", minimum: 1) ?? 500
        let timeout = try options.duration("timeout") ?? .seconds(1)
        guard timeout > .zero else { throw options.error("timeout", "must be longer than zero") }
        self.timeout = timeout
        try options.finish()
    }
}

/// One event read from a file: a line, or several lines joined by `\n`.
struct FileEvent {
    var bytes: [UInt8]
    /// The offset of the event's first byte in its file (`log.offset`).
    var startOffset: Int64
    /// Just past the terminator of the event's last line: where reading resumes after it.
    var endOffset: Int64
    var truncated: Bool
}

/// Joins lines into events as Filebeat's pattern multiline does.
///
/// Each line is tested against the pattern; a line *continues* the pending event when
/// `matches(selected) != negate`, where `selected` is the line itself for `match: after` and the
/// line before it for `match: before`. So with `negate: false`, `after` appends matching lines to the
/// event before them (indented stack frames), `before` prepends matching lines to the line after
/// them (a `\` at the end of a line). A line that does not continue starts a new event and sends the
/// pending one. With `before`, an event is complete, and sent at once, as soon as its last line
/// does not ask for the next one. Events longer than `maxBytes` are cut and tagged.
///
/// Not `Sendable`: it owns a ``PCRE2Matcher``; one joiner per file, used by the tailing task only.
struct MultilineJoiner {
    let settings: MultilineSettings
    let maxBytes: Int
    private let matcher: PCRE2Matcher
    private var pending: FileEvent?
    private var pendingLines = 0
    /// Whether the line before matched the pattern (what `match: before` decides on).
    private var previousMatched = false
    /// When the last line was added; a pending event times out from here.
    private var lastLineAt: ContinuousClock.Instant?

    init(settings: MultilineSettings, maxBytes: Int) {
        self.settings = settings
        self.maxBytes = maxBytes
        matcher = settings.pattern.makeMatcher()
    }

    /// Whether lines are held for an event not sent yet.
    var hasPending: Bool { pending != nil }

    /// Adds one line (`start..<end` in the file, terminator included) and calls `emit` for the
    /// event it completes, if any.
    mutating func add(
        _ line: ArraySlice<UInt8>, start: Int64, end: Int64, truncated: Bool,
        at now: ContinuousClock.Instant, _ emit: (FileEvent) -> Void
    ) {
        // A pattern that gives up on a line (match limit) counts as not matching it.
        let matched = line.withUnsafeBytes { bytes in (try? matcher.matches(bytes)) ?? false }
        let continues = pending != nil && (settings.matchAfter ? matched : previousMatched) != settings.negate
        previousMatched = matched
        lastLineAt = now
        if continues, var event = pending {
            pending = nil  // keeps the event's buffer uniquely referenced while appending
            append(line, truncated: truncated, to: &event)
            event.endOffset = end
            pending = event
        } else {
            if let event = pending { emit(event) }
            var first = FileEvent(bytes: [], startOffset: start, endOffset: end, truncated: truncated)
            let room = min(line.count, maxBytes)
            first.bytes.append(contentsOf: line.prefix(room))
            first.truncated = truncated || room < line.count
            pending = first
            pendingLines = 1
        }
        // With `before`, a line that does not continue into the next one ends its event.
        if !settings.matchAfter, matched == settings.negate, let event = pending {
            pending = nil
            emit(event)
        }
    }

    /// Sends the pending event if no line has come for the timeout.
    mutating func flushIfIdle(at now: ContinuousClock.Instant, _ emit: (FileEvent) -> Void) {
        guard let lastLineAt, now - lastLineAt >= settings.timeout else { return }
        flush(emit)
    }

    /// Sends the pending event, if any.
    mutating func flush(_ emit: (FileEvent) -> Void) {
        guard let event = pending else { return }
        pending = nil
        emit(event)
    }

    /// Forgets the pending event (its file was truncated or replaced).
    mutating func reset() {
        pending = nil
        pendingLines = 0
        previousMatched = false
        lastLineAt = nil
    }

    private mutating func append(_ line: ArraySlice<UInt8>, truncated: Bool, to event: inout FileEvent) {
        pendingLines += 1
        event.truncated = event.truncated || truncated
        guard pendingLines <= settings.maxLines else {
            event.truncated = true
            return
        }
        let room = maxBytes - event.bytes.count - 1
        guard room > 0 else {
            event.truncated = true
            return
        }
        event.bytes.append(UInt8(ascii: "\n"))
        event.bytes.append(contentsOf: line.prefix(room))
        if line.count > room { event.truncated = true }
    }
}
