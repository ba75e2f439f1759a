/// A JSON object that keeps its keys in insertion order.
///
/// Log documents are small (tens of keys) and are written back out in the order they arrived, so a
/// plain array of entries beats a hash table here: lookups are a short linear scan and no hashing is
/// paid while parsing. Equality is order-sensitive: `{"a":1,"b":2} != {"b":2,"a":1}`.
///
/// Invariant: keys are distinct. ``JSONReader`` rejects duplicates and the keyed subscript keeps it;
/// ``append(key:value:)`` and the initialisers trust their caller, and with a duplicate the keyed
/// subscript sees the first entry only.
package struct JSONObject: Sendable, RandomAccessCollection {
    /// One entry of the object.
    package typealias Element = (key: String, value: JSONValue)
    /// Positions are offsets into the entry list.
    package typealias Index = Int

    /// Storage. A struct rather than the `Element` tuple, because the compiler specialises copying and
    /// destroying a struct, whereas arrays of tuples go through the runtime's generic tuple witnesses.
    /// `@usableFromInline` (with ``entries``) so that the `Collection` members below can be
    /// `@inlinable`: iterating an object from another module is then specialised and inlined there
    /// instead of calling through the conformance for every element.
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline let key: String
        @usableFromInline var value: JSONValue
        /// The key's first UTF-8 byte (0xFF when empty), read once here for ``keyMatches``. It
        /// fits in the entry's padding, and `key` is a `let` so the two cannot drift apart.
        @usableFromInline let keyFirst: UInt8

        @inlinable
        init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
            keyFirst = key.utf8.first ?? 0xFF
        }
    }

    @usableFromInline var entries: [Entry]

    /// An empty object.
    package init() { entries = [] }

    /// An object with these entries, in this order; keys must be distinct.
    package init(_ entries: [Element]) { self.entries = entries.map { Entry(key: $0.key, value: $0.value) } }

    init(entries: [Entry]) { self.entries = entries }

    /// An empty object with room for `capacity` entries.
    package init(minimumCapacity capacity: Int) {
        entries = []
        entries.reserveCapacity(capacity)
    }

    /// Always `0`.
    @inlinable package var startIndex: Int { 0 }
    /// The number of entries.
    @inlinable package var endIndex: Int { entries.count }
    /// The entry at `position`.
    @inlinable package subscript(position: Int) -> Element {
        let entry = entries[position]
        return (key: entry.key, value: entry.value)
    }

    /// The keys in order.
    package var keys: [String] { entries.map(\.key) }

    /// The offset of `key`, if present.
    package func index(forKey key: String) -> Int? {
        // The probe's first byte is read once; see `keyMatches` for why it decides most mismatches.
        let probeFirst = key.utf8.first ?? 0xFF
        for i in entries.indices where Self.keyMatches(entries[i], key, probeFirst: probeFirst) { return i }
        return nil
    }

    /// Whether `candidate.key == key`, where `probeFirst` is the first UTF-8 byte of `key` (0xFF if empty).
    ///
    /// Lookups are linear scans, so most comparisons are mismatches, and String `==` (Unicode
    /// canonical equivalence) is an out-of-line call even for short ASCII keys. Two strings whose
    /// first bytes are different ASCII characters are never equal: an ASCII character decomposes to
    /// itself and, as a starter, stays first under canonical ordering, so their canonical forms
    /// start differently. Anything else (same first byte, non-ASCII, empty) goes to `==`.
    @inline(__always)
    private static func keyMatches(_ candidate: Entry, _ key: String, probeFirst: UInt8) -> Bool {
        if probeFirst < 0x80, candidate.keyFirst < 0x80, candidate.keyFirst != probeFirst { return false }
        return candidate.key == key
    }

    /// The value for `key`. Setting `nil` removes the entry; setting a missing key appends it.
    package subscript(key: String) -> JSONValue? {
        get {
            let probeFirst = key.utf8.first ?? 0xFF
            for entry in entries where Self.keyMatches(entry, key, probeFirst: probeFirst) { return entry.value }
            return nil
        }
        set {
            if let i = index(forKey: key) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    /// Removes `key` and returns its value; later entries keep their order.
    @discardableResult
    package mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = index(forKey: key) else { return nil }
        return entries.remove(at: i).value
    }

    /// Appends an entry without looking for an existing `key`: for builders that know keys are new.
    package mutating func append(key: String, value: JSONValue) {
        entries.append(Entry(key: key, value: value))
    }

    /// Reserves room for `capacity` entries.
    package mutating func reserveCapacity(_ capacity: Int) {
        entries.reserveCapacity(capacity)
    }

    /// Replaces the value at `position` in place.
    ///
    /// The value is moved out for the call so a nested object or array is uniquely referenced and
    /// can be mutated without a copy.
    @discardableResult
    mutating func modifyValue<R>(at position: Int, _ body: (inout JSONValue) -> R) -> R {
        var value = entries[position].value
        entries[position].value = .null
        defer { entries[position].value = value }
        return body(&value)
    }

    /// Removes the entry at `position` and returns its value.
    mutating func removeEntry(at position: Int) -> JSONValue {
        entries.remove(at: position).value
    }
}

extension JSONObject: Hashable {
    /// Same keys with equal values, in the same order.
    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for (l, r) in zip(lhs.entries, rhs.entries) where l.key != r.key || l.value != r.value {
            return false
        }
        return true
    }

    /// Hashes keys and values in order, consistent with `==`.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.value)
        }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object literal; the literal's order is kept and keys must be distinct.
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        entries = elements.map { Entry(key: $0.0, value: $0.1) }
    }
}

extension JSONObject: CustomStringConvertible {
    /// The compact JSON text of this object.
    package var description: String { JSONValue.object(self).jsonString }
}
