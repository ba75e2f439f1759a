import Foundation
import SiftAnalysis
import SiftTestSupport
import Testing

/// An input and its expected tokens, each rendered as `term@start..<end`; the expected position
/// of a token is its index in the list.
struct TokenCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var expected: [String]
    var testDescription: String { name }

    init(_ name: String, _ input: String, _ expected: [String]) {
        self.init(name, bytes: Array(input.utf8), expected)
    }

    init(_ name: String, bytes: [UInt8], _ expected: [String]) {
        (self.name, self.input, self.expected) = (name, bytes, expected)
    }
}

/// Runs `analyzer` over raw bytes, the way the indexer calls it.
func analyze(_ analyzer: Analyzer, _ bytes: [UInt8]) -> [Token] {
    var tokens: [Token] = []
    bytes.withUnsafeBytes { analyzer.analyze($0, into: &tokens) }
    return tokens
}

func builtIn(_ name: String) throws -> Analyzer {
    try AnalyzerRegistry.builtIn.analyzer(named: name)
}

/// `term@start..<end`, the form the expectations are written in.
func render(_ tokens: [Token]) -> [String] {
    tokens.map { "\(String(decoding: $0.term, as: UTF8.self))@\($0.startOffset)..<\($0.endOffset)" }
}

/// Checks rendering and that positions are exactly 0, 1, 2, ….
func expectTokens(
    _ tokens: [Token], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(render(tokens) == expected, sourceLocation: sourceLocation)
    #expect(tokens.map(\.position) == (0..<Int32(tokens.count)).map { $0 }, sourceLocation: sourceLocation)
}

/// The documented lowercasing: Unicode's full mapping, scalar by scalar, no context.
func perScalarLowercased(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        result += scalar.properties.lowercaseMapping
    }
    return result
}

/// The loghub samples shipped next to the repository (`../shared/data/loghub`).
enum Loghub {
    static func directory() -> URL {
        URL(fileURLWithPath: sharedDataPath("loghub"))
    }

    /// The lines of one sample (without line terminators); throws if the file is missing.
    static func lines(_ relativePath: String) throws -> [[UInt8]] {
        let data = try Data(contentsOf: directory().appendingPathComponent(relativePath))
        return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            Array($0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0)
        }
    }

    /// `<System>/<System>_2k.log` for every system in the directory, sorted.
    static func allSamples() throws -> [String] {
        let systems = try FileManager.default.contentsOfDirectory(atPath: directory().path)
        return systems.sorted().compactMap { system in
            let path = "\(system)/\(system)_2k.log"
            return FileManager.default.fileExists(atPath: directory().appendingPathComponent(path).path)
                ? path : nil
        }
    }
}
