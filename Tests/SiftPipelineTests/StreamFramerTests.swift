import SiftPipeline
import SiftTestSupport
import Testing

@Suite struct StreamFramerTests {
    /// What a framer made of a stream: each frame as text with its truncation flag, and the error.
    struct Outcome: Equatable, CustomStringConvertible {
        var frames: [String] = []
        var error: String?
        var description: String { "\(frames) error: \(error ?? "none")" }
    }

    /// Feeds `chunks` in order, then ends the stream; a truncated frame reads `text [truncated]`.
    static func frame(_ chunks: [[UInt8]], mode: StreamFramer.Mode, max: Int = 1 << 20) -> Outcome {
        var framer = StreamFramer(mode: mode, maxFrameBytes: max)
        var outcome = Outcome()
        let collect: (StreamFramer.Frame) -> Void = { frame in
            let text = String(decoding: frame.bytes, as: UTF8.self)
            outcome.frames.append(frame.truncated ? "\(text) [truncated]" : text)
        }
        do {
            for chunk in chunks { try framer.append(chunk, collect) }
            try framer.finish(collect)
        } catch {
            outcome.error = error.description
        }
        return outcome
    }

    static func frame(_ stream: String, mode: StreamFramer.Mode, max: Int = 1 << 20) -> Outcome {
        frame([Array(stream.utf8)], mode: mode, max: max)
    }

    /// `bytes` cut at random places (seeded, so every run cuts the same way).
    static func randomChunks(_ bytes: [UInt8], seed: UInt64) -> [[UInt8]] {
        var generator = SplitMix64(seed: seed)
        var chunks: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let length = Int.random(in: 1...17, using: &generator)
            let end = min(start + length, bytes.count)
            chunks.append(Array(bytes[start..<end]))
            start = end
        }
        return chunks
    }

    /// Octet-counted frame `LEN SP body` as rsyslog and logger send it.
    static func counted(_ body: String) -> String {
        "\(body.utf8.count) \(body)"
    }

    static let mixedStream: String = {
        var stream = ""
        stream += counted("<143>1 2026-11-24T22:04:56+00:00 vm worker - - [timeQuality tzKnown=\"1\"] text")
        stream += "<134>Nov 24 22:04:56 vm web-frontend[4242]: text\n"
        stream += counted("<133>1 2026-11-24T22:02:35.390473+00:00 vm Linux_2k - - - Jun 14 x\r\n")
        stream += "2024-01-01 a line starting with a date\r\n"
        stream += counted("<13>1 - vm OpenSSH_2k - - [meta sequenceId=\"1\"] Dec 10 y\n")
        stream += "\n"
        stream += "last line without newline"
        return stream
    }()

    static let mixedFrames = [
        "<143>1 2026-11-24T22:04:56+00:00 vm worker - - [timeQuality tzKnown=\"1\"] text",
        "<134>Nov 24 22:04:56 vm web-frontend[4242]: text",
        "<133>1 2026-11-24T22:02:35.390473+00:00 vm Linux_2k - - - Jun 14 x",
        "2024-01-01 a line starting with a date",
        "<13>1 - vm OpenSSH_2k - - [meta sequenceId=\"1\"] Dec 10 y",
        "",
        "last line without newline",
    ]

    @Test func autoModeMixesOctetCountingAndLines() {
        #expect(Self.frame(Self.mixedStream, mode: .auto) == Outcome(frames: Self.mixedFrames))
    }

    @Test(arguments: [StreamFramer.Mode.auto, .lines, .octetCounting])
    func chunkBoundariesDoNotChangeTheFrames(mode: StreamFramer.Mode) {
        let stream: [UInt8]
        switch mode {
        case .octetCounting:
            stream = Array((0..<40).map { Self.counted("<13>1 - host app - - - message \($0)\r\n") }.joined().utf8)
        case .lines, .auto:
            stream = Array(Self.mixedStream.utf8)
        }
        let whole = Self.frame([stream], mode: mode, max: 64)
        let byteByByte = Self.frame(stream.map { [$0] }, mode: mode, max: 64)
        #expect(byteByByte == whole)
        for seed: UInt64 in [1, 2, 3, 42, 1234] {
            #expect(Self.frame(Self.randomChunks(stream, seed: seed), mode: mode, max: 64) == whole, "seed \(seed)")
        }
        #expect(whole.error == nil)
        #expect(whole.frames.count == (mode == .octetCounting ? 40 : mode == .lines ? 6 : 7))
    }

    @Test func octetCountingDropsTheCountedTerminatorAndSkipsNewlinesBetweenFrames() {
        let stream = Self.counted("<10>Nov 24 22:04:57 vm kernel: text") + "\n"
            + Self.counted("<13>1 - a b - - - m\r\n") + "\r\n"
            + Self.counted("third\n")
        #expect(Self.frame(stream, mode: .octetCounting) == Outcome(frames: [
            "<10>Nov 24 22:04:57 vm kernel: text", "<13>1 - a b - - - m", "third",
        ]))
    }

    @Test func linesModeTakesDigitsAsText() {
        #expect(Self.frame("12 abc\n5 x\r\n", mode: .lines) == Outcome(frames: ["12 abc", "5 x"]))
    }

    @Test func malformedLengthIsAFramingErrorInOctetCountingMode() {
        let stream = Self.counted("first") + "<13>not counted\n"
        let outcome = Self.frame(stream, mode: .octetCounting)
        #expect(outcome.frames == ["first"])
        #expect(outcome.error == "invalid octet-counted framing at byte 7: expected a length, got '<'")
        let noSpace = Self.frame("12x", mode: .octetCounting)
        #expect(noSpace.error == "invalid octet-counted framing at byte 2: expected a digit or a space after the length, got 'x'")
        let tooLong = Self.frame("12345678901 x", mode: .octetCounting)
        #expect(tooLong.error == "invalid octet-counted framing at byte 10: a length of more than 10 digits")
        let endsInLength = Self.frame("5 abcde12", mode: .octetCounting)
        #expect(endsInLength == Outcome(frames: ["abcde"], error: "invalid octet-counted framing at byte 9: the stream ended inside a length"))
    }

    @Test func autoModeTakesDigitsWithoutSpaceAsALine() {
        #expect(Self.frame("12345678901 long number\n42\n", mode: .auto) == Outcome(frames: ["12345678901 long number", "42"]))
    }

    @Test func oversizeLineIsCutAndTheRestSkipped() {
        let outcome = Self.frame("0123456789abcdef\nshort\n", mode: .lines, max: 10)
        #expect(outcome == Outcome(frames: ["0123456789 [truncated]", "short"]))
        #expect(Self.frame("0123456789abcdef\n5 abcde", mode: .auto, max: 10) == Outcome(frames: ["0123456789 [truncated]", "abcde"]))
    }

    @Test func oversizeOctetCountedFrameIsCutAndItsRestIsNotParsedAsFrames() {
        // The skipped part looks like frames; it must not be read as such.
        let body = "<13>abc 3 xyz 4 wxyz"
        let stream = Self.counted(body) + Self.counted("next")
        for mode in [StreamFramer.Mode.auto, .octetCounting] {
            let whole = Self.frame(stream, mode: mode, max: 8)
            #expect(whole == Outcome(frames: ["<13>abc  [truncated]", "next"]))
            #expect(Self.frame(Array(stream.utf8).map { [$0] }, mode: mode, max: 8) == whole)
        }
    }

    @Test func frameOfExactlyTheLimitIsNotTruncated() {
        #expect(Self.frame(Self.counted("12345678") + "\n", mode: .auto, max: 8) == Outcome(frames: ["12345678", ""]))
        #expect(Self.frame("12345678\n", mode: .lines, max: 8) == Outcome(frames: ["12345678"]))
    }

    @Test func streamEndingInsideACountedFrameDeliversItTruncated() {
        #expect(Self.frame("20 only part", mode: .octetCounting) == Outcome(frames: ["only part [truncated]"]))
        #expect(Self.frame("0 ", mode: .octetCounting) == Outcome(frames: []))
    }
}
