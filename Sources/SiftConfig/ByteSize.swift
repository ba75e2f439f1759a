/// A size in bytes written the Elasticsearch way: `512b`, `64kb`, `1.5gb`, `20TB`.
package struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var bytes: Int64

    package init(bytes: Int64) {
        self.bytes = bytes
    }

    private static let units: [(suffix: String, factor: Int64)] = [
        ("pb", 1 << 50), ("tb", 1 << 40), ("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10), ("b", 1),
    ]

    /// Parses `<number><unit>` with unit b, kb, mb, gb, tb or pb (any case, 1024-based); `0` needs no
    /// unit. A fraction is allowed (`1.5gb`), rounded down to whole bytes. Nil for anything else,
    /// negative or beyond `Int64`.
    package init?(parsing text: String) {
        let lowered = text.lowercased().filter { $0 != " " }
        if lowered == "0" {
            self.init(bytes: 0)
            return
        }
        guard let unit = Self.units.first(where: { lowered.hasSuffix($0.suffix) }) else { return nil }
        let number = lowered.dropLast(unit.suffix.count)
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              number.filter({ $0 == "." }).count <= 1, number.first != ".", number.last != "."
        else { return nil }
        if let whole = Int64(number) {
            let (product, overflow) = whole.multipliedReportingOverflow(by: unit.factor)
            guard !overflow else { return nil }
            self.init(bytes: product)
        } else {
            guard let value = Double(number) else { return nil }
            let product = value * Double(unit.factor)
            guard product < 9.2e18 else { return nil }
            self.init(bytes: Int64(product))
        }
    }

    /// The largest unit that divides the size exactly: `1gb`, `1536mb`, `100b`.
    package var description: String {
        if bytes == 0 { return "0b" }
        for unit in Self.units where bytes % unit.factor == 0 {
            return "\(bytes / unit.factor)\(unit.suffix)"
        }
        return "\(bytes)b"
    }

    package static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }
}
