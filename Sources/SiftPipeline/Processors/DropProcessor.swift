import SiftCore

/// `drop`: discards the document; usually guarded by `if`.
struct DropProcessor: Processor {
    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome { .drop }
}
