/// Splits a byte stream into lines, as the `stdin`, `file` and line-framed socket inputs read them.
///
/// A line ends at LF; a CR before the LF is dropped (CRLF files). A line longer than
/// `maxLineBytes` is cut there and flagged, and the rest of it up to the next LF is skipped, so
/// one runaway line costs bounded memory and is still delivered (tagged), not lost.
package struct LineSplitter {
    /// One complete line.
    package struct Line {
        /// The line without its terminator, at most `maxLineBytes` long.
        package var bytes: ArraySlice<UInt8>
        /// Whether the line was longer than `maxLineBytes` and cut.
        package var truncated: Bool
        /// The stream offset just past this line's terminator (bytes since the splitter began,
        /// plus `startOffset`): where reading resumes after this line.
        package var endOffset: Int64
    }

    package let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var pendingTruncated = false
    /// The stream offset of `pending`'s first byte.
    private var pendingStart: Int64

    /// - Parameter startOffset: The stream offset of the first byte that will be appended.
    package init(maxLineBytes: Int, startOffset: Int64 = 0) {
        precondition(maxLineBytes > 0)
        self.maxLineBytes = maxLineBytes
        pendingStart = startOffset
    }

    /// Bytes received after the last complete line.
    package var pendingByteCount: Int { pending.count }

    /// The stream offset just past the last complete line: where a restart would resume.
    package var committedOffset: Int64 { pendingStart }

    /// Appends `bytes` and calls `emit` for every line they complete, in order.
    package mutating func append(_ bytes: UnsafeRawBufferPointer, _ emit: (Line) throws -> Void) rethrows {
        var start = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                keep(UnsafeRawBufferPointer(rebasing: bytes[start...]))
                return
            }
            keep(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]))
            try emitLine(terminated: true, emit)
            start = newline + 1
        }
    }

    /// Appends `bytes`; as ``append(_:_:)-(UnsafeRawBufferPointer,_)``.
    package mutating func append(_ bytes: [UInt8], _ emit: (Line) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { buffer in try append(buffer, emit) }
    }

    /// Emits the bytes after the last LF as a line of their own (at the end of a stream, or when
    /// a writer left a final line without a newline and went idle). Nothing when none are pending.
    package mutating func flush(_ emit: (Line) throws -> Void) rethrows {
        guard !pending.isEmpty || pendingTruncated else { return }
        try emitLine(terminated: false, emit)
    }

    /// Forgets pending bytes and restarts counting at `offset` (a file was truncated or replaced).
    package mutating func reset(toOffset offset: Int64) {
        pending.removeAll(keepingCapacity: true)
        pendingTruncated = false
        pendingStart = offset
    }

    /// Stores the part of a line that fits under the limit; remembers that the rest was cut.
    private mutating func keep(_ bytes: UnsafeRawBufferPointer) {
        let room = maxLineBytes - pending.count
        if bytes.count > room {
            pending.append(contentsOf: bytes.prefix(room))
            pendingTruncated = true
            skipped += bytes.count - room
        } else {
            pending.append(contentsOf: bytes)
        }
    }

    /// Bytes of the current line dropped past the limit; counted so offsets stay exact.
    private var skipped = 0

    private mutating func emitLine(terminated: Bool, _ emit: (Line) throws -> Void) rethrows {
        var end = pending.endIndex
        // A CR just before the LF belongs to the terminator (unless it was cut off with the rest).
        if terminated, skipped == 0, end > 0, pending[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        let endOffset = pendingStart + Int64(pending.count + skipped) + (terminated ? 1 : 0)
        let line = Line(bytes: pending[..<end], truncated: pendingTruncated, endOffset: endOffset)
        pending.removeAll(keepingCapacity: true)
        pendingTruncated = false
        skipped = 0
        pendingStart = endOffset
        try emit(line)
    }
}
