import Logging
import NIOCore
import NIOPosix
import SiftConfig
import SiftCore
import Synchronization

/// The `tcp` input: listens on `address` and reads events from every connection.
///
/// Options: those of ``SocketInputOptions`` (`address`, `format`, `max_event_size`,
/// `timezone`), plus `framing` (``StreamFramer/Mode``: `auto` (default), `lines`,
/// `octet_counting`) and `max_connections` (default 1024; connections beyond it are closed at
/// once and logged).
///
/// Each connection is served by its own task. After each read it delivers the events that read
/// completed in one `deliver` call and awaits it before reading again, so a slow output fills
/// the socket buffers and slows the sender down (TCP flow control) instead of queueing in memory.
/// A framing error (`octet_counting` only) closes that connection; the listener keeps going.
package final class TCPInput: Input {
    package static let kind = "tcp"

    private let options: SocketInputOptions
    private let framing: StreamFramer.Mode
    private let maxConnections: Int
    private let decoder: SocketEventDecoder
    private let logger: Logger
    private let port = ListenerPort()
    private let now: @Sendable () -> Timestamp

    /// Reads the options (see the type's documentation) and rejects unknown ones.
    package init(options: inout ComponentOptions, context: ComponentContext) throws(ConfigError) {
        self.options = try SocketInputOptions(&options)
        let modes = StreamFramer.Mode.allCases.map(\.rawValue)
        framing = StreamFramer.Mode(rawValue: try options.choice("framing", of: modes, default: "auto")) ?? .auto
        maxConnections = try options.int("max_connections", minimum: 1) ?? 1024
        try options.finish()
        decoder = SocketEventDecoder(format: self.options.format, timezoneOffsetSeconds: self.options.timezoneOffsetSeconds)
        logger = context.logger
        now = ProcessorEnvironment.live.now
    }

    /// The port `run` is listening on, once it is (the configured one, or the one the system
    /// picked for port 0).
    ///
    /// - Throws: The error that stopped `run` from binding.
    package func boundPort() async throws -> Int {
        try await port.value()
    }

    /// Listens until cancelled; then closes the listener and every connection and returns.
    ///
    /// - Throws: The bind error (address in use, unknown host); `CancellationError` when cancelled.
    package func run(into sink: any EventSink) async throws {
        let server: NIOAsyncChannel<Connection, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.so_keepalive), value: 1)
                .bind(host: options.host, port: options.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        // The peer's address now: NIO forgets it once the channel closes, which
                        // can be before the connection task first runs.
                        Connection(
                            channel: try NIOAsyncChannel<ByteBuffer, Never>(wrappingChannelSynchronously: channel),
                            peer: SocketEventDecoder.peerText(channel.remoteAddress)
                        )
                    }
                }
        } catch {
            port.fail(error)
            throw error
        }
        let boundPort = server.channel.localAddress?.port ?? options.port
        port.bind(boundPort)
        logger.info("listening", metadata: ["address": "\(options.host):\(boundPort)", "protocol": "tcp"])

        let active = ConnectionCount()
        try await server.executeThenClose { connections in
            try await withThrowingDiscardingTaskGroup { group in
                var refusals = WarningThrottle()
                for try await connection in connections {
                    guard active.value.add(1, ordering: .relaxed).newValue <= maxConnections else {
                        active.value.subtract(1, ordering: .relaxed)
                        connection.channel.channel.close(promise: nil)
                        if let count = refusals.record() {
                            logger.warning("refusing connections beyond max_connections", metadata: [
                                "max_connections": "\(maxConnections)", "refused": "\(count)",
                            ])
                        }
                        continue
                    }
                    group.addTask {
                        await self.serve(connection, into: sink)
                        active.value.subtract(1, ordering: .relaxed)
                    }
                }
            }
        }
    }

    /// Reads one connection until the peer closes it, framing fails or the task is cancelled.
    /// Catches its own errors, so one bad peer cannot stop the listener.
    private func serve(_ connection: Connection, into sink: any EventSink) async {
        let peer = connection.peer
        var logger = logger
        logger[metadataKey: "source.address"] = peer.map { .string($0) }
        do {
            try await connection.channel.executeThenClose { inbound, _ in
                var framer = StreamFramer(mode: framing, maxFrameBytes: options.maxEventSize)
                for try await buffer in inbound {
                    let received = now()
                    var documents: [Document] = []
                    var failure: StreamFramer.FramingError?
                    buffer.withUnsafeReadableBytes { bytes in
                        do throws(StreamFramer.FramingError) {
                            try framer.append(bytes) { frame in
                                if let document = decoder.document(frame.bytes, truncated: frame.truncated, peer: peer, now: received) {
                                    documents.append(document)
                                }
                            }
                        } catch {
                            failure = error
                        }
                    }
                    if !documents.isEmpty { try await sink.deliver(documents) }
                    if let failure {
                        logger.warning("closing connection: bad framing", metadata: ["error": "\(failure)"])
                        return
                    }
                }
                try Task.checkCancellation()
                var documents: [Document] = []
                let received = now()
                do {
                    try framer.finish { frame in
                        if let document = decoder.document(frame.bytes, truncated: frame.truncated, peer: peer, now: received) {
                            documents.append(document)
                        }
                    }
                } catch {
                    logger.warning("connection ended inside a frame", metadata: ["error": "\(error)"])
                }
                if !documents.isEmpty { try await sink.deliver(documents) }
            }
        } catch is CancellationError {
            return
        } catch {
            logger.debug("connection failed", metadata: ["error": "\(error)"])
        }
    }
}

/// An accepted connection and its peer's `ip:port`.
private struct Connection: Sendable {
    var channel: NIOAsyncChannel<ByteBuffer, Never>
    var peer: String?
}

/// Open connections, shared by the accept loop and the connection tasks.
private final class ConnectionCount: Sendable {
    let value = Atomic<Int>(0)
}
