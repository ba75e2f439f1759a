/// What a numeric column holds. Every kind is stored as `Int64` (doubles through ``SortableDouble``),
/// so one encoding serves all of them; the kind tells readers how to turn a value back into JSON.
package enum NumericKind: UInt8, Sendable {
    case long = 0
    /// `Double` stored as ``SortableDouble/encode(_:)``, so min/max and range checks work on the `Int64`.
    case double = 1
    /// Milliseconds since the Unix epoch.
    case date = 2
    /// 0 or 1.
    case boolean = 3
}
