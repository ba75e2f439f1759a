import Logging
import SiftConfig
import SiftCore
import SystemPackage

/// Tails log files: `type: file`. Follows rename and copytruncate rotation, joins multi-line
/// events, and saves its offsets durably after each acknowledged batch, so a restart resumes
/// without loss and repeats at most the batch that was not acknowledged.
///
/// ```yaml
/// inputs:
///   app:
///     type: file
///     paths: ["/var/log/app/*.log*"]
///     exclude: ["*.gz"]
///     start_at: beginning
///     multiline: { pattern: '^[ \t]+|^Caused by:', match: after }
/// ```
///
/// Each event becomes ``EventDocument/line(_:truncated:)`` plus `log.file.path` (the path it was
/// read from) and `log.offset` (the byte offset of its first byte in that file). Empty lines are
/// skipped (as Filebeat does); their bytes still count as read.
///
/// Files are polled (`stat`, `pread`): robust on every file system, and cheap at the default 250 ms.
/// A file is known by device, inode and a fingerprint of its first bytes (see ``FileFingerprint``):
/// - rename + create: the renamed file is read to its end through its open descriptor (or, when a
///   glob still matches it, simply keeps its offset), the new file is read from its beginning;
/// - copytruncate: the file shrank below its offset (or its first bytes changed), so it restarts at 0;
///   the copy is recognised by its fingerprint and continues from the offset the original had;
/// - a copy of a file that is still being read (same first kilobyte, same bytes up to the end of
///   the shorter) is not read at all; a new file that merely starts with the same banner is.
/// The rules, in order, are in `FileTailer+Discovery.swift`. Offsets live in
/// `<state directory>/<pipeline>.<id>.offsets` (see ``FileOffsetStore``).
///
/// Known limits: a file closed for inactivity and then renamed out of the globs' reach before it
/// grows again loses what it got meanwhile (as Filebeat's `close_inactive`); a file whose first
/// kilobyte equals that of content truncated in the last hour (or, at a restart, of a file tailed
/// before) is taken for its copy.
package struct FileInput: Input {
    /// The input's options, checked.
    struct Settings: Sendable {
        var paths: [String]
        var exclude: [String]
        /// `start_at: end`: at the input's first start, files already there are read from their end.
        var startAtEnd: Bool
        var maxLineBytes: Int
        var pollInterval: Duration
        var idleTimeout: Duration
        var batchSize: Int
        var closeInactive: Duration
        var maxOpenFiles: Int
        var multiline: MultilineSettings?
    }

    let settings: Settings
    let context: ComponentContext

    /// Reads the options:
    /// - `paths` (required): globs (`glob(3)`), such as `["/var/log/app/*.log*"]`;
    /// - `exclude`: globs of files to leave out, matched against the file name, or the whole path
    ///   when they contain `/`;
    /// - `start_at`: `end` (default: at the first start, only lines written after it) or
    ///   `beginning`; files appearing later are always read from their beginning, and a file with
    ///   a saved offset resumes there;
    /// - `max_line_size` (default `1mb`): longer lines (and multi-line events) are cut and tagged `_truncated`;
    /// - `poll_interval` (default `250ms`): how often files are checked for new lines and globs re-run;
    /// - `idle_timeout` (default `1s`): a last line without a newline is sent once the file has not
    ///   grown for this long (what is written after it then starts a new line);
    /// - `batch_size` (default 2048): documents per delivery at most;
    /// - `close_inactive` (default `1m`): the descriptor of a file read to its end that has not grown
    ///   for this long is closed (reopened when it grows; a file renamed away or deleted is then
    ///   forgotten, its offset kept 24 hours);
    /// - `max_open_files` (default 256): descriptors open at once at most; idle files are closed first;
    /// - `multiline`: see ``MultilineSettings``.
    package init(options: inout ComponentOptions, context: ComponentContext) throws(ConfigError) {
        guard let paths = try options.stringList("paths") else {
            throw options.error("paths", "required property is missing; list globs of the files to read, such as [\"/var/log/app/*.log\"]")
        }
        guard !paths.isEmpty, !paths.contains(where: \.isEmpty) else {
            throw options.error("paths", "must list at least one glob, none of them empty")
        }
        let exclude = try options.stringList("exclude") ?? []
        let startAt = try options.choice("start_at", of: ["end", "beginning"], default: "end")
        let maxLineBytes = try options.byteSize("max_line_size") ?? 1 << 20
        let pollInterval = try Self.positiveDuration("poll_interval", in: &options) ?? .milliseconds(250)
        let idleTimeout = try Self.positiveDuration("idle_timeout", in: &options) ?? .seconds(1)
        let batchSize = try options.int("batch_size", minimum: 1) ?? 2048
        let closeInactive = try Self.positiveDuration("close_inactive", in: &options) ?? .seconds(60)
        let maxOpenFiles = try options.int("max_open_files", minimum: 1) ?? 256
        var multiline: MultilineSettings? = nil
        if let value = options.value("multiline") {
            guard let object = value.objectValue else {
                throw options.error("multiline", "must be a mapping with pattern and optionally negate, match, max_lines, timeout")
            }
            var nested = ComponentOptions(object, file: options.file, path: "\(options.path).multiline")
            multiline = try MultilineSettings(options: &nested)
        }
        try options.finish()
        settings = Settings(
            paths: paths, exclude: exclude, startAtEnd: startAt == "end", maxLineBytes: maxLineBytes,
            pollInterval: pollInterval, idleTimeout: idleTimeout, batchSize: batchSize,
            closeInactive: closeInactive, maxOpenFiles: maxOpenFiles, multiline: multiline)
        self.context = context
    }

    /// Tails until cancelled.
    ///
    /// - Throws: `CancellationError` when cancelled; whatever `sink.deliver` throws (the batch's
    ///   offsets are then not saved); ``FileInputError`` when the offsets file is unreadable.
    package func run(into sink: any EventSink) async throws {
        var logger = context.logger
        logger[metadataKey: "component.id"] = "\(context.id)"
        if context.stateDirectory == nil {
            logger.info("file offsets are kept in memory only: a restart reads according to start_at again")
        }
        let store = FileOffsetStore(stateDirectory: context.stateDirectory, pipeline: context.pipeline, input: context.id)
        let tailer = FileTailer(settings: settings, store: store, logger: logger)
        try await tailer.run(into: sink)
    }

    private static func positiveDuration(_ key: String, in options: inout ComponentOptions) throws(ConfigError) -> Duration? {
        guard let duration = try options.duration(key) else { return nil }
        guard duration > .zero else { throw options.error(key, "must be longer than zero") }
        return duration
    }
}
