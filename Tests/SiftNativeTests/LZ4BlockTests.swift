import SiftNative
import SiftTestSupport
import Testing


enum InputKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case logLike, zeros, random

    var testDescription: String { rawValue }

    func bytes(count: Int, seed: UInt64 = 42) -> [UInt8] {
        switch self {
        case .logLike:
            let line = Array(#"{"level":"info","msg":"GET /api/v1/items 200","host":"web-1"}"#.utf8) + [0x0A]
            return (0..<count).map { line[$0 % line.count] }
        case .zeros:
            return [UInt8](repeating: 0, count: count)
        case .random:
            var generator = SplitMix64(seed: seed)
            return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        }
    }
}

@Suite struct LZ4BlockTests {
    static let sizes = [0, 1, 100, 64 << 10, 1 << 20]

    @Test(arguments: sizes, InputKind.allCases)
    func compressedBlockDecompressesToTheSameBytes(size: Int, kind: InputKind) throws {
        let input = kind.bytes(count: size)
        let compressed = try LZ4Block.compress(input)
        if kind != .random && size >= 64 << 10 {
            #expect(compressed.count < size / 20)  // repetitive data must actually shrink
        }
        let restored = try LZ4Block.decompress(compressed, decompressedSize: size)
        #expect(restored.count == size)
        #expect(restored == input)
    }

    @Test func emptyInputCompressesToOneTokenByte() throws {
        #expect(try LZ4Block.compress([]) == [0x00])
        #expect(try LZ4Block.decompress([0x00], decompressedSize: 0) == [])
    }

    @Test func compressAndDecompressAppendAfterExistingBytes() throws {
        let input = InputKind.logLike.bytes(count: 10_000)
        var buffer: [UInt8] = [1, 2, 3]
        let written = try input.withUnsafeBytes { bytes in
            try LZ4Block.compress(bytes, into: &buffer)
        }
        #expect(buffer.count == 3 + written)
        #expect(Array(buffer[..<3]) == [1, 2, 3])
        #expect(Array(buffer[3...]) == (try LZ4Block.compress(input)))

        var output: [UInt8] = [9, 9]
        try buffer[3...].withUnsafeBytes { block in
            try LZ4Block.decompress(block, decompressedSize: input.count, into: &output)
        }
        #expect(output == [9, 9] + input)
    }

    @Test func failedDecompressionLeavesTheOutputUnchanged() throws {
        let compressed = try LZ4Block.compress(InputKind.logLike.bytes(count: 5_000))
        var output: [UInt8] = [7, 7, 7]
        #expect(throws: LZ4Error.self) {
            try compressed.withUnsafeBytes { block in
                try LZ4Block.decompress(block, decompressedSize: 4_999, into: &output)
            }
        }
        #expect(output == [7, 7, 7])
    }

    @Test func everyTruncationOfABlockThrows() throws {
        let input = InputKind.logLike.bytes(count: 2_000) + InputKind.random.bytes(count: 300)
        let compressed = try LZ4Block.compress(input)
        #expect(compressed.count > 300)
        var failures = 0
        for length in 0..<compressed.count {
            do {
                _ = try LZ4Block.decompress(Array(compressed[..<length]), decompressedSize: input.count)
            } catch {
                guard case .corrupted = error else { continue }
                failures += 1
            }
        }
        #expect(failures == compressed.count)
    }

    @Test func randomByteFlipsThrowOrYieldTheDeclaredSize() throws {
        let input = InputKind.logLike.bytes(count: 8_000) + InputKind.random.bytes(count: 2_000)
        let compressed = try LZ4Block.compress(input)
        var generator = SplitMix64(seed: 7)
        var (thrown, decoded) = (0, 0)
        for _ in 0..<5_000 {
            var damaged = compressed
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<damaged.count, using: &generator)
                damaged[index] ^= UInt8.random(in: 1...255, using: &generator)
            }
            do {
                let output = try LZ4Block.decompress(damaged, decompressedSize: input.count)
                #expect(output.count == input.count)
                decoded += 1
            } catch {
                guard case .corrupted = error else { Issue.record("unexpected \(error)"); continue }
                thrown += 1
            }
        }
        #expect(thrown + decoded == 5_000)
        #expect(thrown > 0)
    }

    @Test func largerDecompressedSizeThanTheBlockHoldsThrows() throws {
        let input = InputKind.logLike.bytes(count: 4_096)
        let compressed = try LZ4Block.compress(input)
        #expect(throws: LZ4Error.corrupted(reason: "block decoded to 4096 bytes, expected 4097")) {
            try LZ4Block.decompress(compressed, decompressedSize: 4_097)
        }
    }

    @Test func smallerDecompressedSizeThanTheBlockHoldsThrows() throws {
        let input = InputKind.logLike.bytes(count: 4_096)
        let compressed = try LZ4Block.compress(input)
        // LZ4_decompress_safe stops when the output is full, before writing past the declared size.
        let error = #expect(throws: LZ4Error.self) {
            try LZ4Block.decompress(compressed, decompressedSize: 4_095)
        }
        #expect(error.map { if case .corrupted = $0 { true } else { false } } == true)
    }

    @Test(arguments: [-1, Int.min, Int.max, LZ4Block.maxInputSize + 1])
    func impossibleDecompressedSizeThrowsBeforeAllocating(size: Int) throws {
        let compressed = try LZ4Block.compress(InputKind.logLike.bytes(count: 1_000))
        #expect(throws: LZ4Error.self) {
            try LZ4Block.decompress(compressed, decompressedSize: size)
        }
    }

    @Test func declaredSizeBeyondLZ4sMaximumRatioThrows() throws {
        // 255 bytes of output per compressed byte is the format's ceiling, so a few bytes cannot hold 1 MB.
        let compressed = try LZ4Block.compress(InputKind.zeros.bytes(count: 1_000))
        #expect(compressed.count < 1_000_000 / 255)
        #expect(throws: LZ4Error.corrupted(
            reason: "declared decompressed size 1000000 is impossible for a block of \(compressed.count) bytes")) {
            try LZ4Block.decompress(compressed, decompressedSize: 1_000_000)
        }
        // The largest ratio LZ4 really produces stays under that ceiling.
        let zeros = InputKind.zeros.bytes(count: 4 << 20)
        let dense = try LZ4Block.compress(zeros)
        #expect(zeros.count / dense.count > 250)
        #expect(try LZ4Block.decompress(dense, decompressedSize: zeros.count) == zeros)
    }

    @Test func emptyBlockThrows() {
        #expect(throws: LZ4Error.corrupted(reason: "the compressed block is empty")) {
            try LZ4Block.decompress([], decompressedSize: 0)
        }
    }

    @Test func inputBeyondTheBlockLimitThrows() throws {
        // Never touched before the size check, so the pages of this 2 GB buffer are never committed.
        let huge = UnsafeMutableRawBufferPointer.allocate(byteCount: LZ4Block.maxInputSize + 1, alignment: 1)
        defer { huge.deallocate() }
        var output: [UInt8] = []
        #expect(throws: LZ4Error.inputTooLarge(size: LZ4Block.maxInputSize + 1, limit: 2_113_929_216)) {
            try LZ4Block.compress(UnsafeRawBufferPointer(huge), into: &output)
        }
        #expect(output.isEmpty)
    }

    @Test func errorsDescribeThemselves() {
        #expect(LZ4Error.corrupted(reason: "x").description
            == "corrupted LZ4 block: x; the data holding it is damaged and must be restored or rebuilt")
        #expect(LZ4Error.inputTooLarge(size: 3, limit: 2).description.hasPrefix("LZ4 input of 3 bytes exceeds"))
    }
}
