import DecruftArchive

/// What an input of documents (text or HTML) holds, decided by its bytes
/// before it is read: gzip is undone, UTF-16 and UTF-32 become UTF-8, and
/// binary data is refused.
extension BatchReader {
    /// Switches `reader` to decompressing when the input is gzip and not a
    /// WARC file (which `WARCReader` inflates itself, record by record).
    func inflateIfGzip(_ reader: DocumentReader, _ chosen: InputFormat) throws(IOFailure) {
        guard chosen != .warc, !reader.isInflating, Gzip.hasMagic(try reader.peek(2)) else { return }
        reader.inflateGzip(maxDocumentBytes: maxRecordBytes)
    }

    /// The reader to take documents from, and the charset their bytes are
    /// in (nil: UTF-8). Text in UTF-16 or UTF-32 (a byte order mark, or
    /// `charset` naming one) is read whole, at most `maxRecordBytes`, and
    /// converted: the new reader holds UTF-8 after a UTF-8 byte order mark,
    /// which tells `Charset` how to read it as HTML too.
    /// - Throws: `IOFailure.badData` for binary data (`BinaryContent`).
    func textSource(_ input: BatchInput, _ reader: DocumentReader) throws(IOFailure) -> (DocumentReader, charset: String?) {
        let start = try reader.peek(BinaryContent.window)
        let wide = TextDecoding.wideEncoding(of: start, charset: charset)
        // NB: a magic number is looked for even in "UTF-16" input: a PNG
        // given with --charset utf-16le is still a PNG.
        if let what = BinaryContent.describe(start, countingNULs: wide == nil) {
            throw .badData(path: input.name, reason: BinaryContent.refusal(what))
        }
        guard let wide else { return (reader, charset) }
        reader.maxDocumentBytes = maxRecordBytes
        let bytes = try reader.readAll()
        guard let utf8 = TextDecoding.wideToUTF8(bytes, encoding: wide) else {
            throw .badData(path: input.name, reason: "cannot convert from \(wide)")
        }
        return (DocumentReader(bytes: [0xEF, 0xBB, 0xBF] + utf8, path: input.name, bytesRead: reader.bytesRead), nil)
    }
}
