import SiftCore

/// How inputs turn raw records into documents, so every input names fields the same way (ECS).
package enum EventDocument {
    static let tagsPath: FieldPath = "tags"

    /// The tag on an event cut at the input's maximum size.
    package static let truncatedTag = "_truncated"

    /// A document for one line of text: `message` and `event.original` both hold it (invalid UTF-8
    /// is replaced by U+FFFD), and a line cut at the size limit is tagged ``truncatedTag``.
    package static func line(_ bytes: some Collection<UInt8>, truncated: Bool = false) -> Document {
        let text = JSONValue.string(String(decoding: bytes, as: UTF8.self))
        // Built directly rather than with two `set`s on an empty document (same fields, same order:
        // `{"message":…,"event":{"original":…}}`): this runs for every line. A little room beyond
        // the two fields, so the first fields processors add do not regrow the entries at once.
        var event = JSONObject(minimumCapacity: 1)
        event.append(key: "original", value: text)
        var fields = JSONObject(minimumCapacity: 4)
        fields.append(key: "message", value: text)
        fields.append(key: "event", value: .object(event))
        var document = Document(fields: fields)
        if truncated { tag(&document, truncatedTag) }
        return document
    }

    /// Adds `tag` to the document's `tags` list.
    package static func tag(_ document: inout Document, _ tag: String) {
        var tags = document.remove(tagsPath)?.arrayValue ?? []
        tags.append(.string(tag))
        document.set(tagsPath, to: .array(tags))
    }
}
