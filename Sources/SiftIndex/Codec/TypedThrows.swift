/// `withUnsafeBytes` / `withUnsafeBufferPointer` that keep typed throws: the standard library's
/// `rethrows` versions turn `throws(IndexError)` closures into `any Error`.
extension Array {
    @inline(__always)
    func withTypedBuffer<R, E: Error>(_ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        try withUnsafeBufferPointer { buffer in Result { () throws(E) -> R in try body(buffer) } }.get()
    }

    @inline(__always)
    func withTypedBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withUnsafeBytes { raw in Result { () throws(E) -> R in try body(raw) } }.get()
    }
}
