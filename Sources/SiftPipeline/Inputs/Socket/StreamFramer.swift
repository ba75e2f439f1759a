#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a TCP byte stream into frames (events), however the stream was split into reads.
///
/// Three modes, as the `tcp` input's `framing` option names them:
/// - `lines`: LF-terminated lines (a CR before the LF is dropped), via ``LineSplitter``.
/// - `octet_counting`: RFC 6587 `MSG-LEN SP MSG`, as rsyslog and syslog-ng send syslog over TCP.
///   Trailing CR/LF inside a frame (rsyslog and syslog-ng count their own terminator) is dropped;
///   CR, LF and spaces between frames are skipped. Anything else where a length should start is
///   a ``FramingError``: the stream cannot be resynchronised, so the connection must be closed.
/// - `auto`: decided per frame, so one port takes both kinds of sender: a frame that starts with
///   digits and a space is octet counted, anything else is a line (also digits not followed by a
///   space, such as a line starting with a date).
///
/// A frame longer than `maxFrameBytes` is cut there and flagged ``Frame/truncated``; the rest of
/// it (up to its LF, or its counted length) is skipped, never parsed as further frames.
///
/// Frames that lie whole within one read are handed out without copying; only those split
/// across reads are collected (lines by ``LineSplitter``, which also applies the size limit).
package struct StreamFramer {
    package enum Mode: String, Sendable, CaseIterable {
        case lines
        case octetCounting = "octet_counting"
        case auto
    }

    /// One frame, handed to the `emit` closure of ``append(_:_:)``.
    package struct Frame {
        /// The frame without its terminator. Valid only during the `emit` call.
        package var bytes: UnsafeRawBufferPointer
        /// Whether the frame was longer than the limit and cut, or cut off by the end of the stream.
        package var truncated: Bool
    }

    /// The stream is not octet-counted where it must be; see ``Mode/octetCounting``.
    package struct FramingError: Error, CustomStringConvertible {
        /// The stream offset of the offending byte.
        package var offset: Int64
        package var reason: String
        package var description: String { "invalid octet-counted framing at byte \(offset): \(reason)" }
    }

    package let mode: Mode
    package let maxFrameBytes: Int
    private var lines: LineSplitter
    private var state = State.frameStart
    /// The octet count's digits while reading them, then the body of a frame that spans reads.
    private var pending: [UInt8] = []
    /// Bytes appended before the current call, for error offsets.
    private var streamOffset: Int64 = 0

    private enum State {
        /// Between frames.
        case frameStart
        /// Reading an octet count; its digits are in `pending`.
        case length(Int)
        /// Reading an octet-counted body: `remaining` bytes to go, of which those beyond the
        /// limit are skipped.
        case body(remaining: Int, truncated: Bool)
        /// Inside a line (auto mode), which `lines` is collecting.
        case line
    }

    private static let maxLengthDigits = 10
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " ")

    /// - Precondition: `maxFrameBytes > 0`.
    package init(mode: Mode, maxFrameBytes: Int) {
        precondition(maxFrameBytes > 0)
        self.mode = mode
        self.maxFrameBytes = maxFrameBytes
        lines = LineSplitter(maxLineBytes: maxFrameBytes)
    }

    /// Appends the next bytes of the stream and calls `emit` for every frame they complete, in order.
    ///
    /// - Throws: ``FramingError`` in `octet_counting` mode when a frame does not start with a
    ///   length; frames completed before the bad byte have been emitted.
    package mutating func append(_ bytes: UnsafeRawBufferPointer, _ emit: (Frame) -> Void) throws(FramingError) {
        defer { streamOffset += Int64(bytes.count) }
        var i = 0
        while i < bytes.count {
            switch state {
            case .frameStart:
                let byte = bytes[i]
                if mode == .lines {
                    i = startLine(bytes, at: i, emit)
                } else if byte &- UInt8(ascii: "0") < 10 {
                    pending.removeAll(keepingCapacity: true)
                    pending.append(byte)
                    state = .length(Int(byte &- UInt8(ascii: "0")))
                    i += 1
                } else if mode == .auto {
                    i = startLine(bytes, at: i, emit)
                } else if byte == Self.lf || byte == Self.cr || byte == Self.space {
                    i += 1
                } else {
                    throw FramingError(offset: streamOffset + Int64(i), reason: "expected a length, got \(Self.describe(byte))")
                }
            case .length(let value):
                let byte = bytes[i]
                let digit = byte &- UInt8(ascii: "0")
                if digit < 10, pending.count < Self.maxLengthDigits {
                    pending.append(byte)
                    state = .length(value * 10 + Int(digit))
                    i += 1
                } else if byte == Self.space {
                    i += 1
                    pending.removeAll(keepingCapacity: true)
                    state = value == 0 ? .frameStart : .body(remaining: value, truncated: false)
                } else if mode == .auto {
                    // Digits that are not a length (a line starting with a date): they begin a line.
                    lines.append(pending) { _ in }
                    state = .line
                } else {
                    let reason = digit < 10 ? "a length of more than \(Self.maxLengthDigits) digits"
                                            : "expected a digit or a space after the length, got \(Self.describe(byte))"
                    throw FramingError(offset: streamOffset + Int64(i), reason: reason)
                }
            case .body(let remaining, let truncated):
                let available = min(remaining, bytes.count - i)
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[i..<(i + available)])
                i += available
                if pending.isEmpty, !truncated, available == remaining, remaining <= maxFrameBytes {
                    // The whole frame is in this read: hand it out without copying.
                    emit(Frame(bytes: Self.trimmingTerminator(chunk), truncated: false))
                    state = .frameStart
                    continue
                }
                let room = maxFrameBytes - pending.count
                pending.append(contentsOf: chunk.prefix(room))
                let cut = truncated || available > room
                if available == remaining {
                    emitPending(truncated: cut, emit)
                    state = .frameStart
                } else {
                    state = .body(remaining: remaining - available, truncated: cut)
                }
            case .line:
                if let newline = Self.newline(in: bytes, from: i) {
                    lines.append(UnsafeRawBufferPointer(rebasing: bytes[i...newline])) { line in Self.emitLine(line, emit) }
                    i = newline + 1
                    state = .frameStart
                } else {
                    lines.append(UnsafeRawBufferPointer(rebasing: bytes[i...])) { _ in }
                    i = bytes.count
                }
            }
        }
    }

    /// Appends `bytes`; as ``append(_:_:)-(UnsafeRawBufferPointer,_)``.
    package mutating func append(_ bytes: [UInt8], _ emit: (Frame) -> Void) throws(FramingError) {
        var failure: FramingError?
        bytes.withUnsafeBytes { buffer in
            do throws(FramingError) { try append(buffer, emit) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Ends the stream: emits a last line without LF, or an octet-counted frame cut off by the end
    /// of the stream (flagged truncated).
    ///
    /// - Throws: ``FramingError`` in `octet_counting` mode when the stream ends inside a length.
    package mutating func finish(_ emit: (Frame) -> Void) throws(FramingError) {
        defer {
            state = .frameStart
            pending.removeAll(keepingCapacity: true)
        }
        switch state {
        case .frameStart:
            lines.flush { line in Self.emitLine(line, emit) }
        case .line:
            lines.flush { line in Self.emitLine(line, emit) }
        case .length:
            guard mode == .auto else {
                throw FramingError(offset: streamOffset, reason: "the stream ended inside a length")
            }
            lines.append(pending) { _ in }
            lines.flush { line in Self.emitLine(line, emit) }
        case .body:
            emitPending(truncated: true, emit)
        }
    }

    /// A line starts at `start`: emits it straight from `bytes` if it ends within them and fits
    /// the limit, else leaves it to `lines` (state `.line`). Returns where to continue.
    private mutating func startLine(_ bytes: UnsafeRawBufferPointer, at start: Int, _ emit: (Frame) -> Void) -> Int {
        if let newline = Self.newline(in: bytes, from: start), newline - start <= maxFrameBytes {
            var end = newline
            if end > start, bytes[end - 1] == Self.cr { end -= 1 }
            emit(Frame(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), truncated: false))
            return newline + 1
        }
        state = .line
        return start
    }

    /// The index of the first LF at or after `start`.
    private static func newline(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(lf), bytes.count - start)
        else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    private mutating func emitPending(truncated: Bool, _ emit: (Frame) -> Void) {
        pending.withUnsafeBytes { frame in
            emit(Frame(bytes: truncated ? frame : Self.trimmingTerminator(frame), truncated: truncated))
        }
        pending.removeAll(keepingCapacity: true)
    }

    private static func emitLine(_ line: LineSplitter.Line, _ emit: (Frame) -> Void) {
        line.bytes.withUnsafeBytes { emit(Frame(bytes: $0, truncated: line.truncated)) }
    }

    /// `frame` without trailing CR and LF, which senders count as part of the frame.
    private static func trimmingTerminator(_ frame: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var end = frame.count
        while end > 0, frame[end - 1] == lf || frame[end - 1] == cr { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: frame[..<end])
    }

    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
