/// The built-in grok patterns, by name.
///
/// Written for Sift from the public semantics of the Logstash/Elasticsearch grok library (same
/// names, same matching behaviour), with Elasticsearch's ECS field names (`ecs_compatibility: v1`)
/// in the patterns that capture: `COMBINEDAPACHELOG` writes `source.address`,
/// `http.request.method`, `url.original`, `http.version`, `http.response.status_code` (int),
/// `http.response.body.bytes` (long), `http.request.referrer`, `user_agent.original`, `timestamp`.
/// Groups here never capture unnamed (`(?:...)` throughout), so compiled patterns carry only the
/// groups that become fields.
enum GrokLibrary {
    static let patterns: [String: String] = {
        var patterns = base
        for (name, definition) in network { patterns[name] = definition }
        for (name, definition) in dates { patterns[name] = definition }
        for (name, definition) in formats { patterns[name] = definition }
        return patterns
    }()

    private static let base: [String: String] = [
        "USERNAME": #"[a-zA-Z0-9._-]+"#,
        "USER": #"%{USERNAME}"#,
        "EMAILLOCALPART": #"[a-zA-Z0-9!#$%&'*+\-/=?^_`{|}~]{1,64}(?:\.[a-zA-Z0-9!#$%&'*+\-/=?^_`{|}~]{1,62}){0,63}"#,
        "EMAILADDRESS": #"%{EMAILLOCALPART}@%{HOSTNAME}"#,
        "INT": #"(?:[+-]?[0-9]+)"#,
        "BASE10NUM": #"(?<![0-9.+-])(?>[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+))"#,
        "NUMBER": #"%{BASE10NUM}"#,
        "BASE16NUM": #"(?<![0-9A-Fa-f])(?:[+-]?(?:0x)?[0-9A-Fa-f]+)"#,
        "BASE16FLOAT": #"\b(?<![0-9A-Fa-f.])(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+(?:\.[0-9A-Fa-f]*)?|\.[0-9A-Fa-f]+))\b"#,
        "POSINT": #"\b[1-9][0-9]*\b"#,
        "NONNEGINT": #"\b[0-9]+\b"#,
        "WORD": #"\b\w+\b"#,
        "NOTSPACE": #"\S+"#,
        "SPACE": #"\s*"#,
        "DATA": #".*?"#,
        "GREEDYDATA": #".*"#,
        // "…", '…' or `…` with backslash escapes, or an empty pair; atomic so a failed match gives up fast.
        "QUOTEDSTRING": #"(?>(?<!\\)(?>"(?>\\.|[^\\"]+)+"|""|'(?>\\.|[^\\']+)+'|''|`(?>\\.|[^\\`]+)+`|``))"#,
        "QS": #"%{QUOTEDSTRING}"#,
        "UUID": #"[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}"#,
        "URN": #"urn:[0-9A-Za-z][0-9A-Za-z-]{0,31}:(?:%[0-9a-fA-F]{2}|[0-9A-Za-z()+,.:=@;$_!*'/?#-])+"#,
        "LOGLEVEL": #"(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?|INFO?(?:RMATION)?|[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)"#,
        "JAVACLASS": #"(?:[a-zA-Z$_][a-zA-Z$_0-9]*\.)*[a-zA-Z$_][a-zA-Z$_0-9]*"#,
        "JAVAFILE": #"(?:[a-zA-Z$_0-9. -]+)"#,
        "JAVAMETHOD": #"(?:<(?:cl)?init>|[a-zA-Z$_][a-zA-Z$_0-9]*)"#,
        "JAVALOGMESSAGE": #"(?:.*)"#,
    ]

    /// One IPv4 octet: 0–255, leading zeros allowed as in the classic pattern.
    private static let octet = #"(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]{1,2})"#
    private static let ipv4Core = "\(octet)\\.\(octet)\\.\(octet)\\.\(octet)"

    /// IPv6 in all its `::`-compressed forms, with an optional dotted IPv4 tail and `%zone`.
    private static let ipv6: String = {
        let h = "[0-9A-Fa-f]{1,4}"
        let v4 = ipv4Core
        let forms = [
            "(?:\(h):){7}(?:\(h)|:)",
            "(?:\(h):){6}(?::\(h)|\(v4)|:)",
            "(?:\(h):){5}(?:(?::\(h)){1,2}|:\(v4)|:)",
            "(?:\(h):){4}(?:(?::\(h)){1,3}|(?::\(h))?:\(v4)|:)",
            "(?:\(h):){3}(?:(?::\(h)){1,4}|(?::\(h)){0,2}:\(v4)|:)",
            "(?:\(h):){2}(?:(?::\(h)){1,5}|(?::\(h)){0,3}:\(v4)|:)",
            "(?:\(h):)(?:(?::\(h)){1,6}|(?::\(h)){0,4}:\(v4)|:)",
            ":(?:(?::\(h)){1,7}|(?::\(h)){0,5}:\(v4)|:)",
        ]
        return "(?:" + forms.joined(separator: "|") + ")(?:%[0-9A-Za-z._-]+)?"
    }()

    private static let network: [String: String] = [
        "CISCOMAC": #"(?:(?:[A-Fa-f0-9]{4}\.){2}[A-Fa-f0-9]{4})"#,
        "WINDOWSMAC": #"(?:(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2})"#,
        "COMMONMAC": #"(?:(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2})"#,
        "MAC": #"(?:%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC})"#,
        "IPV6": ipv6,
        "IPV4": "(?<![0-9])(?:\(ipv4Core))(?![0-9])",
        "IP": #"(?:%{IPV6}|%{IPV4})"#,
        "HOSTNAME": #"\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\.?|\b)"#,
        "IPORHOST": #"(?:%{IP}|%{HOSTNAME})"#,
        "HOSTPORT": #"%{IPORHOST}:%{POSINT}"#,
        "UNIXPATH": #"(?:/[[:alnum:]_%!$@:.,+~-]*)+"#,
        "WINPATH": #"(?>[A-Za-z]+:|\\)(?:\\[^\\?*]*)+"#,
        "PATH": #"(?:%{UNIXPATH}|%{WINPATH})"#,
        "TTY": #"(?:/dev/(?:pts|tty[pq]?)(?:\w+)?/?(?:[0-9]+))"#,
        "URIPROTO": #"[A-Za-z][A-Za-z0-9+\-.]+"#,
        "URIHOST": #"%{IPORHOST}(?::%{POSINT})?"#,
        "URIPATH": #"(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\-]*)+"#,
        "URIQUERY": #"[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\-\[\]<>]*"#,
        "URIPARAM": #"\?%{URIQUERY}"#,
        "URIPATHPARAM": #"%{URIPATH}(?:\?%{URIQUERY})?"#,
        "URI": #"%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATH}(?:\?%{URIQUERY})?)?"#,
    ]

    private static let dates: [String: String] = [
        "MONTH": #"\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|ä)?r(?:ch|z)?|[Aa]pr(?:il)?|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|[Jj]ul(?:y|i)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo](?:c|k)?t(?:ober)?|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\b"#,
        "MONTHNUM": #"(?:0?[1-9]|1[0-2])"#,
        "MONTHNUM2": #"(?:0[1-9]|1[0-2])"#,
        "MONTHDAY": #"(?:0[1-9]|[12][0-9]|3[01]|[1-9])"#,
        "DAY": #"(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)"#,
        "YEAR": #"(?>[0-9][0-9]){1,2}"#,
        "HOUR": #"(?:2[0123]|[01]?[0-9])"#,
        "MINUTE": #"(?:[0-5][0-9])"#,
        // 60 allows a leap second.
        "SECOND": #"(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)"#,
        "TIME": #"(?<![0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])"#,
        "DATE_US": #"%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}"#,
        "DATE_EU": #"%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}"#,
        "ISO8601_TIMEZONE": #"(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))"#,
        "ISO8601_SECOND": #"%{SECOND}"#,
        "TIMESTAMP_ISO8601": #"%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?"#,
        "DATE": #"%{DATE_US}|%{DATE_EU}"#,
        "DATESTAMP": #"%{DATE}[- ]%{TIME}"#,
        "TZ": #"(?:[APMCE][SD]T|UTC)"#,
        "DATESTAMP_RFC822": #"%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ}"#,
        "DATESTAMP_RFC2822": #"%{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE}"#,
        "DATESTAMP_OTHER": #"%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR}"#,
        "DATESTAMP_EVENTLOG": #"%{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND}"#,
        "HTTPDATE": #"%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}"#,
        "SYSLOGTIMESTAMP": #"%{MONTH} +%{MONTHDAY} %{TIME}"#,
        "HTTPDERROR_DATE": #"%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{YEAR}"#,
    ]

    private static let formats: [String: String] = [
        "PROG": #"[\x21-\x5a\x5c\x5e-\x7e]+"#,
        "SYSLOGPROG": #"%{PROG:process.name}(?:\[%{POSINT:process.pid:int}\])?"#,
        "SYSLOGHOST": #"%{IPORHOST}"#,
        "SYSLOGFACILITY": #"<%{NONNEGINT:log.syslog.facility.code:int}.%{NONNEGINT:log.syslog.priority:int}>"#,
        "SYSLOGBASE": #"%{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:host.hostname} %{SYSLOGPROG}:"#,
        "HTTPDUSER": #"%{EMAILADDRESS}|%{USER}"#,
        "HTTPD_COMMONLOG": #"%{IPORHOST:source.address} (?:-|%{HTTPDUSER:apache.access.user.identity}) (?:-|%{HTTPDUSER:user.name}) \[%{HTTPDATE:timestamp}\] "(?:%{WORD:http.request.method} %{NOTSPACE:url.original}(?: HTTP/%{NUMBER:http.version})?|%{DATA})" (?:-|%{INT:http.response.status_code:int}) (?:-|%{INT:http.response.body.bytes:long})"#,
        "HTTPD_COMBINEDLOG": #"%{HTTPD_COMMONLOG} "(?:-|%{DATA:http.request.referrer})" "(?:-|%{DATA:user_agent.original})""#,
        "HTTPD20_ERRORLOG": #"\[%{HTTPDERROR_DATE:timestamp}\] \[%{LOGLEVEL:log.level}\] (?:\[client %{IPORHOST:source.address}\] )?%{GREEDYDATA:message}"#,
        "HTTPD24_ERRORLOG": #"\[%{HTTPDERROR_DATE:timestamp}\] \[(?:%{WORD:apache.error.module})?:%{LOGLEVEL:log.level}\] \[pid %{POSINT:process.pid:int}(?::tid %{INT:process.thread.id:long})?\](?: \(%{POSINT:apache.error.proxy.error.code}\)%{DATA:apache.error.proxy.error.message}:)?(?: \[client %{IPORHOST:source.address}(?::%{POSINT:source.port:int})?\])?(?: %{DATA:error.code}:)? %{GREEDYDATA:message}"#,
        "HTTPD_ERRORLOG": #"%{HTTPD20_ERRORLOG}|%{HTTPD24_ERRORLOG}"#,
        "COMMONAPACHELOG": #"%{HTTPD_COMMONLOG}"#,
        "COMBINEDAPACHELOG": #"%{HTTPD_COMBINEDLOG}"#,
    ]
}
