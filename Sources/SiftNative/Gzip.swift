import CZlib

/// Decompression of `Content-Encoding: gzip` (and `deflate`) request bodies with zlib, bounded:
/// a body that inflates past `limit` bytes is refused rather than filling memory.
package enum Gzip {
    package enum Failure: Error, Hashable, CustomStringConvertible {
        /// The input is not a complete gzip or zlib stream.
        case corrupted(reason: String)
        /// The decompressed size passed the limit.
        case tooLarge(limit: Int)

        package var description: String {
            switch self {
            case .corrupted(let reason): "invalid compressed body: \(reason)"
            case .tooLarge(let limit): "decompressed body is larger than \(limit) bytes"
            }
        }
    }

    /// Inflates a gzip or zlib stream (told apart by its header); concatenated gzip members are read in turn.
    package static func decompress(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        var stream = z_stream()
        // 15 + 32: the largest window, with automatic gzip/zlib header detection.
        guard czlib_inflate_init(&stream, 15 + 32) == Z_OK else { throw .corrupted(reason: "zlib could not start") }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let failure: Failure? = input.withUnsafeBytes { source -> Failure? in
            stream.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                let status = chunk.withUnsafeMutableBytes { target -> Int32 in
                    stream.next_out = target.bindMemory(to: Bytef.self).baseAddress
                    stream.avail_out = UInt32(target.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                guard output.count + produced <= limit else { return .tooLarge(limit: limit) }
                output += chunk[..<produced]
                switch status {
                case Z_STREAM_END:
                    guard stream.avail_in > 0 else { return nil }
                    inflateReset(&stream)  // another gzip member follows
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 { return .corrupted(reason: "unexpected end of data") }
                case Z_BUF_ERROR:
                    return .corrupted(reason: "unexpected end of data")
                default:
                    return .corrupted(reason: stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}
