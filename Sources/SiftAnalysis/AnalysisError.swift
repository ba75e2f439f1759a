/// Errors of the analysis module: all of them are configuration mistakes.
package enum AnalysisError: Error, CustomStringConvertible, Equatable {
    /// A mapping or query named an analyzer that is not registered.
    case unknownAnalyzer(String, known: [String])

    /// Tells the operator which names would have worked.
    package var description: String {
        switch self {
        case let .unknownAnalyzer(name, known):
            "unknown analyzer '\(name)'; known analyzers: \(known.joined(separator: ", ")). "
                + "Set the field's analyzer in the index mapping to one of these."
        }
    }
}
