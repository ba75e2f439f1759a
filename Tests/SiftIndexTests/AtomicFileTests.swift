import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

@Suite struct AtomicFileTests {
    @Test func writeReplacesContentAndLeavesNoTemporaryFile() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appending("commit.json")
            #expect(try AtomicFile.read(file) == nil)
            try AtomicFile.write(Array("first".utf8), to: file)
            try AtomicFile.write(Array("second, longer".utf8), to: file)
            #expect(try AtomicFile.read(file) == Array("second, longer".utf8))
            #expect(try AtomicFile.read(FilePath(file.string + ".tmp")) == nil)
        }
    }

    @Test func readsFilesLargerThanOneChunk() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appending("big")
            let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            try AtomicFile.write(bytes, to: file)
            #expect(try AtomicFile.read(file) == bytes)
        }
    }

    @Test func createDirectoryMakesParentsAndToleratesExisting() async throws {
        try await withTemporaryDirectory { directory in
            let nested = directory.appending("indices/logs-000001/segments")
            try AtomicFile.createDirectory(nested)
            try AtomicFile.createDirectory(nested)
            try AtomicFile.write([1, 2, 3], to: nested.appending("x"))
            #expect(try AtomicFile.read(nested.appending("x")) == [1, 2, 3])
        }
    }

    @Test func writingIntoAMissingDirectoryNamesThePath() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appending("missing/commit.json")
            #expect {
                try AtomicFile.write([1], to: file)
            } throws: { error in
                guard case .io(let path, _) = error as? IndexError else { return false }
                return path == file.string
            }
        }
    }
}
