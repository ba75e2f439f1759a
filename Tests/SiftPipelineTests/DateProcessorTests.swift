import SiftConfig
import SiftCore
import SiftPipeline
import Testing

@Suite struct DateProcessorTests {
    @Test func httpDateWithOffsetToUTC() throws {
        #expect(try process("  - date: { field: ts, formats: ['dd/MMM/yyyy:HH:mm:ss Z'] }\n", #"{"ts":"17/May/2015:10:05:03 +0200"}"#)
            == #"{"ts":"17/May/2015:10:05:03 +0200","@timestamp":"2015-05-17T08:05:03.000Z"}"#)
        // Logstash-style week-year letters are read as the calendar year.
        #expect(try process("  - date: { field: ts, formats: ['dd/MMM/YYYY:HH:mm:ss Z'], target_field: t }\n", #"{"ts":"25/Oct/2016:14:49:33 +0200"}"#)
            == #"{"ts":"25/Oct/2016:14:49:33 +0200","t":"2016-10-25T12:49:33.000Z"}"#)
    }

    @Test func formatsAreTriedInOrder() throws {
        let yaml = "  - date: { field: ts, formats: ['yyyy-MM-dd HH:mm:ss,SSS', ISO8601, UNIX, UNIX_MS, TAI64N] }\n"
        #expect(try process(yaml, #"{"ts":"2015-07-29 17:41:44,747"}"#) == #"{"ts":"2015-07-29 17:41:44,747","@timestamp":"2015-07-29T17:41:44.747Z"}"#)
        #expect(try process(yaml, #"{"ts":"2019-01-18T08:55:08,159+0100"}"#) == #"{"ts":"2019-01-18T08:55:08,159+0100","@timestamp":"2019-01-18T07:55:08.159Z"}"#)
        #expect(try process(yaml, #"{"ts":"1431857103.5"}"#) == #"{"ts":"1431857103.5","@timestamp":"2015-05-17T10:05:03.500Z"}"#)
        #expect(try process(yaml, #"{"ts":1431857103}"#) == #"{"ts":1431857103,"@timestamp":"2015-05-17T10:05:03.000Z"}"#)
        #expect(try process("  - date: { field: ts, formats: [UNIX_MS] }\n", #"{"ts":"1431857103123"}"#)
            == #"{"ts":"1431857103123","@timestamp":"2015-05-17T10:05:03.123Z"}"#)
        // 0x52f88ea3 = 1392021155 TAI seconds → 1392021145 UTC; 0x2489532c ns = 612,979,500 ns.
        #expect(try process(yaml, #"{"ts":"@4000000052f88ea32489532c"}"#)
            == #"{"ts":"@4000000052f88ea32489532c","@timestamp":"2014-02-10T08:32:25.612Z"}"#)
    }

    @Test func timezoneAppliesToLocalTimesAndOutput() throws {
        #expect(try process("  - date: { field: ts, formats: ['yyyy-MM-dd HH:mm:ss'], timezone: Europe/Amsterdam }\n",
                            #"{"ts":"2016-06-12 09:00:00"}"#)
            == #"{"ts":"2016-06-12 09:00:00","@timestamp":"2016-06-12T09:00:00.000+02:00"}"#)
        #expect(try process("  - date: { field: ts, formats: ['yyyy-MM-dd HH:mm:ss'], timezone: America/New_York, output_format: \"yyyy-MM-dd'T'HH:mm:ssXXX\" }\n",
                            #"{"ts":"2016-01-12 09:00:00"}"#)
            == #"{"ts":"2016-01-12 09:00:00","@timestamp":"2016-01-12T09:00:00-05:00"}"#)
        #expect(try process("  - date: { field: ts, formats: ['yyyy-MM-dd HH:mm:ss'], timezone: '+05:30', output_format: 'epoch_millis' }\n",
                            #"{"ts":"1970-01-01 05:30:00"}"#)
            == #"{"ts":"1970-01-01 05:30:00","@timestamp":"0"}"#)
    }

    @Test func syslogTimestampWithoutYearTakesTheCurrentYear() throws {
        // Now is 2024-03-01T12:00:00Z.
        let yaml = "  - date: { field: ts, formats: ['MMM  d HH:mm:ss', 'MMM dd HH:mm:ss'] }\n"
        #expect(try process(yaml, #"{"ts":"Feb 28 23:59:59"}"#) == #"{"ts":"Feb 28 23:59:59","@timestamp":"2024-02-28T23:59:59.000Z"}"#)
        #expect(try process(yaml, #"{"ts":"Jul  1 00:21:28"}"#) == #"{"ts":"Jul  1 00:21:28","@timestamp":"2023-07-01T00:21:28.000Z"}"#)
        // Less than a day ahead stays in this year (clock skew); more goes back a year.
        #expect(try process(yaml, #"{"ts":"Mar 02 11:59:59"}"#) == #"{"ts":"Mar 02 11:59:59","@timestamp":"2024-03-02T11:59:59.000Z"}"#)
        #expect(try process(yaml, #"{"ts":"Dec 10 06:55:46"}"#) == #"{"ts":"Dec 10 06:55:46","@timestamp":"2023-12-10T06:55:46.000Z"}"#)
        // A December line read on 1 January lands in the previous year.
        let newYear = Timestamp(seconds: 1_704_067_200)  // 2024-01-01T00:00:00Z
        #expect(try process(yaml, #"{"ts":"Dec 31 23:59:58"}"#, now: newYear) == #"{"ts":"Dec 31 23:59:58","@timestamp":"2023-12-31T23:59:58.000Z"}"#)
    }

    @Test func failuresAndErrors() throws {
        #expect(try process("  - date: { field: ts, formats: [ISO8601] }\n", #"{"ts":"not a date"}"#)
            == #"{"ts":"not a date","tags":["_dateparsefailure"],"error":{"message":"unable to parse date [not a date]"}}"#)
        #expect(try process("  - date: { field: ts, formats: [ISO8601] }\n", #"{"x":1}"#)
            == #"{"x":1,"tags":["_dateparsefailure"],"error":{"message":"field [ts] not present as part of path [ts]"}}"#)
        #expect(chainError("  - date: { field: ts, formats: ['yyyy-bb'] }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].date.formats[0]",
                        reason: "invalid date format [yyyy-bb]: [format] Invalid format: [yyyy-bb]: Unknown pattern letter: b"))
        #expect(chainError("  - date: { field: ts, formats: [ISO8601], timezone: Mars/Olympus }\n")?.description.hasPrefix(
            "pipelines/test.yaml: processors[0].date.timezone: ") == true)
        #expect(chainError("  - date: { field: ts }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].date.formats", reason: "required property is missing; give at least one format"))
    }
}
