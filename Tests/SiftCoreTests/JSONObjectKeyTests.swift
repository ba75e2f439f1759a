import SiftCore
import Testing

/// Key lookups skip most string comparisons by first byte; keys equal under Unicode canonical
/// equivalence (as Swift's `==` has it) must still be found.
@Suite struct JSONObjectKeyTests {
    @Test func canonicallyEquivalentKeysAreTheSameKey() {
        var object: JSONObject = ["K": 1, "é": 2, "ab": 3, "": 4, "b": 5]
        #expect(object["\u{212A}"] == 1)  // KELVIN SIGN decomposes to K
        #expect(object["e\u{301}"] == 2)  // e + COMBINING ACUTE ACCENT
        #expect(object["ab"] == 3 && object["a"] == nil && object["abc"] == nil)
        #expect(object[""] == 4)
        object["e\u{301}"] = 20
        #expect(object.count == 5)
        #expect(object["é"] == 20)
        #expect(object.index(forKey: "b") == 4)
        #expect(object.index(forKey: "c") == nil)
    }
}
