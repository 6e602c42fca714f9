/// The HTML elements decruft tells apart; everything else is `.unknown`.
public enum HTMLTag: UInt8, Sendable, CaseIterable {
    case unknown
    // Document structure and metadata
    case html, head, body, title, meta, link, base
    // Never content
    case script, style, noscript, template, svg, math, iframe, object, embed, canvas, video, audio,
         source, track, picture, img, map, area, param
    case form, input, button, select, option, optgroup, textarea, fieldset, legend, label, output,
         datalist, progress, meter, dialog
    // Line-level
    case br, hr, wbr
    // Inline text
    case a, b, i, em, strong, u, s, strike, small, big, sub, sup, mark, abbr, cite, q, code, kbd,
         samp, `var`, time, font, del, ins, bdi, bdo, span, ruby, rt, rp, data, tt, dfn, nobr
    // Blocks
    case p, div, h1, h2, h3, h4, h5, h6, hgroup, ul, ol, li, dl, dt, dd, menu, dir,
         table, thead, tbody, tfoot, tr, td, th, caption, colgroup, col,
         blockquote, pre, figure, figcaption, address, article, section, main, aside, nav,
         header, footer, details, summary, center, listing, xmp, plaintext

    /// Looks up a lowercase tag name.
    public init(name: String) {
        self = HTMLTag.byName[name] ?? .unknown
    }

    static let byName: [String: HTMLTag] = {
        var table: [String: HTMLTag] = [:]
        for tag in HTMLTag.allCases where tag != .unknown {
            table["\(tag)"] = tag
        }
        return table
    }()

    /// The lowercase element name ("*" for unknown elements).
    public var name: String { HTMLTag.names[Int(rawValue)] }

    private static let names: [String] = HTMLTag.allCases.map { $0 == .unknown ? "*" : "\($0)" }

    /// Elements whose content is never article text.
    ///
    /// NB: not `button`: libxml2 does not let `</button>` close the `<div>`s
    /// left open inside it, so a sloppy button can hold the rest of the page.
    /// It gets nodes, and the page analysis drops the buttons that are small.
    public var isNeverContent: Bool {
        switch self {
        case .head, .title, .meta, .link, .base, .script, .style, .template, .svg, .math,
             .iframe, .object, .embed, .canvas, .video, .audio, .source, .track, .picture, .img, .map,
             .area, .param, .input, .select, .option, .optgroup, .textarea, .datalist,
             .progress, .meter, .dialog, .rt, .rp, .output:
            return true
        default:
            return false
        }
    }

    /// Elements that flow inside a line of text (no break around them).
    public var isInline: Bool {
        switch self {
        case .a, .b, .i, .em, .strong, .u, .s, .strike, .small, .big, .sub, .sup, .mark, .abbr, .cite,
             .q, .code, .kbd, .samp, .var, .time, .font, .del, .ins, .bdi, .bdo, .span, .ruby, .data,
             .tt, .dfn, .nobr, .label, .wbr:
            return true
        default:
            return false
        }
    }

    /// h1…h6 → 1…6, else 0.
    public var headingLevel: Int {
        switch self {
        case .h1: return 1
        case .h2: return 2
        case .h3: return 3
        case .h4: return 4
        case .h5: return 5
        case .h6: return 6
        default: return 0
        }
    }
}
