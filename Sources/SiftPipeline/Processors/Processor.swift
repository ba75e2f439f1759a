import SiftCore

/// What a processor decided about a document.
package enum ProcessorOutcome: Sendable, Hashable {
    /// Pass the document on to the next processor (and in the end to the outputs).
    case keep
    /// Discard the document: the rest of the chain is skipped and nothing is output.
    case drop
}

/// Why one document could not be processed. A per-document outcome, not a configuration problem:
/// ``ProcessorChain`` turns it into tags and `error.message` (or runs `on_failure`) and keeps going.
package struct ProcessorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, worded for the operator; becomes `error.message` on the document.
    package var message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }

    /// Elasticsearch's wording for a path that does not resolve.
    static func missingField(_ path: FieldPath) -> ProcessorError {
        ProcessorError("field [\(path)] not present as part of path [\(path)]")
    }
}

extension Document {
    /// The value a processor reads from `field`: nil when it is missing or null and `ignoreMissing`
    /// (the processor then leaves the document alone), else a missing-field error.
    func input(_ field: FieldPath, ignoreMissing: Bool) throws(ProcessorError) -> JSONValue? {
        guard let value = self[field], !value.isNull else {
            if ignoreMissing { return nil }
            throw .missingField(field)
        }
        return value
    }

    /// ``input(_:ignoreMissing:)`` for processors that read text: anything but a string is an error.
    func textInput(_ field: FieldPath, ignoreMissing: Bool) throws(ProcessorError) -> String? {
        guard let value = try input(field, ignoreMissing: ignoreMissing) else { return nil }
        guard case .string(let text) = value else {
            throw ProcessorError("field [\(field)] of type [\(value.typeName)] cannot be cast to [string]")
        }
        return text
    }
}

/// One step of a pipeline: reads and rewrites a document in place.
///
/// Built once from configuration (everything fallible about the configuration, such as compiling a
/// pattern, happens then) and shared by every task that runs the pipeline, hence `Sendable`.
/// Per-document problems throw ``ProcessorError``; the chain decides what to do with them.
package protocol Processor: Sendable {
    /// Processes one document.
    ///
    /// - Returns: ``ProcessorOutcome/drop`` to discard the document, else ``ProcessorOutcome/keep``.
    /// - Throws: ``ProcessorError`` when this document cannot be processed; changes already made to
    ///   `document` stay, as in Elasticsearch.
    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome
}
