import SiftNative
import Testing

@Suite struct GzipTests {
    /// `printf 'hello gzip\n' | gzip -n`.
    static let helloGzip: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57,
        0x48, 0xaf, 0xca, 0x2c, 0xe0, 0x02, 0x00, 0x39, 0x7c, 0x63, 0x56, 0x0b, 0x00, 0x00, 0x00,
    ]

    @Test func inflatesGzipAndConcatenatedMembers() throws {
        #expect(try Gzip.decompress(Self.helloGzip, limit: 100) == Array("hello gzip\n".utf8))
        #expect(try Gzip.decompress(Self.helloGzip + Self.helloGzip, limit: 100) == Array("hello gzip\nhello gzip\n".utf8))
    }

    @Test func refusesTruncatedDamagedAndOversizedInput() {
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array(Self.helloGzip.dropLast(6)), limit: 100) }
        var damaged = Self.helloGzip
        damaged[12] ^= 0xFF
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(damaged, limit: 100) }
        #expect(throws: Gzip.Failure.tooLarge(limit: 5)) { try Gzip.decompress(Self.helloGzip, limit: 5) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array("not compressed".utf8), limit: 100) }
    }
}
