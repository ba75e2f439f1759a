import CLZ4

/// LZ4 *block* compression (not the LZ4 frame format): a compressed block carries neither its own length
/// nor its decompressed size, so the container that stores blocks must record both.
///
/// Decompression uses only `LZ4_decompress_safe`, which never reads outside the compressed block nor writes
/// beyond the declared size. Every failure, including a block that decodes to a size other than the one
/// declared, throws ``LZ4Error/corrupted(reason:)``; nothing here traps on bad input.
package enum LZ4Block {
    /// The largest input one block can hold (`LZ4_MAX_INPUT_SIZE`, 2 113 929 216 bytes).
    package static let maxInputSize = Int(LZ4_MAX_INPUT_SIZE)

    /// LZ4 emits at most 255 output bytes per compressed byte (a match-length byte adds at most 255; a token
    /// plus offset adds at most 19), so a larger declared size can only come from corruption and is rejected
    /// before anything is allocated.
    static let maxExpansionRatio = 255

    /// Compresses `input` as one LZ4 block and appends it to `output`.
    ///
    /// - Returns: The number of bytes appended, which the caller must store to read the block back.
    /// - Throws: ``LZ4Error/inputTooLarge(size:limit:)`` if `input` exceeds ``maxInputSize``.
    package static func compress(
        _ input: UnsafeRawBufferPointer, into output: inout [UInt8]
    ) throws(LZ4Error) -> Int {
        guard input.count <= maxInputSize else {
            throw .inputTooLarge(size: input.count, limit: maxInputSize)
        }
        let inputSize = Int32(input.count)  // exact: checked against LZ4_MAX_INPUT_SIZE above
        let bound = Int(LZ4_compressBound(inputSize))
        let written = appendBytes(to: &output, capacity: bound) { destination in
            withBaseAddress(input) { source in
                withBaseAddress(destination) { target in
                    Int(LZ4_compress_default(source, target, inputSize, Int32(bound)))
                }
            }
        }
        // LZ4 guarantees success when the destination holds LZ4_compressBound bytes, and the size was
        // checked above, so 0 here would be a broken liblz4, not bad input.
        precondition(written > 0, "LZ4_compress_default failed despite a compressBound-sized destination")
        return written
    }

    /// Compresses `input` as one LZ4 block.
    ///
    /// - Throws: ``LZ4Error/inputTooLarge(size:limit:)`` if `input` exceeds ``maxInputSize``.
    package static func compress(_ input: [UInt8]) throws(LZ4Error) -> [UInt8] {
        var output: [UInt8] = []
        let result = input.withUnsafeBytes { bytes -> Result<Int, LZ4Error> in
            Result { () throws(LZ4Error) in try compress(bytes, into: &output) }
        }
        _ = try result.get()
        return output
    }

    /// Decompresses one LZ4 block and appends exactly `decompressedSize` bytes to `output`.
    ///
    /// `input` must be the whole block, no more and no less. On failure `output` is left as it was.
    ///
    /// - Parameter decompressedSize: The size recorded when the block was written.
    /// - Throws: ``LZ4Error/corrupted(reason:)`` if the block is malformed or truncated, if it decodes to a
    ///   different size, or if `decompressedSize` is negative or larger than any block of `input.count` bytes
    ///   can produce.
    package static func decompress(
        _ input: UnsafeRawBufferPointer, decompressedSize: Int, into output: inout [UInt8]
    ) throws(LZ4Error) {
        guard decompressedSize >= 0 else {
            throw .corrupted(reason: "declared decompressed size \(decompressedSize) is negative")
        }
        guard !input.isEmpty else {
            throw .corrupted(reason: "the compressed block is empty")
        }
        // Both limits keep the Int32 conversions below exact and refuse absurd allocations.
        guard input.count <= Int(Int32.max),
              decompressedSize <= maxInputSize,
              decompressedSize / maxExpansionRatio <= input.count
        else {
            throw .corrupted(
                reason: "declared decompressed size \(decompressedSize) is impossible "
                    + "for a block of \(input.count) bytes")
        }
        let decoded = appendBytes(to: &output, capacity: decompressedSize) { destination in
            withBaseAddress(input) { source in
                withBaseAddress(destination) { target in
                    Int(LZ4_decompress_safe(source, target, Int32(input.count), Int32(decompressedSize)))
                }
            }
        }
        guard decoded >= 0 else {
            throw .corrupted(reason: "LZ4_decompress_safe rejected the block (code \(decoded))")
        }
        guard decoded == decompressedSize else {
            output.removeLast(decoded)
            throw .corrupted(reason: "block decoded to \(decoded) bytes, expected \(decompressedSize)")
        }
    }

    /// Decompresses one LZ4 block of exactly `decompressedSize` bytes.
    ///
    /// - Throws: ``LZ4Error/corrupted(reason:)`` as ``decompress(_:decompressedSize:into:)`` does.
    package static func decompress(_ input: [UInt8], decompressedSize: Int) throws(LZ4Error) -> [UInt8] {
        var output: [UInt8] = []
        let result = input.withUnsafeBytes { bytes -> Result<Void, LZ4Error> in
            Result { () throws(LZ4Error) in try decompress(bytes, decompressedSize: decompressedSize, into: &output) }
        }
        try result.get()
        return output
    }

    /// Grows `output` by up to `capacity` bytes that `body` fills, keeping only the bytes it reports written.
    ///
    /// `body` returns the count it wrote (at most `capacity`) or a negative code; on a negative code `output`
    /// keeps its old contents and the code is returned unchanged.
    private static func appendBytes(
        to output: inout [UInt8], capacity: Int, _ body: (UnsafeMutableRawBufferPointer) -> Int
    ) -> Int {
        if output.isEmpty {
            // Fresh buffer: skip zero-filling bytes LZ4 is about to overwrite.
            var result = 0
            output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                result = body(UnsafeMutableRawBufferPointer(buffer))
                initialized = min(max(result, 0), capacity)
            }
            return result
        }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: capacity))
        let result = output.withUnsafeMutableBytes { bytes in
            body(UnsafeMutableRawBufferPointer(rebasing: bytes[start...]))
        }
        output.removeLast(capacity - min(max(result, 0), capacity))
        return result
    }

    /// Calls `body` with the buffer's start as a C `char` pointer; an empty buffer, whose base address may be
    /// nil, gets a valid dummy pointer instead because liblz4 does not accept null even for zero lengths.
    private static func withBaseAddress<R>(
        _ buffer: UnsafeRawBufferPointer, _ body: (UnsafePointer<CChar>) -> R
    ) -> R {
        if let base = buffer.baseAddress {
            // UInt8 and CChar (Int8) are layout-compatible "related types", which Swift lets alias.
            return body(base.assumingMemoryBound(to: CChar.self))
        }
        var placeholder: CChar = 0
        return withUnsafePointer(to: &placeholder) { body($0) }
    }

    private static func withBaseAddress<R>(
        _ buffer: UnsafeMutableRawBufferPointer, _ body: (UnsafeMutablePointer<CChar>) -> R
    ) -> R {
        if let base = buffer.baseAddress {
            return body(base.assumingMemoryBound(to: CChar.self))
        }
        var placeholder: CChar = 0
        return withUnsafeMutablePointer(to: &placeholder) { body($0) }
    }
}
