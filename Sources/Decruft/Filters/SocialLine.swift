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

    /// "t.me/site", "example.com", "@handle/…": a dot or slash between letters.
    static func isAddress(_ piece: Substring) -> Bool {
        let characters = Array(piece)
        guard characters.count >= 3 else { return false }
        for k in 1..<(characters.count - 1) where characters[k] == "." || characters[k] == "/" {
            if characters[k - 1].isLetter && characters[k + 1].isLetter { return true }
        }
        return false
    }

    /// The kind of share/follow/like line `text` is, if any.
    static func kind(_ text: String) -> Kind? {
        guard text.utf8.count <= maxBytes else { return nil }
        var words: [(word: String, capitalised: Bool)] = []
        var links = 0
        for piece in text.split(whereSeparator: { $0.isWhitespace }) {
            // A web address or handle ("t.me/site", "example.com") names the site.
            if isAddress(piece) {
                links += 1
                continue
            }
            var current = ""
            var capitalised = false
            for character in piece {
                if character.isLetter || character.isNumber {
                    if current.isEmpty { capitalised = character.isUppercase }
                    current.append(character)
                } else if !current.isEmpty {
                    words.append((current.lowercased(), capitalised))
                    current = ""
                }
            }
            if !current.isEmpty { words.append((current.lowercased(), capitalised)) }
        }
        guard !words.isEmpty, words.count <= maxWords else { return nil }

        if words.count <= 6, words.allSatisfy({ likes.contains($0.word) || loading.contains($0.word) }),
           words.contains(where: { ["like", "gefällt", "gusta", "piace", "curtir", "aime", "leuk", "lubię", "нравится"].contains($0.word) }),
           words.count >= 2 || words.contains(where: { loading.contains($0.word) }) {
            return .likeWidget
        }
        var verbs = 0, sites = 0, names = links
        for (word, capitalised) in words {
            if actions.contains(word) {
                verbs += 1
            } else if networks.contains(word) {
                sites += 1
            } else if connecting.contains(word) {
                continue
            } else if capitalised {
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
}
