import SiftCore

/// How inputs turn raw records into documents, so every input names fields the same way (ECS).
package enum EventDocument {
    static let messagePath: FieldPath = "message"
    static let originalPath: FieldPath = "event.original"
    static let tagsPath: FieldPath = "tags"

    /// The tag on an event cut at the input's maximum size.
    package static let truncatedTag = "_truncated"

    /// A document for one line of text: `message` and `event.original` both hold it (invalid UTF-8
    /// is replaced by U+FFFD), and a line cut at the size limit is tagged ``truncatedTag``.
    package static func line(_ bytes: some Collection<UInt8>, truncated: Bool = false) -> Document {
        let text = JSONValue.string(String(decoding: bytes, as: UTF8.self))
        var document = Document()
        document.set(messagePath, to: text)
        document.set(originalPath, to: text)
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
