/// Share, follow and like lines recognised by what their words are, in any
/// of the languages below, rather than by whole phrases: a short line made
/// of an action ("share", "folgen", "síguenos"…), network names
/// ("Facebook", "WhatsApp"…), small connecting words, and at most a few
/// capitalised names (the site's). Any other word in lower case — a line
/// of prose such as "Share prices fell on Twitter news" — makes it text.
///
/// Kinds: `social` (a share/follow line, a row of network names, a bare
/// "Share this:"), `like-widget` (a "Like this:" / "Like Loading…" line in
/// any of the languages), and a bare network name ("Twitter"), which counts
/// only beside another such line (the buttons under "Share this:").
enum SocialLine {
    enum Kind: Equatable { case social, likeWidget, bareNetwork }

    /// Lines longer than this are never share lines.
    static let maxBytes = 200
    static let maxWords = 14
    /// Capitalised words that are not in the lexicon (a site's name).
    static let maxNames = 4

    static let networks: Set<String> = [
        "facebook", "twitter", "x", "linkedin", "pinterest", "whatsapp", "telegram", "instagram", "youtube",
        "tiktok", "reddit", "email", "e-mail", "mail", "threads", "bluesky", "mastodon", "flipboard", "tumblr",
        "snapchat", "vk", "vkontakte", "weibo", "wechat", "xing", "messenger", "signal", "sms", "rss", "google",
        "微博", "微信", "ライン", "line",
    ]

    static let actions: Set<String> = [
        // en
        "share", "shares", "sharing", "tweet", "follow", "join", "subscribe", "spread", "pin", "connect",
        "get", "find", "stay",
        // de
        "teilen", "teile", "teilt", "folgen", "folge", "folgt", "abonnieren", "abonniere",
        // fr
        "partager", "partagez", "partage", "suivez", "suivre", "rejoignez", "rejoindre", "abonnez",
        // es
        "compartir", "comparte", "compártelo", "compártela", "síguenos", "siguenos", "sigue", "seguir", "únete", "unete",
        "suscríbete",
        // pt
        "compartilhe", "compartilhar", "partilhar", "partilhe", "siga", "sigam", "segue", "seguir-nos", "junte-se",
        "inscreva-se",
        // it
        "condividi", "condividere", "seguici", "seguiteci", "segui", "unisciti", "iscriviti",
        // nl
        "delen", "deel", "volg", "volgen",
        // pl
        "udostępnij", "udostępnij", "obserwuj", "dołącz", "podziel",
        // ru
        "поделиться", "поделитесь", "подписывайтесь", "подпишитесь", "следите",
        // zh, ja
        "分享", "关注", "關注", "シェア", "フォロー",
    ]

    static let connecting: Set<String> = [
        // en
        "on", "us", "our", "the", "in", "and", "or", "at", "to", "for", "via", "with", "this", "page", "here", "click",
        "tap", "now", "today", "latest", "updates", "news", "channel", "group", "opens", "new", "window", "tab",
        "article", "story", "post", "friends", "love", "a", "an", "of", "all", "more", "link", "copy", "me",
        "updated",
        // de
        "uns", "unserem", "unseren", "unserer", "auf", "bei", "und", "oder", "mit", "diesen", "dieses", "artikel",
        "beitrag", "jetzt", "hier", "sie", "den", "die", "das", "im", "per", "kanal", "neuesten", "nachrichten",
        // fr
        "sur", "nous", "notre", "nos", "et", "ou", "cet", "ce", "avec", "toute", "tout", "l", "la", "le", "les",
        "de", "du", "des", "actualité", "actualités", "ici",
        // es, pt, it
        "en", "y", "e", "o", "nuestro", "nuestra", "nuestros", "esta", "este", "esto", "noticia", "noticias", "con",
        "por", "el", "los", "las", "del", "no", "na", "nas", "nos", "em", "isso", "notícia", "notícias", "com",
        "da", "do", "dos", "su", "ci", "noi", "nostro", "nostra", "nostri", "questo", "articolo", "notizie",
        "canale", "gruppo", "il", "lo", "di", "sul", "sui", "al", "alla", "allo", "nel", "nella", "ai",
        "kanal", "canal", "grupo", "groupe", "chaîne", "nous", "nos",
        // nl, pl, ru
        "op", "ons", "onze", "dit", "w", "z", "nas", "na", "в", "нас", "и", "на",
    ]

    static let likes: Set<String> = [
        "like", "likes", "gefällt", "mir", "me", "gusta", "mi", "piace", "curtir", "curti", "j", "aime",
        "vind", "ik", "leuk", "lubię", "to", "нравится", "gosto", "disso",
        "this", "esto", "isso", "ça", "das", "questo", "dit", "isto",
    ]

    static let loading: Set<String> = [
        "loading", "cargando", "caricamento", "carregando", "chargement", "wird", "geladen", "laden",
        "ładowanie", "загрузка", "読み込み中", "加载中",
    ]

    /// The lexicons as hashes of their lowercased UTF-8 words.
    static let networkHashes = Set(networks.map { hash(Array($0.utf8)[...]) })
    static let actionHashes = Set(actions.map { hash(Array($0.utf8)[...]) })
    static let connectingHashes = Set(connecting.map { hash(Array($0.utf8)[...]) })
    static let likeHashes = Set(likes.map { hash(Array($0.utf8)[...]) })
    static let loadingHashes = Set(loading.map { hash(Array($0.utf8)[...]) })
    static let likeVerbHashes = Set(["like", "gefällt", "gusta", "piace", "curtir", "aime", "leuk", "lubię", "нравится"]
        .map { hash(Array($0.utf8)[...]) })

    /// FNV-1a of a word's bytes, ASCII letters lowercased.
    static func hash(_ word: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in word { h = (h ^ UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)) &* 0x100_0000_01b3 }
        return h
    }

    /// One word of a line: its hash and whether it starts with a capital.
    struct Word {
        var hash: UInt64
        var capitalised: Bool
    }

    /// 0 when the byte at `k` belongs to a word (ASCII letters and digits,
    /// the bytes of other scripts' characters), else the length of the
    /// separator there: ASCII punctuation, Latin-1 signs (« » © NBSP) and
    /// general punctuation (’ – — …).
    @inline(__always)
    static func separator(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int {
        let b = p[k]
        if b < 0x80 { return (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) ? 0 : 1 }
        if b == 0xC2, k + 1 < p.count { return 2 }
        if b == 0xE2, k + 2 < p.count, p[k + 1] == 0x80 { return 3 }
        return 0
    }

    /// The kind of share/follow/like line `text` is, if any. Works on the
    /// UTF-8 bytes; gives up at the first word of prose.
    static func kind(_ text: String) -> Kind? {
        guard text.utf8.count <= maxBytes else { return nil }
        var text = text
        return text.withUTF8 { kind(bytes: $0) }
    }

    static func kind(bytes p: UnsafeBufferPointer<UInt8>) -> Kind? {
        var words: [Word] = []
        words.reserveCapacity(maxWords)
        var links = 0
        var k = 0
        let n = p.count
        while k < n {
            // One whitespace-separated piece.
            while k < n && (p[k] == 0x20 || p[k] == 0x0A || p[k] == 0x09 || p[k] == 0x0D) { k += 1 }
            if k == n { break }
            let start = k
            while k < n && !(p[k] == 0x20 || p[k] == 0x0A || p[k] == 0x09 || p[k] == 0x0D) { k += 1 }
            let piece = UnsafeBufferPointer(rebasing: p[start..<k])
            // A web address or handle ("t.me/site", "example.com") names the site.
            if isAddress(piece) {
                links += 1
                continue
            }
            var w = 0
            while w < piece.count {
                while w < piece.count, case let gap = separator(piece, w), gap > 0 { w += gap }
                let wordStart = w
                while w < piece.count && separator(piece, w) == 0 { w += 1 }
                if w > wordStart {
                    if words.count == maxWords { return nil }
                    let bytes = Array(piece[wordStart..<w])
                    words.append(Word(hash: hash(bytes[...]), capitalised: startsUpper(bytes)))
                }
            }
        }
        guard !words.isEmpty else { return nil }
        if words.count <= 6, words.allSatisfy({ likeHashes.contains($0.hash) || loadingHashes.contains($0.hash) }),
           words.contains(where: { likeVerbHashes.contains($0.hash) }),
           words.count >= 2 || words.contains(where: { loadingHashes.contains($0.hash) }) {
            return .likeWidget
        }
        var verbs = 0, sites = 0, names = links
        for word in words {
            if actionHashes.contains(word.hash) {
                verbs += 1
            } else if networkHashes.contains(word.hash) {
                sites += 1
            } else if connectingHashes.contains(word.hash) {
                continue
            } else if word.capitalised {
                names += 1
            } else {
                return nil   // a word of prose
            }
        }
        if verbs > 0 && sites > 0 && names <= maxNames { return .social }
        if sites >= 2 && names == 0 { return .social }
        if verbs > 0 && sites == 0 && names == 0 && words.count <= 5 { return .social }
        if sites >= 1 && names == 0 && verbs == 0 && words.count <= 3 { return .bareNetwork }
        return nil
    }

    /// "t.me/site", "example.com", "@handle/…": a dot or slash between letters.
    static func isAddress(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        guard piece.count >= 3 else { return false }
        func letter(_ b: UInt8) -> Bool { b | 0x20 >= 0x61 && b | 0x20 <= 0x7A }
        for k in 1..<(piece.count - 1) where piece[k] == 0x2E || piece[k] == 0x2F {
            if letter(piece[k - 1]) && letter(piece[k + 1]) { return true }
        }
        return false
    }

    /// Whether a word starts with a capital letter (ASCII at once; other
    /// scripts by their first character).
    static func startsUpper(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first else { return false }
        if first < 0x80 { return first >= 0x41 && first <= 0x5A }
        return String(decoding: bytes.prefix(4), as: UTF8.self).first?.isUppercase ?? false
    }
}
