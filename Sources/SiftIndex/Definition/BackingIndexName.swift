/// Names of the backing indices behind a rolled-over index: `logs-000001`, `logs-000002`, ...
/// (the generation zero-padded to six digits, as Elasticsearch's rollover names them).
package enum BackingIndexName {
    /// `<base>-<generation, at least six digits>`.
    /// - Precondition: `generation >= 1`.
    package static func make(_ base: String, generation: Int) -> String {
        precondition(generation >= 1, "backing index generations start at 1")
        let digits = String(generation)
        return base + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The base and generation of a name that ``make(_:generation:)`` produces; nil for other names
    /// (`logs`, `logs-1`, `logs-000000`).
    package static func parse(_ name: String) -> (base: String, generation: Int)? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let base = String(name[..<dash])
        let digits = name[name.index(after: dash)...]
        guard !base.isEmpty, digits.count >= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let generation = Int(digits), generation >= 1, make(base, generation: generation) == name
        else { return nil }
        return (base, generation)
    }
}
