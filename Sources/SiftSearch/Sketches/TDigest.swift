/// Quantile sketch for the `percentiles` aggregation: a merging t-digest (Dunning and Ertl,
/// "Computing extremely accurate quantiles using t-digests", 2019).
///
/// Like Elasticsearch 8.9+'s hybrid digest, it keeps every value while there are few
/// (at most `5 × compression`) and answers exactly, interpolating linearly between the closest
/// ranks; past that it clusters values into centroids whose size is bounded by the arcsine scale
/// function, so the extremes stay nearly exact and the middle is accurate to well under 1% in rank.
/// `min` and `max` are always exact, and `quantile(0)`/`quantile(1)` return them.
package struct TDigest: Sendable {
    /// δ: larger keeps more centroids (about δ / 2) and is more accurate.
    package let compression: Double
    /// Values kept exactly until there are more than this many.
    private let exactLimit: Int
    /// Exact phase: every value, unsorted; `nil` once clustered.
    private var values: [Double]? = []
    /// Clustered phase: centroids sorted by mean.
    private var means: [Double] = []
    private var weights: [Double] = []
    /// Clustered phase: points not merged into the centroids yet.
    private var bufferMeans: [Double] = []
    private var bufferWeights: [Double] = []
    private let bufferLimit: Int
    /// cos θ and sin θ of θ = 2π / δ, one step of the scale function (see `nextQuantileLimit(after:)`).
    private let stepCosine: Double
    private let stepSine: Double

    /// How many values were added (merges included).
    package private(set) var count: Int64 = 0
    /// The smallest value added; `+infinity` when empty.
    package private(set) var min = Double.infinity
    /// The largest value added; `-infinity` when empty.
    package private(set) var max = -Double.infinity

    /// - Parameter compression: Elasticsearch's `tdigest.compression` (default 100); at least 10 is used.
    package init(compression: Double = 100) {
        self.compression = Swift.max(compression, 10)
        exactLimit = Int(5 * self.compression)
        bufferLimit = Int(10 * self.compression)
        let step = 2 * Double.pi / self.compression
        (stepCosine, stepSine) = Self.cosineAndSine(step)
    }

    /// Records one value; NaN is ignored.
    package mutating func add(_ value: Double) {
        guard !value.isNaN else { return }
        count += 1
        if value < min { min = value }
        if value > max { max = value }
        if values != nil {
            values?.append(value)
            if count > Int64(exactLimit) { startClustering() }
            return
        }
        bufferMeans.append(value)
        bufferWeights.append(1)
        if bufferMeans.count >= bufferLimit { compress() }
    }

    /// Adds everything `other` has seen. The result answers as a digest of both streams would, within
    /// the sketch's accuracy (exactly while both are small).
    package mutating func merge(_ other: TDigest) {
        guard other.count > 0 else { return }
        count += other.count
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        if values != nil, let otherValues = other.values, count <= Int64(exactLimit) {
            values?.append(contentsOf: otherValues)
            return
        }
        if values != nil { startClustering() }
        if let otherValues = other.values {
            bufferMeans.append(contentsOf: otherValues)
            bufferWeights.append(contentsOf: repeatElement(1, count: otherValues.count))
        } else {
            bufferMeans.append(contentsOf: other.means + other.bufferMeans)
            bufferWeights.append(contentsOf: other.weights + other.bufferWeights)
        }
        compress()
    }

    /// The value below which a fraction `q` of the values lie (`q` in 0...1, clamped); NaN when empty.
    package func quantile(_ q: Double) -> Double {
        guard count > 0 else { return .nan }
        let q = Swift.min(Swift.max(q, 0), 1)
        if q == 0 { return min }
        if q == 1 { return max }
        if let values { return Self.exactQuantile(q, values.sorted()) }
        var digest = self
        digest.compress()
        return digest.clusteredQuantile(q)
    }

    /// Elasticsearch's `SortingDigest`: linear interpolation between the closest ranks.
    private static func exactQuantile(_ q: Double, _ sorted: [Double]) -> Double {
        let index = q * Double(sorted.count - 1)
        let low = Int(index.rounded(.down))
        guard low + 1 < sorted.count else { return sorted[sorted.count - 1] }
        let fraction = index - Double(low)
        return sorted[low] + fraction * (sorted[low + 1] - sorted[low])
    }

    // MARK: Clustering

    private mutating func startClustering() {
        guard let pending = values else { return }
        values = nil
        bufferMeans.append(contentsOf: pending)
        bufferWeights.append(contentsOf: repeatElement(1, count: pending.count))
        compress()
    }

    /// Merges the buffer into the centroids in one sorted pass.
    private mutating func compress() {
        guard !bufferMeans.isEmpty else { return }
        let allMeans = means + bufferMeans
        let allWeights = weights + bufferWeights
        bufferMeans.removeAll(keepingCapacity: true)
        bufferWeights.removeAll(keepingCapacity: true)
        let order = allMeans.indices.sorted { allMeans[$0] < allMeans[$1] }
        let total = allWeights.reduce(0, +)

        var mergedMeans: [Double] = []
        var mergedWeights: [Double] = []
        mergedMeans.reserveCapacity(Int(compression))
        mergedWeights.reserveCapacity(Int(compression))
        var currentMean = allMeans[order[0]]
        var currentWeight = allWeights[order[0]]
        var weightSoFar = 0.0
        var weightLimit = total * nextQuantileLimit(after: 0)
        for index in order.dropFirst() {
            let mean = allMeans[index], weight = allWeights[index]
            if weightSoFar + currentWeight + weight <= weightLimit {
                currentWeight += weight
                currentMean += (mean - currentMean) * weight / currentWeight
            } else {
                weightSoFar += currentWeight
                mergedMeans.append(currentMean)
                mergedWeights.append(currentWeight)
                weightLimit = total * nextQuantileLimit(after: weightSoFar / total)
                currentMean = mean
                currentWeight = weight
            }
        }
        mergedMeans.append(currentMean)
        mergedWeights.append(currentWeight)
        means = mergedMeans
        weights = mergedWeights
    }

    /// One step of the arcsine scale function k₁(q) = δ / 2π · asin(2q − 1): the quantile `q'` with
    /// k₁(q') = k₁(q) + 1, so that no centroid spans more than one unit of k₁. With s = 2q − 1 and
    /// θ = 2π / δ that is (sin(asin s + θ) + 1) / 2 = (s cos θ + √(1 − s²) sin θ + 1) / 2, or 1 once
    /// asin s + θ passes π/2; no trigonometry per call, and none from outside the standard library.
    private func nextQuantileLimit(after q: Double) -> Double {
        let s = Swift.min(Swift.max(2 * q - 1, -1), 1)
        if s > stepCosine { return 1 }
        return (s * stepCosine + (1 - s * s).squareRoot() * stepSine + 1) / 2
    }

    /// cos x and sin x by their Taylor series, exact to double precision for |x| ≤ 2π / 10.
    private static func cosineAndSine(_ x: Double) -> (Double, Double) {
        var cosine = 1.0, sine = x
        var cosineTerm = 1.0, sineTerm = x
        for n in 1...12 {
            cosineTerm *= -x * x / Double((2 * n - 1) * (2 * n))
            sineTerm *= -x * x / Double((2 * n) * (2 * n + 1))
            cosine += cosineTerm
            sine += sineTerm
        }
        return (cosine, sine)
    }

    /// Interpolates between centroids, treating single-value centroids as exact points and
    /// running the outer halves of the end centroids out to `min` and `max` (t-digest's `quantile`).
    private func clusteredQuantile(_ q: Double) -> Double {
        let n = means.count
        let total = Double(count)
        if n == 1 { return means[0] }
        let index = q * total
        if index < 1 { return min }
        if weights[0] > 1 && index < weights[0] / 2 {
            return min + (index - 1) / (weights[0] / 2 - 1) * (means[0] - min)
        }
        if index > total - 1 { return max }
        if weights[n - 1] > 1 && total - index <= weights[n - 1] / 2 {
            return max - (total - index - 1) / (weights[n - 1] / 2 - 1) * (max - means[n - 1])
        }
        var weightSoFar = weights[0] / 2
        for i in 0..<(n - 1) {
            let gap = (weights[i] + weights[i + 1]) / 2
            if weightSoFar + gap > index {
                var leftUnit = 0.0
                if weights[i] == 1 {
                    if index - weightSoFar < 0.5 { return means[i] }
                    leftUnit = 0.5
                }
                var rightUnit = 0.0
                if weights[i + 1] == 1 {
                    if weightSoFar + gap - index <= 0.5 { return means[i + 1] }
                    rightUnit = 0.5
                }
                let toLeft = index - weightSoFar - leftUnit
                let toRight = weightSoFar + gap - index - rightUnit
                return Self.weightedAverage(means[i], toRight, means[i + 1], toLeft)
            }
            weightSoFar += gap
        }
        let toLast = index - weightSoFar
        return Self.weightedAverage(means[n - 1], weights[n - 1] / 2 - toLast, max, toLast)
    }

    /// `(x1·w1 + x2·w2) / (w1 + w2)`, kept between `x1` and `x2` despite rounding.
    private static func weightedAverage(_ x1: Double, _ w1: Double, _ x2: Double, _ w2: Double) -> Double {
        let total = w1 + w2
        guard total > 0 else { return (x1 + x2) / 2 }
        let value = (x1 * w1 + x2 * w2) / total
        return Swift.min(Swift.max(value, Swift.min(x1, x2)), Swift.max(x1, x2))
    }
}
