/// The names of syslog facilities and severities, as ECS writes them in `log.syslog.facility.name`
/// and `log.syslog.severity.name`.
///
/// `PRI = facility × 8 + severity`; facilities 13–15 have no standard keyword, and these names
/// (`security`, `console`, `solaris-cron`) are the ones rsyslog and Elastic's syslog processor use.
package enum SyslogPriority {
    /// The largest valid PRI: facility 23 (`local7`), severity 7 (`debug`).
    package static let maximum = 191

    package static let facilityNames: [String] = [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
        "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ]

    package static let severityNames: [String] = [
        "emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug",
    ]

    /// The facility and severity codes of a PRI value in `0...maximum`.
    package static func split(_ priority: Int) -> (facility: Int, severity: Int) {
        (priority >> 3, priority & 7)
    }
}
