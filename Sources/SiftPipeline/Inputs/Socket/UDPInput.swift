import Logging
import NIOCore
import NIOPosix
import SiftConfig
import SiftCore
import Synchronization

/// The `udp` input: one datagram is one event (several LF-separated lines in one datagram stay
/// one event; trailing CR/LF are dropped, as senders add them).
///
/// Options: those of ``SocketInputOptions`` (`address`, `format`, `max_event_size`, `timezone`).
///
/// UDP has no flow control: a datagram not read in time is lost in the kernel. So one task reads
/// in a tight loop (with a 4 MiB receive buffer) into a queue of at most ``pendingLimit``
/// datagrams, and another parses and delivers everything queued in one batch; while the outputs
/// are slower than the senders the queue fills, and further datagrams are dropped, counted and
/// logged (at most once per 10 s).
package final class UDPInput: Input {
    package static let kind = "udp"
    /// Datagrams held while the outputs are busy; more are dropped.
    package static let pendingLimit = 10_000

    private struct Datagram: Sendable {
        var bytes: [UInt8]
        var truncated: Bool
        var peer: SocketAddress?
        var received: Timestamp
    }

    private let options: SocketInputOptions
    private let decoder: SocketEventDecoder
    private let logger: Logger
    private let port = ListenerPort()
    private let now: @Sendable () -> Timestamp
    private let received = Atomic<Int>(0)
    private let dropped = Atomic<Int>(0)

    /// Reads the options (see the type's documentation) and rejects unknown ones.
    package init(options: inout ComponentOptions, context: ComponentContext) throws(ConfigError) {
        self.options = try SocketInputOptions(&options)
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

    /// Datagrams read from the socket so far, dropped ones included.
    package var receivedCount: Int { received.load(ordering: .relaxed) }

    /// Datagrams dropped so far because ``pendingLimit`` were already waiting for the outputs.
    package var droppedCount: Int { dropped.load(ordering: .relaxed) }

    /// Receives until cancelled; then closes the socket and returns.
    ///
    /// - Throws: The bind error (address in use, unknown host); `CancellationError` when cancelled.
    package func run(into sink: any EventSink) async throws {
        let channel: NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>
        do {
            channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                .channelOption(.maxMessagesPerRead, value: 64)
                .bind(host: options.host, port: options.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(backPressureStrategy: .init(lowWatermark: 64, highWatermark: 512))
                        )
                    }
                }
        } catch {
            port.fail(error)
            throw error
        }
        let boundPort = channel.channel.localAddress?.port ?? options.port
        port.bind(boundPort)
        logger.info("listening", metadata: ["address": "\(options.host):\(boundPort)", "protocol": "udp"])

        let pending = PendingQueue<Datagram>(limit: Self.pendingLimit)
        try await channel.executeThenClose { inbound, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.deliverPending(pending, into: sink) }
                group.addTask {
                    // Once the socket is closed, what is pending is delivered before stopping.
                    defer { pending.finish() }
                    try await self.receive(inbound, into: pending)
                }
                // The first error (cancellation, a failed delivery) cancels the other loop.
                try await group.waitForAll()
            }
        }
    }

    /// Copies each datagram into `pending` (cut at `max_event_size`), dropping it when full.
    private func receive(_ inbound: NIOAsyncChannelInboundStream<AddressedEnvelope<ByteBuffer>>, into pending: PendingQueue<Datagram>) async throws {
        var drops = WarningThrottle()
        let limit = options.maxEventSize
        for try await envelope in inbound {
            let datagram = envelope.data.withUnsafeReadableBytes { bytes in
                let text = SyslogParser.trimmingTerminators(bytes)
                return Datagram(bytes: Array(text.prefix(limit)), truncated: text.count > limit,
                                peer: envelope.remoteAddress, received: now())
            }
            received.add(1, ordering: .relaxed)
            if !pending.append(datagram) {
                dropped.add(1, ordering: .relaxed)
                if let count = drops.record() {
                    logger.warning("dropping datagrams: the outputs are behind", metadata: [
                        "dropped": "\(count)", "pending_limit": "\(Self.pendingLimit)",
                    ])
                }
            }
        }
    }

    /// Parses and delivers everything pending as one batch, until the queue is finished.
    private func deliverPending(_ pending: PendingQueue<Datagram>, into sink: any EventSink) async throws {
        while let batch = try await pending.takeAll() {
            var documents: [Document] = []
            documents.reserveCapacity(batch.count)
            for datagram in batch {
                let document = datagram.bytes.withUnsafeBytes { bytes in
                    decoder.document(bytes, truncated: datagram.truncated,
                                     peer: SocketEventDecoder.peerText(datagram.peer), now: datagram.received)
                }
                if let document { documents.append(document) }
            }
            if !documents.isEmpty { try await sink.deliver(documents) }
        }
    }
}
