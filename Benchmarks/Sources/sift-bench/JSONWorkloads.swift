import SiftCore

/// The first workload of the foundation issue: NDJSON log lines to `Document`s and back.
enum JSONWorkloads {
    /// Parses every line into a `Document` (and drops it), as ingest does before indexing.
    static func parse(_ corpus: Corpus, iterations: Int) throws -> Measurement {
        var fields = 0
        let seconds = try bestTime(iterations: iterations) {
            fields = 0
            try corpus.bytes.withUnsafeBytes { buffer in
                for line in corpus.lines {
                    let document = try Document(parsing: UnsafeRawBufferPointer(rebasing: buffer[line]))
                    fields &+= document.fields.count
                }
            }
        }
        precondition(fields > corpus.lines.count, "every line of the corpus has several fields")
        return Measurement(name: "parse NDJSON → Document", documents: corpus.lines.count, bytes: corpus.bytes.count, seconds: seconds)
    }

    /// Serialises parsed documents back to compact JSON into one reused buffer.
    static func serialise(_ corpus: Corpus, iterations: Int) throws -> Measurement {
        let documents = try corpus.bytes.withUnsafeBytes { buffer in
            try corpus.lines.map { try Document(parsing: UnsafeRawBufferPointer(rebasing: buffer[$0])) }
        }
        var output: [UInt8] = []
        output.reserveCapacity(1 << 16)
        var written = 0
        let seconds = bestTime(iterations: iterations) {
            written = 0
            for document in documents {
                output.removeAll(keepingCapacity: true)
                document.write(to: &output)
                written &+= output.count
            }
        }
        // The corpus is compact JSON already, so the output is about its size (escapes may differ).
        precondition(written > corpus.bytes.count * 9 / 10, "serialised output is far smaller than its input")
        return Measurement(name: "serialise Document → JSON", documents: documents.count, bytes: written, seconds: seconds)
    }
}
