import SiftPipeline
import SiftTestSupport
import Testing

@Suite struct LineSplitterTests {
    private func split(_ text: String, max: Int = 100, chunks: [Int]? = nil, flush: Bool = false)
        -> [(line: String, truncated: Bool, end: Int64)] {
        var splitter = LineSplitter(maxLineBytes: max)
        var lines: [(String, Bool, Int64)] = []
        let collect = { (line: LineSplitter.Line) in lines.append((String(decoding: line.bytes, as: UTF8.self), line.truncated, line.endOffset)) }
        let bytes = Array(text.utf8)
        var start = 0
        for size in chunks ?? [bytes.count] where start < bytes.count {
            let end = min(bytes.count, start + size)
            splitter.append(Array(bytes[start..<end]), collect)
            start = end
        }
        if start < bytes.count { splitter.append(Array(bytes[start...]), collect) }
        if flush { splitter.flush(collect) }
        return lines
    }

    @Test func splitsOnLineFeedAndDropsCarriageReturnBeforeIt() {
        let lines = split("one\r\ntwo\nthree\r\n")
        #expect(lines.map(\.line) == ["one", "two", "three"])
        #expect(lines.map(\.end) == [5, 9, 16])
    }

    @Test func chunkBoundariesDoNotChangeTheLines() {
        let text = "alpha\r\nbeta\n\ngamma delta\r\nepsilon\n"
        let whole = split(text).map { "\($0.line)|\($0.end)" }
        var random = SplitMix64(seed: 7)
        for _ in 0..<50 {
            let chunks = (0..<40).map { _ in Int(random.next() % 5) + 1 }
            #expect(split(text, chunks: chunks).map { "\($0.line)|\($0.end)" } == whole)
        }
        #expect(split(text, chunks: Array(repeating: 1, count: text.utf8.count)).map { "\($0.line)|\($0.end)" } == whole)
    }

    @Test func aFinalLineWithoutNewlineWaitsForFlush() {
        #expect(split("one\ntwo").map(\.line) == ["one"])
        let flushed = split("one\ntwo\r", flush: true)
        #expect(flushed.map(\.line) == ["one", "two\r"])
        #expect(flushed.last?.end == 8)
    }

    @Test func anOversizeLineIsCutFlaggedAndOffsetsStayExact() {
        let lines = split("short\n0123456789abcdef\r\nnext\n", max: 8, chunks: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3])
        #expect(lines.map(\.line) == ["short", "01234567", "next"])
        #expect(lines.map(\.truncated) == [false, true, false])
        #expect(lines.map(\.end) == [6, 24, 29])
    }

    @Test func resetStartsCountingAtTheGivenOffset() {
        var splitter = LineSplitter(maxLineBytes: 10, startOffset: 100)
        var ends: [Int64] = []
        splitter.append(Array("ab\ncd".utf8)) { ends.append($0.endOffset) }
        #expect(splitter.committedOffset == 103)
        #expect(splitter.pendingByteCount == 2)
        splitter.reset(toOffset: 0)
        splitter.append(Array("xy\n".utf8)) { ends.append($0.endOffset) }
        #expect(ends == [103, 3])
    }
}
