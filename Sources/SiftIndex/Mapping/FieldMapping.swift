/// How one field is indexed: its type and the Elasticsearch parameters Sift honours.
///
/// Multi-fields (`"fields": {"keyword": {...}}`) are fields of their own with a dotted ``path`` and
/// their ``parent``; every value of the parent is indexed into them too.
package struct FieldMapping: Sendable, Hashable {
    /// Full dotted path, e.g. `message`, `message.keyword`, `http.status`.
    package var path: String
    package var type: FieldType
    /// Analyzer of a `text` field; nil means `standard`.
    package var analyzer: String?
    /// `keyword`: strings longer than this many characters (UTF-16 code units, as Elasticsearch
    /// counts) are kept in `_source` but not indexed.
    package var ignoreAbove: Int?
    /// Whether the field is in the inverted index (searchable by term).
    package var index: Bool
    /// Whether the field has a column (sorting, aggregations); never for `text`.
    package var docValues: Bool
    /// Date formats in Elasticsearch syntax (`strict_date_optional_time||epoch_millis`); nil is that default.
    package var format: String?
    /// Path of the field this is a multi-field of (`message` for `message.keyword`).
    package var parent: String?
    /// Numeric types: whether strings (`"42"`) and fractions (`4.7` into `long`) are accepted.
    package var coerce: Bool

    /// A field with Elasticsearch's defaults for `type`.
    package init(
        path: String, type: FieldType, analyzer: String? = nil, ignoreAbove: Int? = nil, index: Bool = true,
        docValues: Bool? = nil, format: String? = nil, parent: String? = nil, coerce: Bool = true
    ) {
        self.path = path
        self.type = type
        self.analyzer = analyzer
        self.ignoreAbove = ignoreAbove
        self.index = index
        self.docValues = docValues ?? (type != .text)
        self.format = format
        self.parent = parent
        self.coerce = coerce
    }

    /// The last path component: the name under `properties` or `fields`.
    package var name: Substring {
        guard let dot = path.lastIndex(of: ".") else { return path[...] }
        return path[path.index(after: dot)...]
    }
}

/// An object in the mappings (`{"properties": {...}}`): it holds fields and objects and may override
/// `dynamic` for everything below it.
package struct ObjectMapping: Sendable, Hashable {
    /// Full dotted path, e.g. `http` or `http.request`.
    package var path: String
    /// The object's own `dynamic`; nil inherits the enclosing object's.
    package var dynamic: DynamicMode?
    /// `"enabled": false` keeps the whole object in `_source` only: nothing below it is indexed or mapped.
    package var enabled: Bool

    package init(path: String, dynamic: DynamicMode? = nil, enabled: Bool = true) {
        self.path = path
        self.dynamic = dynamic
        self.enabled = enabled
    }
}
