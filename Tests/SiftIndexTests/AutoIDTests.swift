import SiftCore
import SiftIndex
import SiftTestSupport
import Testing

private let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
private let node: [UInt8] = [0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6]

@Suite struct AutoIDTests {
    @Test func idsAreTwentyURLSafeCharacters() {
        var generator = AutoIDGenerator()
        for i in 0..<1_000 {
            let id = generator.next(nowMillis: 1_700_000_000_000 + Int64(i / 10))
            #expect(id.utf8.count == 20)
            #expect(id.utf8.allSatisfy { alphabet.contains($0) })
        }
    }

    @Test func idEncodesTimeSequenceAndNode() {
        var bytes = AutoIDGenerator(nodeBytes: node)
        var strings = AutoIDGenerator(nodeBytes: node)
        let millis: Int64 = 0x0123_4567_89AB
        #expect(bytes.nextBytes(nowMillis: millis) == [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0, 0, 0] + node)
        #expect(bytes.nextBytes(nowMillis: millis) == [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0, 0, 1] + node)
        #expect(strings.next(nowMillis: millis) == Base64URL.encode([0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0, 0, 0] + node))
        #expect(strings.next(nowMillis: millis) == "ASNFZ4mrAAABobLD1OX2")
    }

    @Test func hundredThousandIdsAreUnique() {
        var generator = AutoIDGenerator()
        var seen = Set<String>()
        for i in 0..<100_000 { seen.insert(generator.next(nowMillis: 1_700_000_000_000 + Int64(i / 1_000))) }
        #expect(seen.count == 100_000)
    }

    @Test func idsOfTheSameMillisecondShareAPrefix() {
        var generator = AutoIDGenerator(nodeBytes: node)
        let ids = (0..<64).map { _ in generator.next(nowMillis: 1_700_000_000_000) }
        #expect(Set(ids).count == 64)
        // 6 time bytes are 8 characters; sequence numbers below 64 also leave the next 3 unchanged.
        #expect(Set(ids.map { $0.prefix(11) }).count == 1)
    }

    @Test func clockGoingBackwardsStillGivesUniqueIncreasingIds() {
        var generator = AutoIDGenerator(nodeBytes: node)
        var random = SplitMix64(seed: 7)
        var previous: [UInt8] = []
        var seen = Set<[UInt8]>()
        for _ in 0..<10_000 {
            let now = 1_700_000_000_000 + Int64(random.next() % 50)  // jitters back and forth
            let id = generator.nextBytes(nowMillis: now)
            #expect(id.lexicographicallyPrecedes(previous) == false && id != previous)
            seen.insert(id)
            previous = id
        }
        #expect(seen.count == 10_000)
    }

    @Test func laterMillisecondsCompareGreaterAsRawBytes() {
        var generator = AutoIDGenerator()
        var previous = generator.nextBytes(nowMillis: 1_000)
        for millis in stride(from: Int64(1_001), to: 3_000, by: 7) {
            for _ in 0..<3 {
                let id = generator.nextBytes(nowMillis: millis)
                #expect(previous.lexicographicallyPrecedes(id))
                previous = id
            }
        }
        var later = AutoIDGenerator()  // another node: the time still orders
        #expect(generator.nextBytes(nowMillis: 2_000).lexicographicallyPrecedes(later.nextBytes(nowMillis: 5_000)))
    }

    @Test func exhaustedSequenceBorrowsTheNextMillisecond() {
        var generator = AutoIDGenerator(nodeBytes: node)
        var last: [UInt8] = []
        for _ in 0..<(1 << 24) + 1 { last = generator.nextBytes(nowMillis: 10) }
        #expect(last == [0, 0, 0, 0, 0, 11, 0, 0, 0] + node)
        #expect(generator.nextBytes(nowMillis: 10) == [0, 0, 0, 0, 0, 11, 0, 0, 1] + node)
        #expect(generator.nextBytes(nowMillis: 12) == [0, 0, 0, 0, 0, 12, 0, 0, 0] + node)
    }
}
