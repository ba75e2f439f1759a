/// One log document: a JSON object whose fields keep the order they arrived in.
///
/// Fields are addressed with ``FieldPath``, which finds nested and literal dotted keys alike, so
/// `doc["http.status"]` works for `{"http":{"status":200}}` and for `{"http.status":200}`.
package struct Document: Sendable, Hashable {
    /// The top-level object.
    package var fields: JSONObject

    /// A document with these fields.
    package init(fields: JSONObject = JSONObject()) {
        self.fields = fields
    }

    /// Parses one JSON object, e.g. one NDJSON line without its newline.
    ///
    /// - Throws: ``JSONError``; ``JSONError/Reason/notAnObject`` if the JSON is valid but not an object.
    package init(parsing bytes: UnsafeRawBufferPointer) throws(JSONError) {
        fields = try JSONReader.parseObject(bytes)
    }

    /// Parses one JSON object; as the `UnsafeRawBufferPointer` overload.
    package init(parsing bytes: [UInt8]) throws(JSONError) {
        fields = try JSONReader.parseObject(bytes)
    }

    /// The value at `path`, found as described in ``FieldPath``.
    package subscript(_ path: FieldPath) -> JSONValue? {
        path.value(in: fields)
    }

    /// Sets the value at `path`: replaces it where lookup finds it, else creates nested objects
    /// along the path (see ``FieldPath`` for the case where a component is not an object).
    package mutating func set(_ path: FieldPath, to value: JSONValue) {
        path.set(value, in: &fields)
    }

    /// Removes the value at `path`, wherever lookup finds it, and returns it.
    @discardableResult
    package mutating func remove(_ path: FieldPath) -> JSONValue? {
        path.remove(from: &fields)
    }

    /// The document as compact JSON, fields in order.
    package func jsonBytes() -> [UInt8] {
        var buffer: [UInt8] = []
        write(to: &buffer)
        return buffer
    }

    /// Appends the document as compact JSON to `buffer`, e.g. to build an NDJSON block.
    package func write(to buffer: inout [UInt8]) {
        JSONWriter.append(fields, to: &buffer)
    }
}
