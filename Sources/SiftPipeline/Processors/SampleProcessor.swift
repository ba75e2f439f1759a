import SiftConfig
import SiftCore

/// `sample` (Sift's own): keeps about `rate` of the documents and drops the rest, deterministically.
///
/// The decision is a stable hash (FNV-1a, then a 64-bit finaliser) of the value of `field`
/// (default `trace.id`) compared with `rate`, so every document of one trace is kept or dropped
/// together, on every run and every node. A document without that field is decided by a hash of
/// its `message`, and failing that of its whole JSON text: still deterministic, but per document.
/// Options: `rate` (required, 0...1), `field`.
struct SampleProcessor: Processor {
    let field: FieldPath
    /// Keep when the hash is below this; `nil` keeps everything (rate 1).
    let threshold: UInt64?

    private static let messagePath: FieldPath = "message"

    init(options: inout ComponentOptions) throws(ConfigError) {
        guard let rate = try options.double("rate") else { throw options.error("rate", "required property is missing") }
        guard (0...1).contains(rate) else { throw options.error("rate", "must be between 0 and 1, got \(rate)") }
        field = FieldPath(try options.string("field") ?? "trace.id")
        // 2^64 * rate, computed in Double; rate 1 keeps all.
        threshold = rate >= 1 ? nil : UInt64(rate * 18_446_744_073_709_551_616.0)
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        guard let threshold else { return .keep }
        let key = document[field] ?? document[Self.messagePath]
        let hash: UInt64
        switch key {
        case .string(let text)?: hash = Self.hash(text.utf8)
        case let value? where !value.isNull: hash = Self.hash(value.jsonBytes())
        default: hash = Self.hash(document.jsonBytes())
        }
        return hash < threshold ? .keep : .drop
    }

    /// FNV-1a over the bytes, finished with SplitMix64's mixer so that similar ids spread evenly.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01b3
        }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}
