/// Approximate distinct counting for the `cardinality` aggregation, shaped as Elasticsearch's
/// `HyperLogLogPlusPlus`: exact up to a threshold, then a HyperLogLog sketch of fixed size.
///
/// The precision (2^p registers) comes from `precision_threshold` as in Elasticsearch, so the default
/// 3000 gives p = 14: 16 KiB of registers and about 0.8% standard error. Below the switch point
/// (`2^p / 4 × 0.75` distinct values, 3072 for p = 14, always at least the threshold) the sketch keeps
/// the 64-bit hashes themselves and counts them exactly, as Elasticsearch's linear counting does with
/// 32-bit ones. Above it, estimates use Ertl's improved raw estimator ("New cardinality estimation
/// algorithms for HyperLogLog sketches", 2017), which is unbiased over the whole range without the
/// empirical bias tables of HLL++.
///
/// Feed it hashes from ``CardinalityHash``. Merging is exact: merging sketches of parts gives the
/// same sketch as adding everything to one, in any order.
package struct HyperLogLogPlusPlus: Sendable {
    package static let minPrecision = 4
    package static let maxPrecision = 18

    /// `p`: the sketch has `2^p` registers.
    package let precision: Int
    /// Exact phase: the distinct hashes, until there are more than ``exactLimit``; then `nil`.
    private var hashes: Set<UInt64>? = []
    /// HyperLogLog phase: per register, 1 + the leading zeros of the hash bits after the index.
    private var registers: [UInt8] = []

    /// - Precondition: `precision` is in `4...18`.
    package init(precision: Int) {
        precondition((Self.minPrecision...Self.maxPrecision).contains(precision), "precision out of range: \(precision)")
        self.precision = precision
    }

    /// A sketch for a `precision_threshold`.
    package init(precisionThreshold: Int64) {
        self.init(precision: Self.precision(forThreshold: precisionThreshold))
    }

    /// Elasticsearch's `precisionFromThreshold`: enough bits for a hash table of `threshold` 4-byte
    /// entries at load factor 0.75, clamped to 4…18.
    package static func precision(forThreshold threshold: Int64) -> Int {
        let entries = (min(max(threshold, 0), 1 << 40) * 4 + 2) / 3  // ceil(threshold / 0.75)
        let bytes = entries * 4
        let bits = bytes == 0 ? 1 : 64 - bytes.leadingZeroBitCount
        return min(max(bits, minPrecision), maxPrecision)
    }

    /// How many distinct values are counted exactly before switching to registers.
    package var exactLimit: Int { (1 << precision) / 4 * 3 / 4 }

    /// Whether ``estimate`` is still an exact count of distinct hashes.
    package var isExact: Bool { hashes != nil }

    /// Records one value by its 64-bit hash.
    package mutating func add(hash: UInt64) {
        if hashes != nil {
            hashes?.insert(hash)
            if let count = hashes?.count, count > exactLimit { switchToRegisters() }
        } else {
            addToRegisters(hash)
        }
    }

    /// Adds everything `other` has seen; afterwards this sketch equals one fed both streams.
    ///
    /// - Precondition: both sketches have the same precision.
    package mutating func merge(_ other: HyperLogLogPlusPlus) {
        precondition(precision == other.precision, "cannot merge precision \(other.precision) into \(precision)")
        if let otherHashes = other.hashes {
            for hash in otherHashes { add(hash: hash) }
            return
        }
        if hashes != nil { switchToRegisters() }
        for index in registers.indices where other.registers[index] > registers[index] {
            registers[index] = other.registers[index]
        }
    }

    /// The number of distinct values: exact in the exact phase, else the sketch's estimate.
    package var estimate: Int64 {
        if let hashes { return Int64(hashes.count) }
        return Int64(rawEstimate().rounded())
    }

    // MARK: Registers

    private mutating func switchToRegisters() {
        registers = Array(repeating: 0, count: 1 << precision)
        if let hashes {
            for hash in hashes { addToRegisters(hash) }
        }
        hashes = nil
    }

    @inline(__always)
    private mutating func addToRegisters(_ hash: UInt64) {
        let index = Int(truncatingIfNeeded: hash >> UInt64(64 - precision))
        let rest = hash << UInt64(precision)
        let rank = UInt8(min(rest.leadingZeroBitCount, 64 - precision) + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    /// Ertl's improved raw estimator over the register histogram.
    private func rawEstimate() -> Double {
        let q = 64 - precision
        let m = Double(registers.count)
        var histogram = [Double](repeating: 0, count: q + 2)
        for register in registers { histogram[Int(register)] += 1 }
        var z = m * Self.tau((m - histogram[q + 1]) / m)
        for k in stride(from: q, through: 1, by: -1) {
            z += histogram[k]
            z *= 0.5
        }
        z += m * Self.sigma(histogram[0] / m)
        let alphaInfinity = 0.5 / 0.693_147_180_559_945_3  // 1 / (2 ln 2)
        return alphaInfinity * m * m / z
    }

    private static func sigma(_ value: Double) -> Double {
        guard value < 1 else { return .infinity }
        var x = value, y = 1.0, z = value
        while true {
            x *= x
            let previous = z
            z += x * y
            y += y
            if z == previous { return z }
        }
    }

    private static func tau(_ value: Double) -> Double {
        guard value > 0 && value < 1 else { return 0 }
        var x = value, y = 1.0, z = 1 - value
        while true {
            x = x.squareRoot()
            let previous = z
            y *= 0.5
            z -= (1 - x) * (1 - x) * y
            if z == previous { return z / 3 }
        }
    }
}
