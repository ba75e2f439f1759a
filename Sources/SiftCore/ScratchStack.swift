/// A growable stack of values, shared by all nesting levels of one parse.
///
/// Each array or object pushes its children here and, when it closes, moves them into an `Array`
/// allocated at the exact final size. That is one allocation per container instead of the 4–5 that
/// `append` doubling costs, and moving (not copying) means no reference-count traffic.
///
/// It can start in caller-provided memory (e.g. from `withUnsafeTemporaryAllocation`, so a typical
/// document needs no heap scratch at all) and moves to the heap only if that fills up.
struct ScratchStack<Element>: ~Copyable {
    private var storage: UnsafeMutablePointer<Element>?
    private var capacity = 0
    private var ownsStorage = false
    private(set) var count = 0

    /// A stack that allocates on first use.
    init() {}

    /// A stack that starts in `initial`, which must outlive it; the elements are its own.
    init(startingIn initial: UnsafeMutableBufferPointer<Element>) {
        storage = initial.baseAddress
        capacity = initial.count
    }

    deinit {
        if let storage {
            storage.deinitialize(count: count)
            if ownsStorage { storage.deallocate() }
        }
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (storage.unsafelyUnwrapped + count).initialize(to: element)
        count += 1
    }

    /// Calls `body` with the elements from `start` to the top, without copying them.
    @inline(__always)
    func withElements<R>(from start: Int, _ body: (UnsafeBufferPointer<Element>) -> R) -> R {
        guard let storage else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: storage + start, count: count - start))
    }

    /// Drops the elements from `start` to the top.
    mutating func truncate(to start: Int) {
        guard let storage, start < count else { return }
        (storage + start).deinitialize(count: count - start)
        count = start
    }

    /// Pops the elements from `start` to the top into a new array, bottom first.
    mutating func popArray(from start: Int) -> [Element] {
        let n = count - start
        guard n > 0, let storage else { return [] }
        count = start
        var result: [Element] = []
        result.reserveCapacity(n)
        for i in start..<start + n { result.append((storage + i).move()) }
        return result
    }

    private mutating func grow() {
        let newCapacity = max(16, capacity * 2)
        let newStorage = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let storage {
            newStorage.moveInitialize(from: storage, count: count)
            if ownsStorage { storage.deallocate() }
        }
        storage = newStorage
        capacity = newCapacity
        ownsStorage = true
    }
}
