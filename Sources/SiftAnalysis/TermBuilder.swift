/// Accumulates one term's bytes in caller-provided scratch memory, then copies them out.
///
/// Tokenizers scan a token and normalise it in the same pass; the only heap allocation per
/// token is the final `[UInt8]`. The scratch capacity is the maximum term length, so "does the
/// next scalar fit" is the split rule for over-long runs.
struct TermBuilder {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    /// `storage` must outlive the builder; its size is the maximum term length in bytes.
    init(storage: UnsafeMutableBufferPointer<UInt8>) {
        self.storage = storage
    }

    var isEmpty: Bool { count == 0 }

    /// Appends the scalar `value` spanning `text[i..<i+length]`, lowercased if asked.
    ///
    /// Returns false and appends nothing when the result would not fit. Lowercasing is per
    /// scalar and context-free (full mapping, so `İ` gives `i̇`; final sigma is not special).
    @inline(__always)
    mutating func append(
        _ value: UInt32, length: Int, from text: UnsafeRawBufferPointer, at i: Int, lowercase: Bool
    ) -> Bool {
        if length == 1 {
            guard count < storage.count else { return false }
            let byte = UInt8(truncatingIfNeeded: value)
            storage[count] = lowercase && byte &- 0x41 < 26 ? byte | 0x20 : byte
            count += 1
            return true
        }
        return appendMultibyte(value, length: length, from: text, at: i, lowercase: lowercase)
    }

    @inline(never)
    private mutating func appendMultibyte(
        _ value: UInt32, length: Int, from text: UnsafeRawBufferPointer, at i: Int, lowercase: Bool
    ) -> Bool {
        if lowercase, let scalar = Unicode.Scalar(value), scalar.properties.changesWhenLowercased {
            // A one-scalar mapping is a small string stored inline: no allocation.
            let mapped = scalar.properties.lowercaseMapping.utf8
            guard count + mapped.count <= storage.count else { return false }
            for byte in mapped {
                storage[count] = byte
                count += 1
            }
            return true
        }
        guard count + length <= storage.count else { return false }
        for k in 0..<length {
            storage[count + k] = text[i + k]
        }
        count += length
        return true
    }

    /// Appends the run of ASCII letters and digits starting at `text[i]`, lowercased if asked,
    /// until another byte or a full term; returns where the run stopped and the class of its
    /// last byte (nil if it took nothing).
    ///
    /// The common case of log text, kept in a loop of locals so the compiler holds the count in
    /// a register instead of storing it through `self` for every byte.
    @inline(__always)
    mutating func appendASCIIAlphanumerics(
        from text: UnsafeRawBufferPointer, at i: Int, lowercase: Bool
    ) -> (end: Int, last: WordClass?) {
        var i = i, count = self.count, last: WordClass? = nil
        let base = storage.baseAddress!, capacity = storage.count
        let caseBit: UInt8 = lowercase ? 0x20 : 0
        while i < text.count, count < capacity {
            let byte = text[i]
            if (byte | 0x20) &- 0x61 < 26 {
                base[count] = byte | caseBit
                last = .letter
            } else if byte &- 0x30 < 10 {
                base[count] = byte
                last = .digit
            } else {
                break
            }
            count += 1
            i += 1
        }
        self.count = count
        return (i, last)
    }

    /// Forgets bytes appended after `count` was `mark`.
    mutating func rollBack(to mark: Int) {
        count = mark
    }

    /// The accumulated term; the builder is empty afterwards.
    mutating func take() -> [UInt8] {
        // Not `Array(unsafeUninitializedCapacity:)`: it is not specialised for UInt8 and looks
        // up generic metadata on every call, which cost more than the scan itself.
        let term = Array(UnsafeBufferPointer(start: storage.baseAddress, count: count))
        count = 0
        return term
    }
}
