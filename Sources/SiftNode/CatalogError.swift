import SiftCore
import SiftIndex

/// Why an index operation failed, in Elasticsearch's terms: the error `type` clients switch on,
/// the HTTP status, and the index concerned.
package struct CatalogError: Error, Hashable, CustomStringConvertible {
    package var type: String
    package var reason: String
    package var status: Int
    /// The index the error is about, when there is one (`index` in the error body).
    package var index: String?

    package init(type: String, reason: String, status: Int = 400, index: String? = nil) {
        self.type = type
        self.reason = reason
        self.status = status
        self.index = index
    }

    package var description: String { "\(type): \(reason)" }

    package static func notFound(_ name: String) -> CatalogError {
        CatalogError(type: "index_not_found_exception", reason: "no such index [\(name)]", status: 404, index: name)
    }

    package static func alreadyExists(_ name: String) -> CatalogError {
        CatalogError(type: "resource_already_exists_exception", reason: "index [\(name)] already exists", index: name)
    }

    package static func invalidName(_ name: String, _ problem: String) -> CatalogError {
        CatalogError(type: "invalid_index_name_exception", reason: "Invalid index name [\(name)], \(problem)", index: name)
    }

    package static func illegalArgument(_ reason: String, index: String? = nil) -> CatalogError {
        CatalogError(type: "illegal_argument_exception", reason: reason, index: index)
    }

    /// A storage failure: damaged files are reported as such, anything else as an I/O failure.
    package static func storage(_ error: IndexError, index: String? = nil) -> CatalogError {
        switch error {
        case .corrupted: CatalogError(type: "corrupt_index_exception", reason: error.description, status: 500, index: index)
        case .locked: CatalogError(type: "lock_obtain_failed_exception", reason: error.description, status: 500, index: index)
        case .io: CatalogError(type: "io_exception", reason: error.description, status: 500, index: index)
        }
    }
}
