/// The JSON writer's output: a growable byte buffer written through a raw pointer.
///
/// Appending to `[UInt8]` piece by piece costs a uniqueness and capacity check plus a generic
/// call per piece, and a document has ~50 pieces. The sink writes into stack memory first (1 KiB,
/// enough for a typical log line), moves to the heap if that fills up, and hands the result to
/// the caller's array in one copy at the end.
struct ByteSink: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var ownsStorage = false
    private var count = 0

    private init(startingIn initial: UnsafeMutableBufferPointer<UInt8>) {
        start = initial.baseAddress.unsafelyUnwrapped
        capacity = initial.count
    }

    deinit {
        if ownsStorage { start.deallocate() }
    }

    /// Runs `body` on a fresh sink, then appends what it wrote to `buffer`.
    static func withSink(appendingTo buffer: inout [UInt8], _ body: (inout ByteSink) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { stack in
            var sink = ByteSink(startingIn: stack)
            body(&sink)
            buffer.append(contentsOf: UnsafeBufferPointer(start: sink.start, count: sink.count))
        }
    }

    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if capacity &- count < n { grow(minimum: count + n) }
    }

    private mutating func grow(minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let newStart = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStart.initialize(from: start, count: count)
        if ownsStorage { start.deallocate() }
        start = newStart
        capacity = newCapacity
        ownsStorage = true
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count &+= 1
    }

    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (start + count).initialize(from: source, count: bytes.count)
        count &+= bytes.count
    }

    private mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .int(let i): write(int: i)
        case .double(let d): write(double: d)
        case .string(let s): write(string: s)
        case .object(let o): write(o)
        case .array(let elements):
            append(ASCII.openBracket)
            for (i, element) in elements.enumerated() {
                if i > 0 { append(ASCII.comma) }
                write(element)
            }
            append(ASCII.closeBracket)
        }
    }

    mutating func write(_ object: JSONObject) {
        append(ASCII.openBrace)
        for (i, entry) in object.entries.enumerated() {
            if i > 0 { append(ASCII.comma) }
            write(string: entry.key)
            append(ASCII.colon)
            write(entry.value)
        }
        append(ASCII.closeBrace)
    }

    mutating func write(int value: Int64) {
        reserve(20)  // "-9223372036854775808"
        if value < 0 { append(ASCII.minus) }
        var magnitude = value.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits &+= 1
        }
        count &+= digits
        var i = count
        repeat {
            i &-= 1
            start[i] = ASCII.zero &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude != 0
    }

    mutating func write(double value: Double) {
        guard value.isFinite else {
            append("null")
            return
        }
        // Swift's description is the shortest round-trip form ("3.962", "1e-05", "5e-324") and
        // always valid JSON for finite values; up to 15 bytes it is an inline string.
        var text = value.description
        text.withUTF8 { append($0) }
    }

    mutating func write(string: String) {
        // Native strings, small ones included, expose their UTF-8 without copying the String;
        // `withUTF8` (which may first make a bridged string native) is only the fallback.
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { write(utf8: $0) }
        if written == nil {
            var string = string
            string.withUTF8 { write(utf8: $0) }
        }
    }

    private mutating func write(utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count &+ 2)
        append(ASCII.quote)
        var runStart = 0
        var i = 0
        while true {
            i = Self.firstByteNeedingEscape(utf8, from: i)
            append(UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
            guard i < utf8.count else { break }
            writeEscape(for: utf8[i])
            i &+= 1
            runStart = i
        }
        append(ASCII.quote)
    }

    /// The index of the first `"`, `\` or control byte at or after `start`, or `bytes.count`.
    @inline(__always)
    private static func firstByteNeedingEscape(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let n = bytes.count
        guard let base = bytes.baseAddress else { return n }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        while i &+ 8 <= n {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // The reader's SWAR test minus the non-ASCII term: UTF-8 is written raw.
            let special = (((quote &- ones) & ~quote)
                | ((backslash &- ones) & ~backslash)
                | ((word &- ones &* 0x20) & ~word)) & (ones &* 0x80)
            if special != 0 { return i &+ special.trailingZeroBitCount &>> 3 }
            i &+= 8
        }
        while i < n {
            let c = base[i]
            if c == ASCII.quote || c == ASCII.backslash || c < 0x20 { return i }
            i &+= 1
        }
        return n
    }

    private mutating func writeEscape(for byte: UInt8) {
        append(ASCII.backslash)
        switch byte {
        case ASCII.quote, ASCII.backslash: append(byte)
        case 0x0A: append(UInt8(ascii: "n"))
        case 0x0D: append(UInt8(ascii: "r"))
        case 0x09: append(UInt8(ascii: "t"))
        case 0x08: append(UInt8(ascii: "b"))
        case 0x0C: append(UInt8(ascii: "f"))
        default:
            let hex: StaticString = "0123456789abcdef"
            append("u00")
            append(hex.utf8Start[Int(byte >> 4)])
            append(hex.utf8Start[Int(byte & 0xF)])
        }
    }
}
