// swift-tools-version:6.1
import PackageDescription

/// Every Sift target is compiled in Swift 6 mode with these upcoming features (as Hummingbird and swift-log).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "sift",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sift", targets: ["sift"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context", from: "1.0.0"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, wrapped safely in SiftNative and nowhere else.
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "SiftNative", dependencies: ["CLZ4", "CPCRE2", "CZlib"], swiftSettings: strictSettings),
        .target(name: "SiftCore", swiftSettings: strictSettings),
        .target(name: "SiftAnalysis", dependencies: ["SiftCore", "SiftNative"], swiftSettings: strictSettings),
        .target(
            name: "SiftConfig",
            dependencies: ["SiftCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SiftIndex",
            dependencies: [
                "SiftCore", "SiftAnalysis", "SiftNative", "SiftConfig",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            exclude: ["FORMAT.md"],
            swiftSettings: strictSettings
        ),
        .target(name: "SiftQuery", dependencies: ["SiftCore"], swiftSettings: strictSettings),
        .target(
            name: "SiftSearch",
            dependencies: ["SiftQuery", "SiftIndex", "SiftAnalysis", "SiftNative", "SiftCore"],
            swiftSettings: strictSettings
        ),
        // A node's indices by name: plain indices, data streams, templates, index expressions.
        .target(
            name: "SiftNode",
            dependencies: [
                "SiftIndex", "SiftSearch", "SiftPipeline", "SiftConfig", "SiftCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SiftPipeline",
            dependencies: [
                "SiftConfig", "SiftCore", "SiftNative", "SiftQuery",
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SiftServer",
            dependencies: [
                "SiftNode", "SiftPipeline", "SiftSearch", "SiftQuery", "SiftIndex", "SiftConfig", "SiftNative", "SiftCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "sift",
            dependencies: [
                "SiftServer", "SiftNode", "SiftPipeline", "SiftIndex", "SiftConfig", "SiftCore",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // Test helpers: temporary directories and the shared data path.
        .target(
            name: "SiftTestSupport",
            dependencies: [.product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strictSettings
        ),

        .testTarget(name: "SiftNativeTests", dependencies: ["SiftNative", "SiftTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "SiftCoreTests", dependencies: ["SiftCore", "SiftTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "SiftAnalysisTests", dependencies: ["SiftAnalysis", "SiftTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "SiftIndexTests",
            dependencies: [
                "SiftIndex", "SiftConfig", "SiftCore", "SiftAnalysis", "SiftTestSupport",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "SiftQueryTests", dependencies: ["SiftQuery"], swiftSettings: strictSettings),
        .testTarget(
            name: "SiftSearchTests",
            dependencies: [
                "SiftSearch", "SiftQuery", "SiftIndex", "SiftAnalysis", "SiftCore", "SiftTestSupport",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "SiftPipelineTests", dependencies: ["SiftPipeline", "SiftConfig", "SiftCore", "SiftTestSupport", .product(name: "Logging", package: "swift-log"), .product(name: "SystemPackage", package: "swift-system")], swiftSettings: strictSettings),
        .testTarget(
            name: "SiftServerTests",
            dependencies: [
                "SiftServer", "SiftNode", "SiftPipeline", "SiftIndex", "SiftCore", "SiftTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        // Runs the built `sift` binary as a user would: real process, real signals, real sockets.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "sift", "SiftCore", "SiftIndex", "SiftTestSupport",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
