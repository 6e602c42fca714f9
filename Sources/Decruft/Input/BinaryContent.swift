/// Recognises binary data (an image, a PDF, an executable, an archive) that
/// was given where text or HTML was expected, by its first bytes.
///
///     BinaryContent.describe(Array("%PDF-1.7\n".utf8)[...])   // "PDF document"
///     BinaryContent.describe(Array("Hello\u{0} world".utf8)[...])   // nil: a stray NUL
///
/// Two kinds of evidence: a known magic number at the start, or a share of
/// NUL and control bytes that text does not have. Text with a byte order
/// mark for UTF-16 or UTF-32 is never looked at this way (see `WideText`);
/// a few stray NUL or control bytes in text are fine (`normalize` removes
/// them).
public enum BinaryContent {
    /// How much of the start is looked at.
    public static let window = 8192
    /// At least this many NUL bytes, and at least 1 in `nulShare` bytes of
    /// the window, make binary data.
    static let minNULs = 4
    static let nulShare = 50
    /// At least this many control bytes (C0 other than tab, line ends, form
    /// feed, backspace and escape; DEL), and at least this percentage of
    /// the window, make binary data. Random bytes have about 11 %.
    static let minControls = 8
    static let controlPercent = 8

    /// A file format's signature: bytes at offsets from the start.
    struct Signature {
        var name: String
        var parts: [(offset: Int, bytes: [UInt8])]

        init(_ name: String, _ parts: (Int, [UInt8])...) {
            self.name = name
            self.parts = parts.map { (offset: $0.0, bytes: $0.1) }
        }

        init(_ name: String, at offset: Int = 0, _ text: String) {
            self.init(name, (offset, Array(text.utf8)))
        }

        func matches(_ prefix: ArraySlice<UInt8>) -> Bool {
            parts.allSatisfy { part in
                prefix.dropFirst(part.offset).starts(with: part.bytes)
            }
        }
    }

    /// Formats often met where text was expected. Each signature holds a
    /// byte text does not start with (or is long enough not to be text).
    static let signatures: [Signature] = [
        Signature("PNG image", (0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        Signature("JPEG image", (0, [0xFF, 0xD8, 0xFF])),
        Signature("GIF image", "GIF87a"),
        Signature("GIF image", "GIF89a"),
        Signature("WebP image", (0, Array("RIFF".utf8)), (8, Array("WEBP".utf8))),
        Signature("TIFF image", (0, [0x49, 0x49, 0x2A, 0x00])),
        Signature("TIFF image", (0, [0x4D, 0x4D, 0x00, 0x2A])),
        Signature("PDF document", "%PDF-"),
        Signature("MS Office (OLE) document", (0, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])),
        Signature("ZIP archive (or a format built on it: docx, epub, jar…)", (0, [0x50, 0x4B, 0x03, 0x04])),
        Signature("ZIP archive", (0, [0x50, 0x4B, 0x05, 0x06])),
        Signature("gzip data (compressed twice?)", (0, [0x1F, 0x8B])),
        Signature("bzip2 data", (0, Array("BZh".utf8)), (4, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59])),
        Signature("xz data", (0, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])),
        Signature("zstd data", (0, [0x28, 0xB5, 0x2F, 0xFD])),
        Signature("7-Zip archive", (0, [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C])),
        Signature("RAR archive", (0, [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07])),
        Signature("tar archive", at: 257, "ustar"),
        Signature("ELF executable", (0, [0x7F, 0x45, 0x4C, 0x46])),
        Signature("Mach-O executable", (0, [0xCF, 0xFA, 0xED, 0xFE])),
        Signature("Mach-O executable", (0, [0xCE, 0xFA, 0xED, 0xFE])),
        Signature("Java class file or Mach-O universal binary", (0, [0xCA, 0xFE, 0xBA, 0xBE])),
        Signature("WebAssembly module", (0, [0x00, 0x61, 0x73, 0x6D])),
        Signature("SQLite database", (0, Array("SQLite format 3".utf8) + [0x00])),
        Signature("MP4/QuickTime media", (0, [0x00]), (4, Array("ftyp".utf8))),
        Signature("Matroska/WebM media", (0, [0x1A, 0x45, 0xDF, 0xA3])),
        Signature("Ogg media", (0, Array("OggS".utf8) + [0x00])),
        Signature("MP3 audio", (0, Array("ID3".utf8)), (4, [0x00])),
        Signature("WAV audio", (0, Array("RIFF".utf8)), (8, Array("WAVE".utf8))),
        Signature("WOFF font", "wOFF"),
        Signature("WOFF2 font", "wOF2"),
    ]

    /// What binary data `prefix` (the start of an input or a document)
    /// looks like, e.g. "PNG image" or "2013 NUL bytes in the first 8192 bytes",
    /// or nil when it may be text or HTML. With `countingNULs` false only
    /// magic numbers count (for text known to be UTF-16 or UTF-32).
    public static func describe(_ prefix: ArraySlice<UInt8>, countingNULs: Bool = true) -> String? {
        let window = prefix.prefix(window)
        if let signature = signatures.first(where: { $0.matches(window) }) { return signature.name }
        // Text in UTF-16 or UTF-32 is full of NULs: its byte order mark says so.
        guard countingNULs, TextDecoding.wideEncoding(of: window, charset: nil) == nil else { return nil }
        var nuls = [0, 0]   // at even and odd offsets
        var controls = 0
        for (offset, byte) in window.enumerated() where byte < 0x20 || byte == 0x7F {
            switch byte {
            case 0x00:
                nuls[offset & 1] += 1
                controls += 1
            case 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B: continue
            default: controls += 1
            }
        }
        let count = window.count
        let nulCount = nuls[0] + nuls[1]
        if nulCount >= minNULs && nulCount * nulShare >= count {
            // ASCII in UTF-16: a NUL in every other byte, and only there.
            let half = count / 2
            for (parity, name) in [(1, "utf-16le"), (0, "utf-16be")] where nuls[parity] * 10 >= half * 9 && nuls[1 - parity] == 0 {
                return "every other byte is NUL: UTF-16 text without a byte order mark? --charset \(name) reads it"
            }
            return "\(nulCount) NUL bytes in the first \(count) bytes"
        }
        if controls >= minControls && controls * 100 >= count * controlPercent {
            return "\(controls) control bytes in the first \(count) bytes"
        }
        return nil
    }

    /// The message for an input or record that is binary data: `binary data
    /// (PNG image), not text or HTML`.
    public static func refusal(_ description: String) -> String {
        "binary data (\(description)), not text or HTML"
    }
}
