import SiftIndex
import SiftTestSupport
import Testing

@Suite struct CRC32CTests {
    @Test func checkValueOfTheDigitsOneToNineIsE3069283() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test func emptyInputChecksumsToZero() {
        #expect(CRC32C.checksum([]) == 0)
        #expect(CRC32C().value == 0)
        var crc = CRC32C()
        crc.update(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(crc.value == 0)
    }

    /// RFC 3720 (iSCSI), appendix B.4.
    static let iscsiVectors: [(bytes: [UInt8], expected: UInt32)] = [
        ([UInt8](repeating: 0x00, count: 32), 0x8A91_36AA),
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).reversed().map { UInt8($0) }, 0x113F_DB5C),
    ]

    @Test(arguments: iscsiVectors)
    func rfc3720Vectors(bytes: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(bytes) == expected)
        bytes.withUnsafeBytes { #expect(CRC32C.checksum($0) == expected) }
    }

    @Test func matchesTheBitwiseDefinitionForEveryLengthUpTo64() {
        var generator = SplitMix64(seed: 7)
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(CRC32C.checksum(bytes) == bitwiseCRC32C(bytes), "length \(length)")
        }
    }

    @Test(arguments: [1, 2, 3, 100])
    func incrementalUpdatesAtRandomSplitsEqualOneShot(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let bytes = (0..<4_099).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let expected = CRC32C.checksum(bytes)
        for _ in 0..<50 {
            var crc = CRC32C()
            var start = 0
            bytes.withUnsafeBytes { all in
                while start < all.count {
                    let end = min(all.count, start + Int(generator.next() % 40))
                    crc.update(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                    start = end
                }
            }
            #expect(crc.value == expected)
        }
    }

    @Test func oneByteAtATimeEqualsOneShot() {
        let bytes = Array("Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root".utf8)
        var crc = CRC32C()
        bytes.withUnsafeBytes { all in
            for i in all.indices { crc.update(UnsafeRawBufferPointer(rebasing: all[i..<(i + 1)])) }
        }
        #expect(crc.value == CRC32C.checksum(bytes))
        #expect(crc.value == bitwiseCRC32C(bytes))
    }

    @Test func aFlippedBitChangesTheChecksum() {
        var bytes = Array("[length][crc32c][payload]".utf8)
        let before = CRC32C.checksum(bytes)
        bytes[5] ^= 0x10
        #expect(CRC32C.checksum(bytes) != before)
    }
}

/// The textbook one-bit-at-a-time CRC-32C, an independent reference for the table version.
private func bitwiseCRC32C(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
        }
    }
    return ~crc
}

