import SiftCore
import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

/// Parses one JSON object literal.
private func document(_ json: String) throws -> Document {
    try Document(parsing: Array(json.utf8))
}

/// The error `body` throws, or nil.
private func mappingError(_ body: () throws(MappingError) -> Void) -> MappingError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

/// Maps `json` as document "1" and returns the error, if any.
private func mapError(_ mappings: inout Mappings, _ json: String, values: inout [MappedValue]) throws -> MappingError? {
    let doc = try document(json)
    do {
        _ = try mappings.map(doc, id: "1", into: &values)
        return nil
    } catch {
        return error
    }
}

/// `path:type` of every field, in order.
private func summary(_ mappings: Mappings) -> [String] {
    mappings.fields.map { "\($0.path):\($0.type.rawValue)" }
}

/// A dynamically mapped string: `text` plus its `keyword` multi-field.
private func textWithKeyword(_ path: String) -> [String] {
    ["\(path):text", "\(path).keyword:keyword"]
}

private func parseFailure(_ path: String, _ type: String, _ preview: String, cause: MappingError.Cause?) -> MappingError {
    MappingError(type: "document_parsing_exception",
                 reason: "failed to parse field [\(path)] of type [\(type)] in document with id '1'. Preview of field's value: '\(preview)'",
                 cause: cause)
}

private func illegal(_ reason: String) -> MappingError.Cause {
    MappingError.Cause(type: "illegal_argument_exception", reason: reason)
}

@Suite("Mappings") struct MappingTests {
    static let sample = #"{"@timestamp":"2024-03-04T00:00:00.446Z","level":"INFO","http.status":200,"latency_ms":3.962,"http":{"method":"GET"}}"#

    @Test func sampleDocumentIsMappedLikeElasticsearch() throws {
        var mappings = Mappings()
        var values: [MappedValue] = []
        #expect(try mappings.map(document(Self.sample), id: "1", into: &values) == true)
        #expect(summary(mappings) == ["@timestamp:date"] + textWithKeyword("level") + ["http.status:long", "latency_ms:float"]
            + textWithKeyword("http.method"))
        #expect(mappings.objects == [ObjectMapping(path: "http")])
        #expect(mappings.field("level.keyword") == FieldMapping(path: "level.keyword", type: .keyword, ignoreAbove: 256, parent: "level"))
        #expect(mappings.field("@timestamp") == FieldMapping(path: "@timestamp", type: .date))
        #expect(mappings.field("message.keyword") == nil)
        #expect(mappings.fieldIndex("http.method.keyword") == 6)
        #expect(values == [
            MappedValue(field: 0, value: .date(1_709_510_400_446)),
            MappedValue(field: 1, value: .text("INFO")),
            MappedValue(field: 2, value: .keyword("INFO")),
            MappedValue(field: 3, value: .long(200)),
            MappedValue(field: 4, value: .double(3.9619998931884766)),  // float precision, as Elasticsearch stores it
            MappedValue(field: 5, value: .text("GET")),
            MappedValue(field: 6, value: .keyword("GET")),
        ])
        #expect(mappings.json.jsonString == #"{"properties":{"@timestamp":{"type":"date"},"#
            + #""level":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}},"#
            + #""http":{"properties":{"status":{"type":"long"},"#
            + #""method":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}}}},"#
            + #""latency_ms":{"type":"float"}}}"#)

        // The second time every field is known: nothing changes and the values are the same.
        let before = mappings
        var again: [MappedValue] = [MappedValue(field: 99, value: .boolean(true))]
        #expect(try mappings.map(document(Self.sample), id: "2", into: &again) == false)
        #expect(again == values)
        #expect(mappings == before)
        #expect(try mappings.map(document(#"{"http.method":"POST","http":{"status":"404"}}"#), id: "3", into: &again) == false)
        #expect(again == [MappedValue(field: 5, value: .text("POST")), MappedValue(field: 6, value: .keyword("POST")),
                          MappedValue(field: 3, value: .long(404))])
    }

    @Test func elasticsearchECSLogMapsEveryDottedKeyToObjects() throws {
        let mappings = try Self.mapFile("json/elasticsearch_ecs_8.0_mixed.ndjson", lines: 2)
        let first = ["log.level", "message", "ecs.version", "service.name", "event.dataset", "process.thread.name", "log.logger",
                     "elasticsearch.cluster.uuid", "elasticsearch.node.id", "elasticsearch.node.name", "elasticsearch.cluster.name"]
        let second = ["data_stream.dataset", "data_stream.namespace", "data_stream.type", "elasticsearch.elastic_product_origin",
                      "elasticsearch.event.category", "elasticsearch.http.request.x_opaque_id", "event.code", "trace.id"]
        #expect(summary(mappings) == ["@timestamp:date"] + (first + second).flatMap(textWithKeyword))
        #expect(mappings.objects.map(\.path) == ["log", "ecs", "service", "event", "process", "process.thread", "elasticsearch",
            "elasticsearch.cluster", "elasticsearch.node", "data_stream", "elasticsearch.event", "elasticsearch.http",
            "elasticsearch.http.request", "trace"])
    }

    @Test func elasticsearchServerLogWithCommaFractionsHasDates() throws {
        var values: [MappedValue] = []
        let mappings = try Self.mapFile("json/elasticsearch_server_7.0.ndjson", lines: 55, lastValues: &values)
        #expect(summary(mappings) == textWithKeyword("type") + ["timestamp:date"]
            + ["level", "component", "cluster.name", "node.name", "message", "cluster.uuid", "node.id"].flatMap(textWithKeyword))
        #expect(mappings.objects.map(\.path) == ["cluster", "node"])
        var first: [MappedValue] = []
        var copy = mappings
        let line = #"{"type": "server", "timestamp": "2019-01-18T08:55:08,159+0100", "level": "INFO"}"#
        #expect(try copy.map(document(line), id: "1", into: &first) == false)
        #expect(first[2] == MappedValue(field: 2, value: .date(1_547_798_108_159)))
    }

    @Test func kibanaAuditLogKeepsNumbersAndArrays() throws {
        var values: [MappedValue] = []
        let mappings = try Self.mapFile("json/kibana_audit_8.14.ndjson", lines: 5, lastValues: &values)
        var expected: [String] = ["event.action", "event.category", "event.outcome", "event.type", "kibana.saved_object.id",
            "kibana.saved_object.type", "labels.application", "service.node.roles", "ecs.version"].flatMap(textWithKeyword)
        expected.append("@timestamp:date")
        expected += ["message", "log.level", "log.logger"].flatMap(textWithKeyword)
        expected.append("process.pid:long")
        expected += ["trace.id", "transaction.id", "http.request.method", "url.domain", "url.path"].flatMap(textWithKeyword)
        expected.append("url.port:long")
        expected += ["url.scheme", "user.name", "user.roles", "kibana.space_id", "client.ip", "kibana.saved_object.name"].flatMap(textWithKeyword)
        #expect(summary(mappings) == expected)
        let pid = try #require(mappings.fieldIndex("process.pid"))
        #expect(values.contains(MappedValue(field: pid, value: .long(7))))
        let roles = try #require(mappings.fieldIndex("service.node.roles.keyword"))
        #expect(values.filter { $0.field == roles } == [MappedValue(field: roles, value: .keyword("background_tasks")),
                                                        MappedValue(field: roles, value: .keyword("ui"))])
        let timestamp = try #require(mappings.fieldIndex("@timestamp"))
        var first: [MappedValue] = []
        var copy = mappings
        _ = try copy.map(document(#"{"@timestamp":"2023-06-19T15:18:47.298+00:00"}"#), id: "1", into: &first)
        #expect(first == [MappedValue(field: timestamp, value: .date(1_687_187_927_298))])
    }

    /// Maps every line of a shared data file into one mappings value.
    private static func mapFile(_ name: String, lines: Int) throws -> Mappings {
        var values: [MappedValue] = []
        return try mapFile(name, lines: lines, lastValues: &values)
    }

    private static func mapFile(_ name: String, lines: Int, lastValues values: inout [MappedValue]) throws -> Mappings {
        let bytes = try #require(try AtomicFile.read(FilePath(sharedDataPath(name))))
        let records = bytes.split(separator: UInt8(ascii: "\n"))
        #expect(records.count == lines)
        var mappings = Mappings()
        for (number, record) in records.enumerated() {
            _ = try mappings.map(Document(parsing: Array(record)), id: String(number), into: &values)
        }
        return mappings
    }

    @Test func dynamicDatesAndNumbersFollowDetectionRules() throws {
        var mappings = Mappings()
        var values: [MappedValue] = []
        let json = #"{"a":"2024-03-04","b":"2021-05","c":"2024","d":"2023-06-02 13:48:16","e":"2015/09/02","#
            + #""f":"2015/09/02 10:11:12 +0100","g":"42","h":"2024-03-04T10:15+01:00"}"#
        _ = try mappings.map(document(json), id: "1", into: &values)
        #expect(summary(mappings) == ["a:date", "b:date"] + textWithKeyword("c") + textWithKeyword("d")
            + ["e:date", "f:date"] + textWithKeyword("g") + ["h:date"])
        #expect(mappings.field("e")?.format == "yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z")
        #expect(mappings.field("a")?.format == nil)
        #expect(values.filter { if case .date = $0.value { true } else { false } }.map(\.value) == [
            .date(1_709_510_400_000), .date(1_619_827_200_000), .date(1_441_152_000_000), .date(1_441_185_072_000),
            .date(1_709_543_700_000),
        ])

        var noDates = try Mappings(json: ["date_detection": false, "numeric_detection": true])
        _ = try noDates.map(document(#"{"a":"2024-03-04","g":"42","h":"4.5","i":"4.5.6"}"#), id: "1", into: &values)
        #expect(summary(noDates) == textWithKeyword("a") + ["g:long", "h:float"] + textWithKeyword("i"))
        #expect(values[2] == MappedValue(field: 2, value: .long(42)))
    }

    @Test func arraysGiveSeveralValuesAndNullsNothing() throws {
        var mappings = Mappings()
        var values: [MappedValue] = []
        _ = try mappings.map(document(#"{"tags":["a",["b"]],"n":null,"e":[],"nulls":[null],"mixed":[null,3,"4"],"o":[{"x":true},{"x":false}]}"#),
                             id: "1", into: &values)
        #expect(summary(mappings) == textWithKeyword("tags") + ["mixed:long", "o.x:boolean"])
        #expect(values == [
            MappedValue(field: 0, value: .text("a")), MappedValue(field: 1, value: .keyword("a")),
            MappedValue(field: 0, value: .text("b")), MappedValue(field: 1, value: .keyword("b")),
            MappedValue(field: 2, value: .long(3)), MappedValue(field: 2, value: .long(4)),
            MappedValue(field: 3, value: .boolean(true)), MappedValue(field: 3, value: .boolean(false)),
        ])
    }

    @Test func firstArrayValueDecidesAndAFailingDocumentAddsNothing() throws {
        var mappings = Mappings()
        var values: [MappedValue] = [MappedValue(field: 0, value: .long(1))]
        let error = try mapError(&mappings, #"{"new":"x","obj":{"y":1},"x":[1,"a"]}"#, values: &values)
        #expect(error == parseFailure("x", "long", "a", cause: illegal(#"For input string: "a""#)))
        #expect(mappings == Mappings())
        #expect(mappings.fields.isEmpty && mappings.objects.isEmpty)
        #expect(values.isEmpty)

        var explicit = try Mappings(json: ["properties": ["n": ["type": "long"]]])
        let before = explicit
        #expect(try mapError(&explicit, #"{"a":"new","n":"bad"}"#, values: &values)
            == parseFailure("n", "long", "bad", cause: illegal(#"For input string: "bad""#)))
        #expect(explicit == before)
        #expect(explicit.field("a") == nil)
    }

    @Test func metadataFieldsInsideADocumentAreRejected() throws {
        var mappings = Mappings()
        var values: [MappedValue] = []
        #expect(try mapError(&mappings, #"{"a":1,"_id":"x"}"#, values: &values) == MappingError(
            type: "document_parsing_exception",
            reason: "Field [_id] is a metadata field and cannot be added inside a document. Use the index API request parameters."))
        #expect(mappings.fields.isEmpty)
        _ = try mappings.map(document(#"{"a":{"_id":"nested is fine"},"_custom":1}"#), id: "1", into: &values)
        #expect(summary(mappings) == textWithKeyword("a._id") + ["_custom:long"])
    }

    static let explicitJSON: JSONValue = ["properties": [
        "n": ["type": "long"], "i": ["type": "integer"], "s": ["type": "short"], "b": ["type": "byte"],
        "d": ["type": "double"], "f": ["type": "float"], "k": ["type": "keyword", "ignore_above": 5], "t": ["type": "text"],
        "at": ["type": "date"], "es": ["type": "date", "format": "epoch_second"],
        "access": ["type": "date", "format": "dd/MMM/yyyy:HH:mm:ss Z"], "ok": ["type": "boolean"], "ip": ["type": "ip"],
        "strict_n": ["type": "long", "coerce": false], "http": ["properties": ["method": ["type": "keyword"]]],
    ]]

    @Test func valuesAreCoercedAsElasticsearchDoes() throws {
        var mappings = try Mappings(json: Self.explicitJSON)
        var values: [MappedValue] = []
        let json = #"{"n":["42",4.7,"4.7"," 7 ","1e3"],"i":-2147483648,"s":"32767","b":-128,"d":"2.5","f":1,"k":[200,3.5,true,"abcde","abcdef"],"#
            + #""t":false,"at":[1709510400446,"2024-03-04T01:00:00+01:00","2024"],"es":[1709510400,"1709510400.5"],"#
            + #""access":"17/May/2015:10:05:03 +0000","ok":["false","",true],"ip":["10.0.0.1","2001:db8::1","::ffff:10.0.0.1"],"#
            + #""strict_n":5.0}"#
        #expect(try mappings.map(document(json), id: "1", into: &values) == false)
        func at(_ path: String) -> [MappedValue.Value] {
            let index = mappings.fieldIndex(path)
            return values.filter { $0.field == index }.map(\.value)
        }
        #expect(at("n") == [.long(42), .long(4), .long(4), .long(7), .long(1000)])
        #expect(at("i") == [.long(-2_147_483_648)])
        #expect(at("s") == [.long(32767)])
        #expect(at("b") == [.long(-128)])
        #expect(at("d") == [.double(2.5)])
        #expect(at("f") == [.double(1)])
        #expect(at("k") == [.keyword("200"), .keyword("3.5"), .keyword("true"), .keyword("abcde")])
        #expect(at("t") == [.text("false")])
        #expect(at("at") == [.date(1_709_510_400_446), .date(1_709_510_400_000), .date(1_704_067_200_000)])
        #expect(at("es") == [.date(1_709_510_400_000), .date(1_709_510_400_500)])
        #expect(at("access") == [.date(1_431_857_103_000)])
        #expect(at("ok") == [.boolean(false), .boolean(false), .boolean(true)])
        let v4: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 0, 0, 1]
        #expect(at("ip") == [.ip(v4), .ip([0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1]), .ip(v4)])
        #expect(at("strict_n") == [.long(5)])
    }

    @Test func valuesThatCannotBeCoercedNameFieldTypeAndValue() throws {
        let cases: [(String, MappingError)] = [
            (#"{"n":"abc"}"#, parseFailure("n", "long", "abc", cause: illegal(#"For input string: "abc""#))),
            (#"{"n":true}"#, parseFailure("n", "long", "true",
                                          cause: illegal("Current token (VALUE_TRUE) not numeric, can not use numeric value accessors"))),
            (#"{"n":1e20}"#, parseFailure("n", "long", "1e+20", cause: illegal("Value [1e+20] is out of range for a long"))),
            (#"{"i":3000000000}"#, parseFailure("i", "integer", "3000000000", cause: illegal("Value [3000000000] is out of range for an integer"))),
            (#"{"s":"40000"}"#, parseFailure("s", "short", "40000", cause: illegal("Value [40000] is out of range for a short"))),
            (#"{"b":128}"#, parseFailure("b", "byte", "128", cause: illegal("Value [128] is out of range for a byte"))),
            (#"{"d":"x"}"#, parseFailure("d", "double", "x", cause: .init(type: "number_format_exception", reason: #"For input string: "x""#))),
            (#"{"d":"NaN"}"#, parseFailure("d", "double", "NaN", cause: illegal("[double] supports only finite values, but got [NaN]"))),
            (#"{"f":1e39}"#, parseFailure("f", "float", "1e+39", cause: illegal("[float] supports only finite values, but got [1e+39]"))),
            (#"{"at":"abc"}"#, parseFailure("at", "date", "abc",
                cause: illegal("failed to parse date field [abc] with format [strict_date_optional_time||epoch_millis]"))),
            (#"{"at":"2024-02-30"}"#, parseFailure("at", "date", "2024-02-30",
                cause: illegal("failed to parse date field [2024-02-30] with format [strict_date_optional_time||epoch_millis]"))),
            (#"{"es":"soon"}"#, parseFailure("es", "date", "soon", cause: illegal("failed to parse date field [soon] with format [epoch_second]"))),
            (#"{"ok":"yes"}"#, parseFailure("ok", "boolean", "yes", cause: illegal("Failed to parse value [yes] as only [true] or [false] are allowed."))),
            (#"{"ok":1}"#, parseFailure("ok", "boolean", "1", cause: illegal("Failed to parse value [1] as only [true] or [false] are allowed."))),
            (#"{"ip":"300.1.1.1"}"#, parseFailure("ip", "ip", "300.1.1.1", cause: illegal("'300.1.1.1' is not an IP string literal."))),
            (#"{"ip":"1::2::3"}"#, parseFailure("ip", "ip", "1::2::3", cause: illegal("'1::2::3' is not an IP string literal."))),
            (#"{"k":{"a":1,"b":[2,"x"]}}"#, parseFailure("k", "keyword", "{a=1, b=[2, x]}", cause: nil)),
            (#"{"t":{}}"#, parseFailure("t", "text", "{}", cause: nil)),
            (#"{"strict_n":"5"}"#, parseFailure("strict_n", "long", "5", cause: illegal("[coerce] is false, strings are not accepted"))),
            (#"{"strict_n":5.5}"#, parseFailure("strict_n", "long", "5.5", cause: illegal("Value [5.5] has a decimal part"))),
            (#"{"http":"GET"}"#, MappingError(type: "document_parsing_exception",
                reason: "object mapping for [http] tried to parse field [http] as object, but found a concrete value")),
            (#"{"http":{"method":{"x":1}}}"#, parseFailure("http.method", "keyword", "{x=1}", cause: nil)),
            (#"{"k.sub":1}"#, MappingError(type: "document_parsing_exception",
                reason: "Could not dynamically add mapping for field [k.sub]. Existing mapping for [k] must be of type object but found [keyword].")),
        ]
        let mappings = try Mappings(json: Self.explicitJSON)
        for (json, expected) in cases {
            var copy = mappings
            var values: [MappedValue] = []
            let error = try mapError(&copy, json, values: &values)
            #expect(error == expected, "\(json)")
            #expect(copy == mappings)
        }
    }

    @Test func strictMappingsRejectNewFieldsAtTheirLevel() throws {
        var mappings = try Mappings(json: ["dynamic": "strict", "properties": ["http": ["properties": ["method": ["type": "keyword"]]]]])
        var values: [MappedValue] = []
        #expect(try mappings.map(document(#"{"http":{"method":"GET"}}"#), id: "1", into: &values) == false)
        #expect(values == [MappedValue(field: 0, value: .keyword("GET"))])
        #expect(try mapError(&mappings, #"{"extra":1}"#, values: &values) == MappingError(
            type: "strict_dynamic_mapping_exception", reason: "mapping set to strict, dynamic introduction of [extra] within [_doc] is not allowed"))
        #expect(try mapError(&mappings, #"{"http":{"status":200}}"#, values: &values) == MappingError(
            type: "strict_dynamic_mapping_exception", reason: "mapping set to strict, dynamic introduction of [status] within [http] is not allowed"))
        #expect(try mapError(&mappings, #"{"http.version.major":2}"#, values: &values) == MappingError(
            type: "strict_dynamic_mapping_exception", reason: "mapping set to strict, dynamic introduction of [version] within [http] is not allowed"))
        #expect(mappings.fields.count == 1)
    }

    @Test func dynamicFalseAndDisabledObjectsKeepFieldsOutOfTheIndex() throws {
        var quiet = try Mappings(json: ["dynamic": false, "properties": ["known": ["type": "keyword"]]])
        var values: [MappedValue] = []
        #expect(try quiet.map(document(#"{"known":"a","unknown":"b","obj":{"x":1},"a.b":2}"#), id: "1", into: &values) == false)
        #expect(values == [MappedValue(field: 0, value: .keyword("a"))])
        #expect(summary(quiet) == ["known:keyword"] && quiet.objects.isEmpty)

        var mixed = try Mappings(json: ["properties": [
            "labels": ["dynamic": "false", "properties": ["team": ["type": "keyword"]]],
            "payload": ["type": "object", "enabled": false],
        ]])
        #expect(try mixed.map(document(#"{"labels":{"team":"x","other":"y"},"payload":{"any":[1,"x"]},"new":true}"#),
                              id: "1", into: &values) == true)
        #expect(summary(mixed) == ["labels.team:keyword", "new:boolean"])
        #expect(values == [MappedValue(field: 0, value: .keyword("x")), MappedValue(field: 1, value: .boolean(true))])
        #expect(mixed.json.jsonString == #"{"properties":{"labels":{"dynamic":"false","properties":{"team":{"type":"keyword"}}},"#
            + #""payload":{"type":"object","enabled":false},"new":{"type":"boolean"}}}"#)
    }

    @Test func jsonRoundTripKeepsEveryParameter() throws {
        let json: JSONValue = [
            "dynamic": "strict", "date_detection": false, "numeric_detection": true, "dynamic_date_formats": ["yyyy-MM-dd"],
            "properties": [
                "message": ["type": "text", "analyzer": "whitespace", "fields": ["raw": ["type": "keyword", "ignore_above": 1024]]],
                "http.status": ["type": "short", "coerce": false, "doc_values": false],
                "@timestamp": ["type": "date", "format": "strict_date_optional_time||epoch_second", "index": "false"],
                "client": ["properties": ["ip": ["type": "ip"], "geo": ["type": "object", "dynamic": true]]],
                "ok": ["type": "boolean"], "d": ["type": "double"],
            ],
        ]
        let mappings = try Mappings(json: json)
        #expect(mappings.field("message.raw") == FieldMapping(path: "message.raw", type: .keyword, ignoreAbove: 1024, parent: "message"))
        #expect(mappings.field("http.status") == FieldMapping(path: "http.status", type: .short, docValues: false, coerce: false))
        #expect(mappings.field("@timestamp")?.index == false)
        #expect(mappings.json.jsonString == #"{"dynamic":"strict","date_detection":false,"numeric_detection":true,"#
            + #""dynamic_date_formats":["yyyy-MM-dd"],"properties":{"message":{"type":"text","analyzer":"whitespace","#
            + #""fields":{"raw":{"type":"keyword","ignore_above":1024}}},"http":{"properties":{"status":{"type":"short","#
            + #""doc_values":false,"coerce":false}}},"@timestamp":{"type":"date","index":false,"#
            + #""format":"strict_date_optional_time||epoch_second"},"client":{"properties":{"ip":{"type":"ip"},"#
            + #""geo":{"type":"object","dynamic":"true"}}},"ok":{"type":"boolean"},"d":{"type":"double"}}}"#)
        #expect(try Mappings(json: mappings.json) == mappings)
        #expect(try Mappings(json: Mappings().json) == Mappings())

        // Interleaved dynamic fields come back grouped by object: equal, though numbered differently.
        var dynamic = Mappings()
        var values: [MappedValue] = []
        _ = try dynamic.map(document(#"{"a":{"x":1},"b":"2"}"#), id: "1", into: &values)
        _ = try dynamic.map(document(#"{"a":{"y":1.5}}"#), id: "2", into: &values)
        let reread = try Mappings(json: dynamic.json)
        #expect(reread == dynamic)
        #expect(summary(dynamic) == ["a.x:long"] + textWithKeyword("b") + ["a.y:float"])
        #expect(summary(reread) == ["a.x:long", "a.y:float"] + textWithKeyword("b"))
    }

    @Test func badMappingDefinitionsNameFieldAndParameter() {
        let cases: [(JSONValue, String)] = [
            (["properties": ["loc": ["type": "geo_point"]]], "No handler for type [geo_point] declared on field [loc]"),
            (["properties": ["a": ["properties": ["b": ["type": "keyword", "analyzer": "standard"]]]]],
             "unknown parameter [analyzer] on mapper [a.b] of type [keyword]"),
            (["properties": ["t": ["type": "text", "doc_values": true]]], "unknown parameter [doc_values] on mapper [t] of type [text]"),
            (["properties": ["t": ["type": "text", "analyzer": "english"]]], "analyzer [english] has not been configured in mappings"),
            (["properties": ["d": ["type": "date", "format": "yyyy-qq"]]],
             "Error parsing [format] on field [d]: Invalid format: [yyyy-qq]: Unknown pattern letter: q"),
            (["properties": ["k": ["type": "keyword", "ignore_above": -1]]],
             "[ignore_above] on field [k] must be a non-negative integer, got [-1]"),
            (["properties": ["k": ["type": "keyword", "index": "yes"]]],
             "Failed to parse value [yes] as only [true] or [false] are allowed for [index] on [k]."),
            (["properties": ["m": ["type": "text", "fields": ["r": ["type": "object"]]]]], "Type [object] cannot be used in multi field [m.r]"),
            (["properties": ["o": ["properties": [:], "store": true]]], "Mapping definition for [o] has unsupported parameters:  [store : true]"),
            (["dynamic": "runtime"], "[dynamic] on [_doc] must be true, false or strict, got [runtime]"),
        ]
        for (json, detail) in cases {
            #expect(mappingError { () throws(MappingError) in _ = try Mappings(json: json) } == MappingError(
                type: "mapper_parsing_exception", reason: "Failed to parse mapping: \(detail)",
                cause: .init(type: "mapper_parsing_exception", reason: detail)), "\(json)")
        }
        #expect(mappingError { () throws(MappingError) in _ = try Mappings(json: ["_doc": ["properties": [:]]]) } == MappingError(
            type: "mapper_parsing_exception", reason: "Root mapping definition has unsupported parameters:  [_doc : {properties={}}]"))
    }

    @Test func mergeAddsFieldsAndRejectsConflicts() throws {
        var mappings = try Mappings(json: ["properties": ["n": ["type": "long"], "k": ["type": "keyword", "ignore_above": 10],
                                                          "t": ["type": "text"], "o": ["properties": ["x": ["type": "keyword"]]]]])
        try mappings.merge(Mappings(json: ["dynamic": "strict", "properties": [
            "k": ["type": "keyword", "ignore_above": 20], "o": ["properties": ["y": ["type": "ip"]]], "new": ["type": "date"],
            "t": ["type": "text", "fields": ["raw": ["type": "keyword"]]],
        ]]))
        #expect(mappings.dynamic == .strict)
        #expect(summary(mappings) == ["n:long", "k:keyword", "t:text", "o.x:keyword", "o.y:ip", "new:date", "t.raw:keyword"])
        #expect(mappings.field("k")?.ignoreAbove == 20)
        var values: [MappedValue] = []
        _ = try mappings.map(document(#"{"t":"hello"}"#), id: "1", into: &values)
        #expect(values == [MappedValue(field: 2, value: .text("hello")), MappedValue(field: 6, value: .keyword("hello"))])

        let before = mappings
        let conflicts: [(JSONValue, String)] = [
            (["properties": ["extra": ["type": "long"], "n": ["type": "keyword"]]], "mapper [n] cannot be changed from type [long] to [keyword]"),
            (["properties": ["t": ["type": "text", "analyzer": "whitespace"]]],
             "Mapper for [t] conflicts with existing mapper:\n\tCannot update parameter [analyzer] from [default] to [whitespace]"),
            (["properties": ["n": ["properties": ["x": ["type": "long"]]]]], "can't merge a non object mapping [n] with an object mapping"),
            (["properties": ["o": ["type": "keyword"]]], "can't merge a non object mapping [o] with an object mapping"),
        ]
        for (json, reason) in conflicts {
            var copy = mappings
            let update = try Mappings(json: json)
            #expect(mappingError { () throws(MappingError) in try copy.merge(update) } == MappingError(type: "illegal_argument_exception", reason: reason))
            #expect(copy == before)
        }
    }

    /// The walk remembers which key it saw at each position; documents in other orders, with dotted
    /// and nested spellings mixed, must still map every value to the same field.
    @Test func keyOrderAndSpellingDoNotChangeTheResult() throws {
        let base = try Mappings(json: ["properties": ["a": ["type": "long"], "b": ["type": "keyword"],
                                                      "o": ["properties": ["x": ["type": "long"], "y": ["type": "keyword"]]]]])
        let spellings: [(String, JSONValue)] = [("a", 1), ("b", "v"), ("o.x", 2), ("o", ["y": "w"]), ("o.y", "z")]
        let expected: [String: [MappedValue.Value]] = ["a": [.long(1)], "b": [.keyword("v")], "o.x": [.long(2)],
                                                        "o.y": [.keyword("w"), .keyword("z")]]
        var mappings = base
        var random = SplitMix64(seed: 42)
        var values: [MappedValue] = []
        for round in 0..<200 {
            var object = JSONObject()
            for (key, value) in spellings.shuffled(using: &random) { object[key] = value }
            #expect(try mappings.map(Document(fields: object), id: String(round), into: &values) == false)
            var byField: [String: [MappedValue.Value]] = [:]
            for value in values { byField[mappings.fields[value.field].path, default: []].append(value.value) }
            byField["o.y"]?.sort { "\($0)" < "\($1)" }
            #expect(byField == expected, "\(object)")
        }
        #expect(mappings == base)
        // A failing document after a remembered order leaves no trace either.
        let before = mappings
        #expect(try mapError(&mappings, #"{"b":"v","a":"not a number","o.x":2}"#, values: &values) != nil)
        #expect(mappings == before)
        #expect(try mappings.map(document(#"{"b":"v","a":7}"#), id: "x", into: &values) == false)
        #expect(values == [MappedValue(field: 1, value: .keyword("v")), MappedValue(field: 0, value: .long(7))])
    }

    @Test func datePatternsParseJavaTimeSyntax() throws {
        let cases: [(String, String, Int64?)] = [
            ("yyyy-MM-dd HH:mm:ss", "2024-03-04 10:15:30", 1_709_547_330_000),
            ("yyyyMMdd'T'HHmmss.SSSZ", "20240304T101530.250+0100", 1_709_543_730_250),
            ("dd/MMM/yyyy:HH:mm:ss Z", "04/mar/2024:10:15:30 -0130", 1_709_552_730_000),
            ("MMMM d, yyyy h:mm a", "March 4, 2024 1:05 PM", 1_709_557_500_000),
            ("yyyy-MM-dd['T'HH:mm]", "2024-03-04", 1_709_510_400_000),
            ("yyyy-MM-dd['T'HH:mm]", "2024-03-04T10:15", 1_709_547_300_000),
            ("EEE, dd MMM yyyy HH:mm:ss XXX", "Mon, 04 Mar 2024 10:15:30 Z", 1_709_547_330_000),
            ("yyyy-MM-dd HH:mm:ss", "2024-03-04 24:00:00", nil),
            ("yyyy-MM-dd", "2024-03-04x", nil),
            ("strict_date_optional_time", "2024-03-04T10:15:30", 1_709_547_330_000),
            ("strict_date_optional_time", "2024-03-04 10:15:30", nil),
            ("strict_date_time", "2024-03-04T10:15:30Z", nil),
            ("strict_date_time", "2024-03-04T10:15:30.5Z", 1_709_547_330_500),
            ("strict_date_time_no_millis", "2024-03-04T10:15:30+01:00", 1_709_543_730_000),
            ("strict_date", "2024-03-04T10:15:30", nil),
            ("epoch_millis", "-1000", -1000),
            ("epoch_millis||epoch_second", "12.5", 12),
        ]
        for (format, text, expected) in cases {
            #expect(try DateFormat(format).parse(text) == expected, "\(format) \(text)")
        }
    }
}
