import SiftConfig
import SiftCore
import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The repository's `indexes/` directory (beside `Tests/`).
private func indexesDirectory() -> String {
    var repository = FilePath("\(#filePath)")
    for _ in 0..<3 { repository.removeLastComponent() }
    return repository.appending("indexes").string
}

private func definitionError(_ yaml: String, file: String = "indexes/bad.yaml") -> ConfigError? {
    do {
        _ = try IndexDefinition(yaml: yaml, file: file)
        return nil
    } catch {
        return error
    }
}

@Suite("Index definitions") struct IndexDefinitionTests {
    @Test func exampleLogsDefinitionLoadsWithItsPolicies() throws {
        let definitions = try IndexDefinition.loadDirectory(indexesDirectory())
        let logs = try #require(definitions.first { $0.name == "logs" })
        #expect(logs.file == indexesDirectory() + "/logs.yaml")
        #expect(logs.rollover == RolloverPolicy(maxSize: 1 << 30, maxAge: .seconds(86_400), maxDocs: 50_000_000))
        #expect(logs.retention == RetentionPolicy(maxAge: .seconds(15 * 86_400), maxTotalSize: 20 << 30))
        #expect(logs.refreshInterval == .seconds(1))
        #expect(logs.durability == .request)
        #expect(logs.syncInterval == .seconds(5))
        #expect(logs.indexingBuffer == ByteSize(bytes: 64 << 20))
        let m = logs.mappings
        #expect(m.dynamic == .true)
        #expect(m.field("@timestamp") == FieldMapping(path: "@timestamp", type: .date))
        #expect(m.field("message") == FieldMapping(path: "message", type: .text))
        for keyword in ["level", "log.level", "service.name", "trace.id", "span.id", "transaction.id", "host.name",
                        "http.request.method", "url.path", "tags"] {
            #expect(m.field(keyword) == FieldMapping(path: keyword, type: .keyword), "\(keyword)")
        }
        #expect(m.field("event.original") == FieldMapping(path: "event.original", type: .keyword, index: false, docValues: false))
        #expect(m.field("host.ip")?.type == .ip && m.field("client.ip")?.type == .ip)
        #expect(m.field("process.pid")?.type == .long && m.field("http.response.status_code")?.type == .long)

        // A document in ECS shape: mapped fields are typed, the rest is dynamic, event.original is not indexed.
        var mappings = m
        var values: [MappedValue] = []
        let doc = try Document(parsing: Array(#"{"@timestamp":"2024-03-04T00:00:00.446Z","log.level":"INFO","trace":{"id":"abc"},"user":"x","host":{"ip":"10.1.2.3"},"event":{"original":"kept in _source only"}}"#.utf8))
        #expect(try mappings.map(doc, id: "1", into: &values) == true)
        #expect(values.map { mappings.fields[$0.field].path } == ["@timestamp", "log.level", "trace.id", "user", "user.keyword", "host.ip"])
        #expect(values[0].value == .date(1_709_510_400_446))
        #expect(values[1].value == .keyword("INFO"))
    }

    @Test func everyKeyIsRead() throws {
        let yaml = """
            name: app-logs
            mappings:
              dynamic: strict
              properties:
                msg: { type: text, analyzer: simple }
            rollover: { max_size: 1.5GB, max_age: 12h, max_docs: 1000 }
            retention: { max_age: 7d, max_total_size: 100mb }
            refresh_interval: 500ms
            durability: async
            sync_interval: 2s
            indexing_buffer: 16mb
            settings:
              index:
                number_of_shards: 1
                number_of_replicas: 0
            """
        let definition = try IndexDefinition(yaml: yaml, file: "indexes/whatever.yaml")
        var expected = IndexDefinition(name: "app-logs", file: "indexes/whatever.yaml")
        expected.mappings = try Mappings(json: ["dynamic": "strict", "properties": ["msg": ["type": "text", "analyzer": "simple"]]])
        expected.rollover = RolloverPolicy(maxSize: 1_610_612_736, maxAge: .seconds(12 * 3600), maxDocs: 1000)
        expected.retention = RetentionPolicy(maxAge: .seconds(7 * 86_400), maxTotalSize: 100 << 20)
        expected.refreshInterval = .milliseconds(500)
        expected.durability = .async
        expected.syncInterval = .seconds(2)
        expected.indexingBuffer = ByteSize(bytes: 16 << 20)
        #expect(definition == expected)
        #expect(definition.mappings.dynamic == .strict)
        #expect(!definition.isPattern)
    }

    @Test func missingKeysTakeTheDefaults() throws {
        for yaml in ["", "name: logs-audit", "# only a comment\n"] {
            let definition = try IndexDefinition(yaml: yaml, file: "indexes/logs-audit.yml")
            #expect(definition.name == "logs-audit")
            #expect(definition.mappings == Mappings())
            #expect(definition.rollover == nil && definition.retention == nil)
            #expect(definition.refreshInterval == .seconds(1))
            #expect(definition.durability == .request)
            #expect(definition.syncInterval == .seconds(5))
            #expect(definition.indexingBuffer.bytes == 64 << 20)
        }
        let disabled = try IndexDefinition(yaml: "refresh_interval: -1", file: "x.yaml")
        #expect(disabled.refreshInterval == nil)
        #expect(try IndexDefinition(yaml: "refresh_interval: '-1'", file: "x.yaml").refreshInterval == nil)
    }

    @Test func elasticsearchStyleJSONWithSettingsIsAccepted() throws {
        let json: JSONValue = [
            "settings": ["index.refresh_interval": "30s", "number_of_shards": 3, "index": ["translog": ["durability": "async", "sync_interval": "10s"]]],
            "mappings": ["properties": ["status": ["type": "integer"]]],
        ]
        let definition = try IndexDefinition(json: json, name: "web", file: "PUT /web")
        #expect(definition.name == "web")
        #expect(definition.refreshInterval == .seconds(30))
        #expect(definition.durability == .async)
        #expect(definition.syncInterval == .seconds(10))
        #expect(definition.mappings.field("status")?.type == .integer)
    }

    @Test func namePatternsMatchIndexNames() throws {
        let pattern = try IndexDefinition(yaml: "name: logs-*", file: "indexes/pattern.yaml")
        #expect(pattern.isPattern)
        #expect(pattern.matches("logs-app") && pattern.matches("logs-") && pattern.matches("logs-a-b"))
        #expect(!pattern.matches("logs") && !pattern.matches("metrics-app"))
        let plain = IndexDefinition(name: "logs")
        #expect(plain.matches("logs") && !plain.matches("logs-000001"))
    }

    @Test func sizesAndDurationsUseElasticsearchUnits() {
        let sizes: [(String, Int64?)] = [
            ("512b", 512), ("64kb", 65_536), ("10mb", 10_485_760), ("1gb", 1_073_741_824), ("1.5GB", 1_610_612_736),
            ("2tb", 2 << 40), ("1pb", 1 << 50), ("0", 0), ("1 gb", 1 << 30), ("10", nil), ("1.5", nil), ("gb", nil),
            ("-1gb", nil), ("1xb", nil), ("1..5gb", nil), ("99999999999pb", nil), ("", nil),
        ]
        for (text, bytes) in sizes { #expect(ByteSize(parsing: text)?.bytes == bytes, "\(text)") }
        #expect(ByteSize(bytes: 1 << 30).description == "1gb")
        #expect(ByteSize(bytes: 1536 << 20).description == "1536mb")
        #expect(ByteSize(bytes: 100).description == "100b")
        #expect(ByteSize(bytes: 0).description == "0b")

        let durations: [(String, Duration?)] = [
            ("7nanos", .nanoseconds(7)), ("100micros", .microseconds(100)), ("500ms", .milliseconds(500)), ("5s", .seconds(5)),
            ("5S", .seconds(5)), ("2m", .seconds(120)), ("3h", .seconds(10_800)), ("1d", .seconds(86_400)), ("0", .zero),
            ("1.5h", nil), ("5", nil), ("-1", nil), ("-5s", nil), ("s", nil), ("1w", nil), ("", nil),
        ]
        for (text, duration) in durations { #expect(TimeValue.parse(text) == duration, "\(text)") }
        #expect(TimeValue.format(.seconds(86_400)) == "1d")
        #expect(TimeValue.format(.seconds(5_400)) == "90m")
        #expect(TimeValue.format(.milliseconds(1500)) == "1500ms")
        #expect(TimeValue.format(.nanoseconds(3)) == "3nanos")
    }

    @Test func eachBadValueNamesKeyPathAndValue() {
        let sizeHelp = "expected a number with a unit b, kb, mb, gb, tb or pb, such as 512mb"
        let timeHelp = "expected a whole number with a unit nanos, micros, ms, s, m, h or d, such as 5s"
        let cases: [(String, String, String)] = [
            ("rollover: { max_size: lots }", "rollover.max_size", "failed to parse [lots] as a size in bytes: \(sizeHelp)"),
            ("rollover: { max_age: 1.5h }", "rollover.max_age", "failed to parse [1.5h] as a time value: \(timeHelp)"),
            ("rollover: { max_docs: 0 }", "rollover.max_docs", "must be a positive whole number, got 0"),
            ("rollover: {}", "rollover", "needs at least one of max_size, max_age, max_docs"),
            ("rollover: { max_bytes: 1gb }", "rollover.max_bytes", "unknown key; expected max_size, max_age, max_docs"),
            ("retention: { max_total_size: 0 }", "retention.max_total_size", "must be greater than 0"),
            ("retention: 15d", "retention", #"must be a mapping with max_age, max_total_size, got "15d""#),
            ("refresh_interval: 0s", "refresh_interval", #"must be positive, or -1 to disable periodic refresh, got "0s""#),
            ("refresh_interval: 1", "refresh_interval", "failed to parse [1] as a time value: \(timeHelp)"),
            ("durability: sometimes", "durability", #"must be request or async, got "sometimes""#),
            ("sync_interval: fast", "sync_interval", "failed to parse [fast] as a time value: \(timeHelp)"),
            ("indexing_buffer: 64", "indexing_buffer", "failed to parse [64] as a size in bytes: \(sizeHelp)"),
            ("name: Logs", "name", "invalid index name [Logs], must be lowercase"),
            ("name: _logs", "name", "invalid index name [_logs], must not start with '_', '-', or '+'"),
            ("name: 'a b'", "name", #"invalid index name [a b], must not contain the following characters [ , ", *, \, <, |, ,, >, /, ?, #, :]"#),
            ("name: 5", "name", "must be a string, got 5"),
            ("mappings: { properties: { a: { type: nope } } }", "mappings",
             "mapper_parsing_exception: Failed to parse mapping: No handler for type [nope] declared on field [a]"),
            ("settings: { index: { codec: best_compression } }", "settings.index.codec",
             "unknown setting; supported: index.refresh_interval, index.translog.durability, index.translog.sync_interval, "
                + "index.number_of_shards, index.number_of_replicas"),
            ("refresh_interval: 5s\nsettings: { index.refresh_interval: 1s }", "settings.index.refresh_interval",
             "refresh_interval is given twice"),
            ("replicas: 1", "replicas", "unknown key; expected name, mappings, settings, rollover, retention, "
                + "refresh_interval, durability, sync_interval or indexing_buffer"),
            ("- a\n- b", "(root)", "an index definition is a mapping of keys such as name, mappings, rollover"),
        ]
        for (yaml, path, reason) in cases {
            #expect(definitionError(yaml) == .invalid(file: "indexes/bad.yaml", path: path, reason: reason), "\(yaml)")
        }
        guard case .syntax(let file, _) = definitionError("a: [") else {
            Issue.record("broken YAML is a syntax error")
            return
        }
        #expect(file == "indexes/bad.yaml")
    }

    @Test func loadDirectoryReadsYAMLFilesInOrderAndRejectsDuplicates() async throws {
        try await withTemporaryDirectory { directory in
            func write(_ name: String, _ text: String) throws {
                try AtomicFile.write(Array(text.utf8), to: directory.appending(name))
            }
            try write("b.yml", "rollover: { max_docs: 5 }")
            try write("a.yaml", "name: zeta")
            try write("notes.txt", "not: a definition")
            try write(".hidden.yaml", "name: hidden")
            let definitions = try IndexDefinition.loadDirectory(directory.string)
            #expect(definitions.map(\.name) == ["zeta", "b"])
            #expect(definitions.map(\.file) == [directory.appending("a.yaml").string, directory.appending("b.yml").string])
            #expect(definitions[1].rollover == RolloverPolicy(maxDocs: 5))

            try write("c.yaml", "name: zeta")
            #expect(throws: ConfigError.invalid(file: directory.appending("c.yaml").string, path: "name",
                                                reason: "index [zeta] is already defined in \(directory.appending("a.yaml").string)")) {
                try IndexDefinition.loadDirectory(directory.string)
            }
            // A directory that does not exist configures nothing: `sift serve` runs without `indexes/`.
            #expect(try IndexDefinition.loadDirectory(directory.appending("missing").string).isEmpty)
        }
    }
}
