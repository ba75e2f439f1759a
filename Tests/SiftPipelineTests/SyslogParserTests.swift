import SiftCore
import SiftPipeline
import Testing

@Suite struct SyslogParserTests {
    /// 2026-11-25T00:00:00Z: the frames from SHIPPERS.md were captured the evening before.
    static let now = Timestamp(seconds: 1_795_564_800)

    static func parse(_ frame: String, now: Timestamp = now, timezoneOffsetSeconds: Int = 0) -> Document {
        SyslogParser.parse(Array(frame.utf8), now: now, timezoneOffsetSeconds: timezoneOffsetSeconds)
    }

    static func json(_ document: Document) -> String {
        String(decoding: document.jsonBytes(), as: UTF8.self)
    }

    static func time(_ iso: String) -> Timestamp {
        Timestamp(iso8601: iso) ?? Timestamp(seconds: 0)
    }

    // MARK: Frames as SHIPPERS.md shows them on the wire

    @Test func loggerRFC3164WithTagAndPID() {
        let document = Self.parse("<134>Nov 24 22:04:56 vm web-frontend[4242]: text\n")
        let expected = #"{"@timestamp":"2026-11-24T22:04:56.000Z","message":"text","#
            + #""event":{"original":"<134>Nov 24 22:04:56 vm web-frontend[4242]: text"},"#
            + #""log":{"syslog":{"priority":134,"facility":{"code":16,"name":"local0"},"#
            + #""severity":{"code":6,"name":"informational"}}},"#
            + #""host":{"hostname":"vm"},"process":{"name":"web-frontend","pid":4242}}"#
        #expect(Self.json(document) == expected)
    }

    @Test func loggerRFC5424WithStructuredData() {
        let frame = #"<134>1 2026-11-24T22:04:56.450718+00:00 vm orders - REQ [timeQuality tzKnown="1" isSynced="0"]"#
            + #"[trace@32473 trace_id="4bf92f3577b34da6a3ce929d0e0e4736" span_id="00f067aa0ba902b7"] text"#
        let document = Self.parse(frame + "\n")
        let expected = #"{"@timestamp":"2026-11-24T22:04:56.450718000Z","message":"text","#
            + #""event":{"original":"# + JSONValue.string(frame).description + "},"
            + #""log":{"syslog":{"priority":134,"facility":{"code":16,"name":"local0"},"#
            + #""severity":{"code":6,"name":"informational"},"version":"1","msgid":"REQ","#
            + #""structured_data":{"timeQuality":{"tzKnown":"1","isSynced":"0"},"#
            + #""trace@32473":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}}}},"#
            + #""host":{"hostname":"vm"},"process":{"name":"orders"}}"#
        #expect(Self.json(document) == expected)
    }

    @Test func loggerRFC3164KernelFacilityWithoutPID() {
        let document = Self.parse("<10>Nov 24 22:04:57 vm kernel: text")
        #expect(document["log.syslog.facility.name"] == "user")
        #expect(document["log.syslog.severity.name"] == "critical")
        #expect(document["log.syslog.severity.code"] == .int(2))
        #expect(document["process.name"] == "kernel")
        #expect(document["process.pid"] == nil)
        #expect(document["message"] == "text")
        #expect(document["@timestamp"] == "2026-11-24T22:04:57.000Z")
    }

    @Test func loggerUDPDatagramWithoutNewline() {
        let document = Self.parse("<29>Nov 24 22:04:57 vm CRON[999]: text")
        #expect(document["log.syslog.priority"] == .int(29))
        #expect(document["log.syslog.facility.name"] == "daemon")
        #expect(document["log.syslog.severity.name"] == "notice")
        #expect(document["process.name"] == "CRON")
        #expect(document["process.pid"] == .int(999))
        #expect(document["host.hostname"] == "vm")
    }

    @Test func rsyslogTraditionalForwardFormatKeepsTheInnerLineAsMessage() {
        let inner = "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown"
        let document = Self.parse("<133>Nov 24 22:02:33 vm Linux_2k: \(inner)\r\n")
        #expect(document["message"] == .string(inner))
        #expect(document["event.original"] == .string("<133>Nov 24 22:02:33 vm Linux_2k: \(inner)"))
        #expect(document["process.name"] == "Linux_2k")
        #expect(document["host.hostname"] == "vm")
        #expect(document["log.syslog.facility.name"] == "local0")
        #expect(document["log.syslog.severity.name"] == "notice")
        #expect(document["@timestamp"] == "2026-11-24T22:02:33.000Z")
    }

    @Test func rsyslogSyslogProtocol23FormatWithoutStructuredData() {
        let document = Self.parse("<133>1 2026-11-24T22:02:35.390473+00:00 vm Linux_2k - - - Jun 14 15:16:02 combo su(pam_unix)[21416]: session opened\r\n")
        #expect(document["message"] == "Jun 14 15:16:02 combo su(pam_unix)[21416]: session opened")
        #expect(document["log.syslog.version"] == "1")
        #expect(document["log.syslog.structured_data"] == nil)
        #expect(document["log.syslog.msgid"] == nil)
        #expect(document["process"] == .object(["name": "Linux_2k"]))
        #expect(document["@timestamp"] == "2026-11-24T22:02:35.390473000Z")
    }

    @Test func rsyslogUDPKeepsNoTrailingCR() {
        let document = Self.parse("<133>Nov 24 22:02:34 vm Linux_2k: Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass\r")
        #expect(document["message"] == "Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass")
    }

    @Test func syslogNGSyslogDriverWithMetaSequenceID() {
        let document = Self.parse(#"<13>1 2026-11-24T22:04:02+00:00 vm OpenSSH_2k - - [meta sequenceId="1"] Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping failed"# + "\n")
        #expect(document["log.syslog.structured_data"] == .object(["meta": .object(["sequenceId": "1"])]))
        #expect(document["message"] == "Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping failed")
        #expect(document["log.syslog.facility.name"] == "user")
        #expect(document["@timestamp"] == "2026-11-24T22:04:02.000Z")
    }

    // MARK: RFC 5424 edge cases

    @Test func nilValuesLeaveFieldsOutAndUseTheReceiveTime() {
        let document = Self.parse("<165>1 - - - - - -")
        #expect(Self.json(document) == #"{"@timestamp":"2026-11-25T00:00:00.000Z","message":"","#
            + #""event":{"original":"<165>1 - - - - - -"},"#
            + #""log":{"syslog":{"priority":165,"facility":{"code":20,"name":"local4"},"#
            + #""severity":{"code":5,"name":"notice"},"version":"1"}}}"#)
    }

    @Test func rfcExampleWithByteOrderMark() {
        let bom = "\u{FEFF}"
        let frame = #"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "#
            + #"[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] "# + bom + "An application event log entry"
        let document = Self.parse(frame)
        #expect(document["message"] == "An application event log entry")
        #expect(document["@timestamp"] == "2003-10-11T22:14:15.003Z")
        #expect(document["host.hostname"] == "mymachine.example.com")
        #expect(document["process.name"] == "evntslog")
        #expect(document["log.syslog.msgid"] == "ID47")
        #expect(document["log.syslog.structured_data.exampleSDID@32473"]
            == .object(["iut": "3", "eventSource": "Application", "eventID": "1011"]))
    }

    @Test func structuredDataEscapesAreUndone() {
        let document = Self.parse(#"<14>1 - h a - - [x@1 a="q\"uote" b="back\\slash" c="br\]acket" d="kept\n" e=""] m"#)
        let params: JSONValue = .object(["a": "q\"uote", "b": "back\\slash", "c": "br]acket", "d": "kept\\n", "e": ""])
        #expect(document["log.syslog.structured_data.x@1"] == params)
        #expect(document["message"] == "m")
    }

    @Test func repeatedParametersBecomeLists() {
        let document = Self.parse(#"<14>1 - h a - - [origin ip="10.0.0.1" ip="10.0.0.2" ip="10.0.0.3" software="x"] m"#)
        #expect(document["log.syslog.structured_data.origin"] == .object([
            "ip": ["10.0.0.1", "10.0.0.2", "10.0.0.3"], "software": "x",
        ]))
    }

    @Test func numericProcIDIsThePIDAndOtherProcIDsAreKeptAsText() {
        let numeric = Self.parse("<14>1 2026-11-24T10:00:00Z h app 4711 - - m")
        #expect(numeric["process.pid"] == .int(4711))
        #expect(numeric["log.syslog.procid"] == nil)
        let named = Self.parse("<14>1 2026-11-24T10:00:00Z h app worker-7 - - m")
        #expect(named["process.pid"] == nil)
        #expect(named["log.syslog.procid"] == "worker-7")
        #expect(named["process.name"] == "app")
    }

    @Test func malformedStructuredDataKeepsTheRestAsMessageAndTags() {
        let document = Self.parse(#"<14>1 2026-11-24T10:00:00Z h app - - [x@1 a="unterminated] m"#)
        #expect(document["tags"] == [.string(SyslogParser.failureTag)])
        #expect(document["message"] == #"[x@1 a="unterminated] m"#)
        #expect(document["host.hostname"] == "h")
        #expect(document["error.message"] == "malformed RFC 5424 structured data at byte 37")
    }

    @Test func frameEndingInsideTheHeaderKeepsWhatItHas() {
        let document = Self.parse("<14>1 2026-11-24T10:00:00Z host")
        #expect(document["host.hostname"] == "host")
        #expect(document["process"] == nil)
        #expect(document["message"] == "")
        #expect(document["tags"] == nil)
    }

    // MARK: RFC 3164 variants

    @Test func spacePaddedDayAndNoPID() {
        let document = Self.parse("<13>Nov  4 01:02:03 host tag: msg with  two spaces")
        #expect(document["@timestamp"] == "2026-11-04T01:02:03.000Z")
        #expect(document["process"] == .object(["name": "tag"]))
        #expect(document["message"] == "msg with  two spaces")
    }

    @Test func noHostnameWhenTheFirstWordIsATag() {
        let document = Self.parse("<38>Nov 24 22:04:57 sshd[12]: Accepted publickey")
        #expect(document["host"] == nil)
        #expect(document["process.name"] == "sshd")
        #expect(document["process.pid"] == .int(12))
        #expect(document["message"] == "Accepted publickey")
        #expect(document["log.syslog.facility.name"] == "auth")
    }

    @Test func tagWithPIDButNoColon() {
        let document = Self.parse("<78>Nov 24 22:04:57 host CRON[999] (root) CMD (run-parts)")
        #expect(document["process.name"] == "CRON")
        #expect(document["process.pid"] == .int(999))
        #expect(document["log.syslog.facility.name"] == "cron")
        #expect(document["message"] == "(root) CMD (run-parts)")
    }

    @Test func noTagLeavesTheRestAsMessage() {
        let document = Self.parse("<13>Nov 24 22:04:57 host just a message")
        #expect(document["host.hostname"] == "host")
        #expect(document["process"] == nil)
        #expect(document["message"] == "just a message")
    }

    @Test func isoDateAsRsyslogForwardFormatWritesIt() {
        let document = Self.parse("<86>2026-11-24T22:04:56.123+01:00 vm sudo[77]: pam_unix(sudo:session): session opened")
        #expect(document["@timestamp"] == "2026-11-24T21:04:56.123Z")
        #expect(document["host.hostname"] == "vm")
        #expect(document["process.name"] == "sudo")
        #expect(document["log.syslog.facility.name"] == "authpriv")
        #expect(document["message"] == "pam_unix(sudo:session): session opened")
    }

    @Test func noDateAtAll() {
        let tagged = Self.parse("<13>app: hello")
        #expect(tagged["process.name"] == "app")
        #expect(tagged["message"] == "hello")
        #expect(tagged["@timestamp"] == "2026-11-25T00:00:00.000Z")
        let bare = Self.parse("<13>hello world")
        #expect(bare["process"] == nil)
        #expect(bare["message"] == "hello world")
        #expect(bare["tags"] == nil)
    }

    @Test func timezoneOptionAppliesToDatesWithoutZone() {
        let document = Self.parse("<13>Nov 24 22:04:56 h t: m", timezoneOffsetSeconds: 3600)
        #expect(document["@timestamp"] == "2026-11-24T21:04:56.000Z")
        let negative = Self.parse("<13>Nov 24 22:04:56 h t: m", timezoneOffsetSeconds: -5 * 3600)
        #expect(negative["@timestamp"] == "2026-11-25T03:04:56.000Z")
    }

    @Test func fractionalSecondsInABSDDate() {
        let document = Self.parse("<13>Nov 24 22:04:56.250 h t: m")
        #expect(document["@timestamp"] == "2026-11-24T22:04:56.250Z")
    }

    @Test(arguments: [
        // (now, date in the message, expected @timestamp)
        ("2027-01-01T00:30:00Z", "Dec 31 23:59:59", "2026-12-31T23:59:59.000Z"),
        ("2026-11-24T22:00:00Z", "Nov 24 23:00:00", "2026-11-24T23:00:00.000Z"),
        ("2026-11-24T22:00:00Z", "Nov 25 23:00:00", "2025-11-25T23:00:00.000Z"),
        ("2026-12-31T23:00:00Z", "Jan  1 00:30:00", "2026-01-01T00:30:00.000Z"),
        ("2028-03-01T00:00:00Z", "Feb 29 12:00:00", "2028-02-29T12:00:00.000Z"),
        ("2029-01-10T00:00:00Z", "Feb 29 12:00:00", "2028-02-29T12:00:00.000Z"),
        ("2027-01-10T00:00:00Z", "Feb 29 12:00:00", "2027-01-10T00:00:00.000Z"),
    ])
    func yearIsInferredFromNow(now: String, date: String, expected: String) {
        let document = Self.parse("<13>\(date) host app: m", now: Self.time(now))
        #expect(document["@timestamp"] == .string(expected))
        #expect(document["host.hostname"] == "host")
    }

    @Test func outOfRangeTimeFallsBackToTheReceiveTime() {
        let document = Self.parse("<13>Nov 24 25:61:00 host app: m")
        #expect(document["@timestamp"] == "2026-11-25T00:00:00.000Z")
        #expect(document["host.hostname"] == "host")
        #expect(document["message"] == "m")
    }

    // MARK: Not syslog

    @Test(arguments: ["no priority at all", "<192>Nov 24 22:04:56 h t: m", "<abc>x", "<13", "<>x", "<1234>x", ""])
    func framesWithoutValidPriorityAreTaggedAndKept(frame: String) {
        let document = Self.parse(frame + "\r\n")
        #expect(document["message"] == .string(frame))
        #expect(document["event.original"] == .string(frame))
        #expect(document["tags"] == [.string(SyslogParser.failureTag)])
        #expect(document["log"] == nil)
        #expect(document["@timestamp"] == nil)
    }

    @Test func everyFacilityAndSeverityHasItsName() {
        for priority in [0, 7, 8, 191] {
            let document = Self.parse("<\(priority)>1 - - - - - - m")
            #expect(document["log.syslog.priority"] == .int(Int64(priority)))
            #expect(document["log.syslog.facility.code"] == .int(Int64(priority / 8)))
            #expect(document["log.syslog.severity.code"] == .int(Int64(priority % 8)))
        }
        #expect(Self.parse("<0>1 - - - - - - m")["log.syslog.facility.name"] == "kern")
        #expect(Self.parse("<0>1 - - - - - - m")["log.syslog.severity.name"] == "emergency")
        #expect(Self.parse("<191>1 - - - - - - m")["log.syslog.facility.name"] == "local7")
        #expect(Self.parse("<191>1 - - - - - - m")["log.syslog.severity.name"] == "debug")
        #expect(Self.parse("<123>1 - - - - - - m")["log.syslog.facility.name"] == "solaris-cron")
        #expect(Self.parse("<104>1 - - - - - - m")["log.syslog.facility.name"] == "security")
        #expect(SyslogPriority.facilityNames.count == 24)
        #expect(SyslogPriority.severityNames.count == 8)
    }

    @Test func invalidUTF8IsReplacedNotDropped() {
        let frame: [UInt8] = Array("<13>Nov 24 22:04:56 h t: caf".utf8) + [0xE9] + Array(" ok".utf8)
        let document = SyslogParser.parse(frame, now: Self.now)
        #expect(document["message"] == "caf\u{FFFD} ok")
    }
}
