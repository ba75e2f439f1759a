import SiftIndex

/// A wildcard or Lucene regular expression translated to an anchored PCRE2 pattern, with the
/// literal text every match starts with (so the term dictionary is entered there, not at the top).
struct TermPattern {
    var pcre: String
    var literalPrefix: String

    /// `text` exactly, then `suffix` (a PCRE fragment).
    init(literal text: String, suffix: String) {
        pcre = "\\A" + Self.quote(text) + suffix + "\\z"
        literalPrefix = text
    }

    /// `*` any run of characters, `?` one character, `\` escapes the next.
    init(wildcard: String) {
        var out = "\\A", prefix = "", literal = true, escaped = false
        for ch in wildcard {
            if escaped {
                out += Self.quote(String(ch))
                if literal { prefix.append(ch) }
                escaped = false
                continue
            }
            switch ch {
            case "\\": escaped = true
            case "*": out += "(?s:.*)"; literal = false
            case "?": out += "(?s:.)"; literal = false
            default:
                out += Self.quote(String(ch))
                if literal { prefix.append(ch) }
            }
        }
        pcre = out + "\\z"
        literalPrefix = prefix
    }

    /// Lucene's regular expression syntax: the common operators (`. ? + * {n,m} | ( ) [ ]`) mean the
    /// same in PCRE2; `"…"` quotes a literal, `@` is any string, `#` the empty language, and `<n-m>`
    /// a numeric interval is not supported. Always anchored at both ends.
    init(luceneRegex: String) {
        var out = "", inQuotes = false, escaped = false, inClass = false
        for ch in luceneRegex {
            if escaped {
                out += Self.quote(String(ch))
                escaped = false
                continue
            }
            if inQuotes {
                if ch == "\"" { inQuotes = false } else { out += Self.quote(String(ch)) }
                continue
            }
            switch ch {
            case "\\": escaped = true
            case "\"" where !inClass: inQuotes = true
            case "@" where !inClass: out += "(?s:.*)"
            case "#" where !inClass: out += "(?!)"
            case "^" where !inClass, "$" where !inClass: out += "\\" + String(ch)
            case "[": inClass = true; out.append(ch)
            case "]": inClass = false; out.append(ch)
            default: out.append(ch)
            }
        }
        pcre = "\\A(?:" + out + ")\\z"
        literalPrefix = ""
    }

    /// PCRE2's `\Q…\E` would be shorter but breaks on `\E` inside the text; escape every
    /// non-alphanumeric ASCII character instead.
    static func quote(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII && !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) { out.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}

/// Field name patterns (`http.*`, `*.keyword`, `*`) in `fields` lists, `exists` and query_string.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        matches(Array(pattern.utf8)[...], Array(text.utf8)[...])
    }

    private static func matches(_ p: ArraySlice<UInt8>, _ t: ArraySlice<UInt8>) -> Bool {
        guard let first = p.first else { return t.isEmpty }
        if first == UInt8(ascii: "*") {
            let rest = p.dropFirst()
            var tail = t
            while true {
                if matches(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let c = t.first, c == first else { return false }
        return matches(p.dropFirst(), t.dropFirst())
    }
}

/// An IP address or CIDR block (`10.0.0.0/8`, `2001:db8::/32`) as an inclusive range of the
/// 16-byte terms that `ip` fields index.
struct IPRange {
    var lower: [UInt8]
    var upper: [UInt8]

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = IPAddress.parse(String(first)) else { return nil }
        guard parts.count == 2 else {
            (lower, upper) = (address, address)
            return
        }
        let isV4 = String(first).contains(".") && !String(first).contains(":")
        guard let bits = Int(parts[1]), bits >= 0, bits <= (isV4 ? 32 : 128) else { return nil }
        let prefixBits = isV4 ? bits + 96 : bits
        var low = address, high = address
        for bit in prefixBits..<128 {
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            low[bit / 8] &= ~mask
            high[bit / 8] |= mask
        }
        (lower, upper) = (low, high)
    }
}
