/// One indexable value of a document, produced by ``Mappings/map(_:id:into:)``.
package struct MappedValue: Sendable, Hashable {
    /// Index into ``Mappings/fields``.
    package var field: Int
    package var value: Value

    package init(field: Int, value: Value) {
        self.field = field
        self.value = value
    }

    /// The value converted to what its field type stores.
    package enum Value: Sendable, Hashable {
        /// To analyze (`text` fields).
        case text(String)
        /// An exact term (`keyword` fields, strings over `ignore_above` already left out).
        case keyword(String)
        /// `long`, `integer`, `short` and `byte`, range-checked for their type.
        case long(Int64)
        /// `double`, and `float` rounded to single precision.
        case double(Double)
        /// Milliseconds since the epoch.
        case date(Int64)
        case boolean(Bool)
        /// 16 bytes; IPv4 as IPv4-mapped IPv6 (`::ffff:a.b.c.d`), so both families sort together.
        case ip([UInt8])
    }
}
