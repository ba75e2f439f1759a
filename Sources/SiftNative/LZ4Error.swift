/// Why an ``LZ4Block`` operation failed.
///
/// Decompression never traps on bad input: every malformed, truncated or mis-sized block ends up as
/// ``corrupted(reason:)``, so callers can report the file that held it and carry on.
package enum LZ4Error: Error, Hashable, CustomStringConvertible {
    /// The input to compress is larger than LZ4's block limit (`LZ4_MAX_INPUT_SIZE`, about 2 GB).
    case inputTooLarge(size: Int, limit: Int)
    /// The compressed block is malformed or truncated, or does not decompress to exactly the size the caller
    /// declared (including a negative or impossibly large declared size).
    case corrupted(reason: String)

    package var description: String {
        switch self {
        case let .inputTooLarge(size, limit):
            "LZ4 input of \(size) bytes exceeds the block limit of \(limit) bytes; split it into smaller blocks"
        case let .corrupted(reason):
            "corrupted LZ4 block: \(reason); the data holding it is damaged and must be restored or rebuilt"
        }
    }
}
