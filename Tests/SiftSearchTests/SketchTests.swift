import Foundation
import Testing

@testable import SiftSearch

/// SplitMix64: a small seeded generator, so every run sees the same data.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// How far `q` is from the ranks `value` occupies in `sorted`: 0 when `q` lies between the fraction
/// of values below `value` and the fraction at or below it (ties span a range of ranks).
private func rankError(of value: Double, at q: Double, in sorted: [Double]) -> Double {
    var low = 0, high = sorted.count
    while low < high {
        let mid = (low + high) / 2
        if sorted[mid] < value { low = mid + 1 } else { high = mid }
    }
    var upper = low
    while upper < sorted.count && sorted[upper] == value { upper += 1 }
    let below = Double(low) / Double(sorted.count), atOrBelow = Double(upper) / Double(sorted.count)
    return q < below ? below - q : q > atOrBelow ? q - atOrBelow : 0
}

/// The middle of the ranks `value` occupies in `sorted`.
private func rank(of value: Double, in sorted: [Double]) -> Double {
    let low = sorted.firstIndex { $0 >= value } ?? sorted.count
    let upper = sorted.firstIndex { $0 > value } ?? sorted.count
    return Double(low + upper) / 2 / Double(sorted.count)
}

private let quantiles: [Double] = [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999]

@Suite struct HyperLogLogPlusPlusTests {
    @Test func hashesMatchMurmur3ReferenceVectors() {
        // From the reference implementation (Python mmh3.hash64, seed 0, first half).
        #expect(CardinalityHash.hash("") == 0)
        #expect(CardinalityHash.hash("hello") == 0xcbd8_a7b3_41bd_9b02)
        #expect(CardinalityHash.hash("abcdefghi") == 0x0547_c0cf_f13c_7964)
        #expect(CardinalityHash.hash("0123456789abcdef") == 0x4be0_6d94_cf4a_d1a7)
        #expect(CardinalityHash.hash("0123456789abcdefX") == 0xcdeb_d2ac_b570_d6f7)
        #expect(CardinalityHash.hash("The quick brown fox jumps over the lazy dog") == 0xe34b_bc7b_bc07_1b6c)
        #expect(CardinalityHash.hash(bytes: [UInt8]("hello".utf8)) == 0xcbd8_a7b3_41bd_9b02)
        #expect(CardinalityHash.mix64(0) == 0)
        #expect(CardinalityHash.hash(Int64(1)) == 0xb456_bcfc_34c2_cb2c)
        #expect(CardinalityHash.hash(Double.nan) == CardinalityHash.hash(-Double.nan))
    }

    @Test func precisionFollowsTheThresholdAsInElasticsearch() {
        #expect(HyperLogLogPlusPlus.precision(forThreshold: 3000) == 14)
        #expect(HyperLogLogPlusPlus.precision(forThreshold: 0) == 4)
        #expect(HyperLogLogPlusPlus.precision(forThreshold: 100) == 10)
        #expect(HyperLogLogPlusPlus.precision(forThreshold: 40_000) == 18)
        #expect(HyperLogLogPlusPlus.precision(forThreshold: .max) == 18)
        #expect(HyperLogLogPlusPlus(precisionThreshold: 3000).exactLimit == 3072)
    }

    @Test func exactBelowTheThreshold() {
        var sketch = HyperLogLogPlusPlus(precisionThreshold: 3000)
        for round in 0..<2 {
            for i in 0..<1000 { sketch.add(hash: CardinalityHash.hash("user-\(i)")) }
            #expect(sketch.estimate == 1000, "round \(round)")
        }
        #expect(sketch.isExact)
        for i in 1000..<3072 { sketch.add(hash: CardinalityHash.hash(Int64(i))) }
        #expect(sketch.isExact)
        #expect(sketch.estimate == 3072)
    }

    @Test(arguments: [5_000, 20_000, 100_000, 400_000])
    func withinTwoPercentAboveTheThreshold(distinct: Int) {
        var generator = SeededGenerator(state: UInt64(distinct))
        var sketch = HyperLogLogPlusPlus(precisionThreshold: 3000)
        let base = Int64.random(in: 0..<1 << 40, using: &generator)
        for i in 0..<distinct {
            sketch.add(hash: CardinalityHash.hash(base + Int64(i)))
            if i % 3 == 0 { sketch.add(hash: CardinalityHash.hash(base + Int64(i))) }  // repeats count once
        }
        #expect(!sketch.isExact)
        let error = abs(Double(sketch.estimate) - Double(distinct)) / Double(distinct)
        #expect(error < 0.02, "estimate \(sketch.estimate) for \(distinct)")
    }

    @Test func mergeEqualsSingleStream() {
        var single = HyperLogLogPlusPlus(precisionThreshold: 3000)
        var parts = Array(repeating: HyperLogLogPlusPlus(precisionThreshold: 3000), count: 4)
        for i in 0..<50_000 {
            let hash = CardinalityHash.hash("host-\(i % 37_000)")
            single.add(hash: hash)
            // Part 3 stays small (exact) to cover merging exact sketches into register sketches.
            parts[i % 4 == 3 && i > 2_000 ? 0 : i % 4].add(hash: hash)
        }
        #expect(parts[3].isExact)
        var merged = HyperLogLogPlusPlus(precisionThreshold: 3000)
        for part in parts.reversed() { merged.merge(part) }
        #expect(merged.estimate == single.estimate)
        var other = parts[3]
        for part in parts.dropLast() { other.merge(part) }
        #expect(other.estimate == single.estimate)

        var smallA = HyperLogLogPlusPlus(precisionThreshold: 3000)
        var smallB = HyperLogLogPlusPlus(precisionThreshold: 3000)
        for i in 0..<500 { smallA.add(hash: CardinalityHash.hash(Int64(i))) }
        for i in 250..<700 { smallB.add(hash: CardinalityHash.hash(Int64(i))) }
        smallA.merge(smallB)
        #expect(smallA.isExact)
        #expect(smallA.estimate == 700)

        // Two exact sketches whose union passes the switch point (192 for threshold 100).
        var left = HyperLogLogPlusPlus(precisionThreshold: 100)
        var right = HyperLogLogPlusPlus(precisionThreshold: 100)
        var both = HyperLogLogPlusPlus(precisionThreshold: 100)
        for i in 0..<150 { left.add(hash: CardinalityHash.hash(Int64(i))); both.add(hash: CardinalityHash.hash(Int64(i))) }
        for i in 150..<300 { right.add(hash: CardinalityHash.hash(Int64(i))); both.add(hash: CardinalityHash.hash(Int64(i))) }
        #expect(left.isExact && right.isExact && !both.isExact)
        left.merge(right)
        #expect(!left.isExact)
        #expect(left.estimate == both.estimate)
    }
}

@Suite struct TDigestTests {
    @Test func smallCountsAreExact() {
        var digest = TDigest()
        #expect(digest.quantile(0.5).isNaN)
        for value in [50.0, 10, 40, 20, 30] { digest.add(value) }
        let expected: [Double] = [10, 15, 20, 30, 45, 50]
        #expect([0, 0.125, 0.25, 0.5, 0.875, 1].map { digest.quantile($0) } == expected)
        #expect(digest.count == 5)
        var single = TDigest()
        single.add(42)
        #expect([0, 0.3, 1].map { single.quantile($0) } == [42, 42, 42])
    }

    @Test(arguments: ["uniform", "exponential", "lognormal", "sorted", "reversed", "few distinct"])
    func withinOnePercentRankError(distribution: String) {
        var generator = SeededGenerator(state: 7)
        var data: [Double] = []
        for i in 0..<100_000 {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            switch distribution {
            case "exponential": data.append(-log(u) * 250)
            case "lognormal":
                let v = Double.random(in: 0..<1, using: &generator)
                data.append(exp(2 * (-2 * log(u)).squareRoot() * cos(2 * .pi * v)))
            case "sorted": data.append(Double(i))
            case "reversed": data.append(Double(100_000 - i))
            case "few distinct": data.append(Double(Int(u * 20)))
            default: data.append(u * 1000)
            }
        }
        var digest = TDigest()
        for value in data { digest.add(value) }
        let sorted = data.sorted()
        #expect(digest.quantile(0) == sorted[0])
        #expect(digest.quantile(1) == sorted[sorted.count - 1])
        #expect(digest.count == 100_000)
        let errors = quantiles.map { rankError(of: digest.quantile($0), at: $0, in: sorted) }
        #expect(errors.allSatisfy { $0 <= 0.01 }, "rank errors \(errors)")
    }

    @Test func mergeMatchesSingleStream() {
        var generator = SeededGenerator(state: 11)
        var single = TDigest()
        var parts = Array(repeating: TDigest(), count: 10)
        var data: [Double] = []
        for i in 0..<100_000 {
            let value = -log(Double.random(in: Double.ulpOfOne..<1, using: &generator)) * 40
            data.append(value)
            single.add(value)
            parts[i < 300 ? 9 : i % 9].add(value)  // part 9 stays exact
        }
        var merged = TDigest()
        for part in parts { merged.merge(part) }
        let sorted = data.sorted()
        #expect(merged.count == single.count)
        #expect(merged.quantile(0) == single.quantile(0))
        #expect(merged.quantile(1) == single.quantile(1))
        for q in quantiles {
            #expect(rankError(of: merged.quantile(q), at: q, in: sorted) <= 0.01, "merged q=\(q)")
            let gap = rank(of: merged.quantile(q), in: sorted) - rank(of: single.quantile(q), in: sorted)
            #expect(abs(gap) <= 0.01, "merged and single differ at q=\(q)")
        }

        var smallA = TDigest(), smallB = TDigest(), smallAll = TDigest()
        for value in [3.0, 9, 1] { smallA.add(value); smallAll.add(value) }
        for value in [7.0, 5] { smallB.add(value); smallAll.add(value) }
        smallA.merge(smallB)
        #expect(quantiles.map { smallA.quantile($0) } == quantiles.map { smallAll.quantile($0) })
    }
}
