import SiftCore

import Logging
import SystemPackage

/// A source of log events: stdin, files, sockets.
///
/// An input reads, turns each event into a ``Document`` (see ``EventDocument``) and hands batches
/// to its ``EventSink``. `deliver` returns only once every output has durably taken the batch, so
/// awaiting it is the input's backpressure and its acknowledgement: a file input saves its offset
/// after `deliver` returns, never before.
package protocol Input: Sendable {
    /// Reads until the task is cancelled or, for a finite source such as stdin, the source ends.
    ///
    /// - Throws: `CancellationError` when cancelled; an error that stops this input (a port already
    ///   in use, an unreadable state file). A per-event problem is never thrown: the event is
    ///   delivered tagged, or logged and counted.
    func run(into sink: any EventSink) async throws
}

/// The pipeline side of an input.
package protocol EventSink: Sendable {
    /// Processes `documents` and sends what is kept to every output.
    ///
    /// - Returns: Once every output has durably taken the batch.
    /// - Throws: `CancellationError` when the pipeline is stopping; the batch may not have been
    ///   taken, so the input must not record it as done.
    func deliver(_ documents: [Document]) async throws
}

/// What a pipeline gives each of its inputs and outputs when building them.
package struct ComponentContext: Sendable {
    /// The pipeline's name (its file name without `.yaml`).
    package var pipeline: String
    /// The component's id in the pipeline file (`inputs.<id>`, `outputs.<id>`).
    package var id: String
    /// Where inputs keep durable state such as file offsets (`<data>/pipelines`); nil when there
    /// is none to keep (`sift ship --stdin`), and an input that needs one then fails at start.
    package var stateDirectory: FilePath?
    package var logger: Logger

    package init(pipeline: String, id: String, stateDirectory: FilePath?, logger: Logger) {
        self.pipeline = pipeline
        self.id = id
        self.stateDirectory = stateDirectory
        self.logger = logger
    }
}
