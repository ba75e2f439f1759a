/// Analyzers by the names that index mappings use (`"analyzer": "standard"`).
///
/// Swift has no registration at load time, so ``builtIn`` is the one place that lists every
/// built-in analyzer; add new ones there.
package struct AnalyzerRegistry: Sendable {
    /// The analyzer of `text` fields that do not name one, as in Elasticsearch.
    package static let defaultAnalyzerName = "standard"

    /// Every built-in analyzer.
    package static let builtIn: AnalyzerRegistry = {
        var registry = AnalyzerRegistry()
        // Unicode words, log-friendly joins (IPs, dotted names, numbers), lowercased.
        registry.register("standard", Analyzer(tokenizer: StandardTokenizer()))
        // The whole value as one term, unchanged: ids, enums, exact matches.
        registry.register("keyword", Analyzer(tokenizer: KeywordTokenizer()))
        // Split on Unicode white space only; case and punctuation are kept.
        registry.register("whitespace", Analyzer(tokenizer: WhitespaceTokenizer()))
        // Runs of letters, lowercased; digits and punctuation separate.
        registry.register("simple", Analyzer(tokenizer: LetterTokenizer(lowercase: true)))
        return registry
    }()

    private var analyzers: [String: Analyzer] = [:]

    /// Creates an empty registry; most callers want ``builtIn``.
    package init() {}

    /// Registered names, sorted.
    package var names: [String] { analyzers.keys.sorted() }

    /// Adds an analyzer under `name`.
    ///
    /// Registering a name twice is a programming error and traps.
    package mutating func register(_ name: String, _ analyzer: Analyzer) {
        precondition(analyzers[name] == nil, "analyzer '\(name)' registered twice")
        analyzers[name] = analyzer
    }

    /// The analyzer registered as `name`.
    ///
    /// - Throws: ``AnalysisError/unknownAnalyzer(_:known:)`` listing the registered names.
    package func analyzer(named name: String) throws(AnalysisError) -> Analyzer {
        guard let analyzer = analyzers[name] else {
            throw .unknownAnalyzer(name, known: names)
        }
        return analyzer
    }
}
