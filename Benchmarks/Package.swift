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
    ],
    targets: [
        .target(name: "SiftCore", swiftSettings: strictSettings),
        .executableTarget(
            name: "sift-bench",
            dependencies: ["SiftCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
    ]
)
