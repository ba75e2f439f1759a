// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// Kept apart from the main package so that `swift build` and `swift test` (and so CI) never build it.
// The library modules it measures are compiled here from symlinks to ../Sources: their API is
// `package`-level, which another package could not see.
let package = Package(
    name: "sift-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "SiftNative", dependencies: ["CLZ4", "CPCRE2", "CZlib"], swiftSettings: strictSettings),
        .target(name: "SiftCore", swiftSettings: strictSettings),
        .target(name: "SiftAnalysis", dependencies: ["SiftCore", "SiftNative"], swiftSettings: strictSettings),
        .target(name: "SiftConfig", dependencies: ["SiftCore", .product(name: "Yams", package: "Yams")], swiftSettings: strictSettings),
        .target(
            name: "SiftIndex",
            dependencies: ["SiftCore", "SiftAnalysis", "SiftNative", "SiftConfig", .product(name: "SystemPackage", package: "swift-system")],
            exclude: ["FORMAT.md"],
            swiftSettings: strictSettings
        ),
        .target(name: "SiftQuery", dependencies: ["SiftCore"], swiftSettings: strictSettings),
        .target(
            name: "SiftSearch",
            dependencies: ["SiftQuery", "SiftIndex", "SiftAnalysis", "SiftNative", "SiftCore"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "sift-bench",
            dependencies: [
                "SiftCore", "SiftIndex", "SiftQuery", "SiftSearch",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
