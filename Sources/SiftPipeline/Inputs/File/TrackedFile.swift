import SystemPackage

/// One file being tailed: its identity, how far it was read and acknowledged, and the line and
/// event state of what was read but not yet sent.
///
/// Offsets, in order: `committedOffset` (acknowledged by the outputs; saved) ≤ start of the lines
/// held in `splitter` and `joiner` ≤ `readOffset` (next byte to read). Owned by one ``FileTailer``.
final class TrackedFile {
    let key: FileKey
    /// Where a scan last found it; `log.file.path` of its events.
    var path: String
    var fingerprint: FileFingerprint
    /// Open while there is (or may soon be) something to read; closed when inactive.
    var descriptor: FileDescriptor?
    var readOffset: Int64
    var committedOffset: Int64
    /// The offset of the first byte of the next line the splitter completes.
    var nextLineStart: Int64
    var splitter: LineSplitter
    var joiner: MultilineJoiner?
    /// The size `stat` last showed (from a scan while closed, from the descriptor while open).
    var size: Int64
    /// The size at which the fingerprint was last checked against the file's first bytes.
    var verifiedSize: Int64 = -1
    /// When the file last grew (a read returned bytes) or was found.
    var lastGrowth: ContinuousClock.Instant
    /// Unix seconds when a scan last found it.
    var lastSeen: Int64
    /// Whether the last scan found it; if not it was renamed out of the globs' reach or deleted,
    /// and is read to its end through the open descriptor.
    var matched = true
    /// Whether the last read reached the end of the file.
    var atEnd = false
    /// Bumped when the file restarts at 0 (truncated, replaced), so offsets of events read before
    /// are never committed to the new content.
    private(set) var generation = 0

    init(
        key: FileKey, path: String, fingerprint: FileFingerprint, offset: Int64, size: Int64,
        settings: FileInput.Settings, now: ContinuousClock.Instant, lastSeen: Int64
    ) {
        self.key = key
        self.path = path
        self.fingerprint = fingerprint
        readOffset = offset
        committedOffset = offset
        nextLineStart = offset
        self.size = size
        splitter = LineSplitter(maxLineBytes: settings.maxLineBytes, startOffset: offset)
        joiner = settings.multiline.map { MultilineJoiner(settings: $0, maxBytes: settings.maxLineBytes) }
        lastGrowth = now
        self.lastSeen = lastSeen
    }

    /// Whether lines were read that are not in an event sent yet (a partial last line, a pending
    /// multi-line event).
    var hasPending: Bool { splitter.pendingByteCount > 0 || joiner?.hasPending == true }

    /// What the offsets file keeps about it.
    var entry: FileOffsetEntry {
        FileOffsetEntry(key: key, fingerprint: fingerprint, offset: committedOffset, lastSeen: lastSeen, path: path, kind: .tailed)
    }

    /// Starts over at offset 0 with new content whose first bytes are `head`: after a truncation or
    /// a rewrite, the file holds other lines than the ones counted so far.
    func restart(head: [UInt8]) {
        fingerprint = FileFingerprint(head: head)
        readOffset = 0
        committedOffset = 0
        nextLineStart = 0
        verifiedSize = -1
        splitter.reset(toOffset: 0)
        joiner?.reset()
        atEnd = false
        generation += 1
    }

    func close() {
        try? descriptor?.close()
        descriptor = nil
    }
}
