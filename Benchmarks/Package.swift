// swift-tools-version:6.1
import PackageDescription

// Kept apart from the main package so that `swift build` and `swift test` (and so CI) never build it.
let package = Package(
    name: "sift-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "sift-bench",
            dependencies: [
                .product(name: "SiftCore", package: "sift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
    ]
)
