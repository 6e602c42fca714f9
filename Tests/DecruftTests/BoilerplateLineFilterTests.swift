import Testing
@testable import Decruft

struct BoilerplateLineFilterTests {
    let filter = BoilerplateLineFilter(rules: shippedRules.drops)

    @Test(arguments: [
        ("Share this article on Facebook", "share-prompt"),
        ("Tweet", "share-prompt"),
        ("Email this story", "share-prompt"),
        ("Follow us on Twitter", "follow-prompt"),
        ("Like us on Facebook!", "follow-prompt"),
        ("Subscribe to our newsletter", "subscribe-prompt"),
        ("Sign up for our daily newsletter", "subscribe-prompt"),
        ("Subscribe now", "subscribe-prompt"),
        ("Click here to subscribe!", "subscribe-prompt"),
        ("Join our free weekly newsletter for the best stories", "subscribe-prompt"),
        ("Newsletter sign-up", "subscribe-prompt"),
        ("The post Ten ways to save energy this winter appeared first on Green Living Daily.", "appeared-first"),
        ("This article originally appeared on The Conversation.", "originally-appeared"),
        ("The story was first published by Reuters", "originally-appeared"),
        ("© 2024 Example Media Ltd. All rights reserved.", "copyright"),
        ("Copyright 2023 The Daily Planet", "copyright"),
        ("(c) 2021 Acme News", "copyright"),
        ("Example Media Group. All rights reserved.", "all-rights-reserved"),
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Sponsored content", "advertisement"),
        ("We use cookies to improve your experience on our site.", "cookie-banner"),
        ("Accept all cookies", "cookie-banner"),
        ("Download our free news app for the latest updates", "app-prompt"),
        ("Leave a comment", "comments-count"),
        ("12 comments", "comments-count"),
        ("Join the conversation", "comments-count"),
        ("Print this page", "print-page"),
        ("Back to top", "print-page"),
        ("This content was originally published here.", "originally-appeared-intl"),
        ("Dieser Artikel erschien zuerst auf Rhein-Kurier.", "originally-appeared-intl"),
        ("Cet article a été initialement publié sur La Dépêche.", "originally-appeared-intl"),
        ("Nous utilisons des cookies pour améliorer votre expérience.", "cookie-notice-we-use"),
        ("Wir verwenden Cookies, um Ihnen ein besseres Erlebnis zu bieten.", "cookie-notice-we-use"),
        ("Melden Sie sich für unseren Newsletter an", "newsletter-signup-shape"),
        ("Inscríbete en nuestro boletín y recibe las noticias cada mañana.", "newsletter-signup-shape"),
        ("Este artículo apareció originalmente en The Gazette.", "originally-appeared-shape"),
        ("Questo pezzo è uscito originariamente sul Corriere del Lago.", "originally-appeared-shape"),
        ("Este artículo fue publicado originalmente en El Heraldo.", "originally-appeared-intl"),
        ("Questo articolo è stato pubblicato originariamente su La Voce.", "originally-appeared-intl"),
        ("Originally published at https://example.com/blog/post", "originally-appeared-intl"),
        ("Get the best of The Ledger delivered straight to your inbox. Sign up now.", "newsletter-prompt-intl"),
        ("Abonnieren Sie unseren kostenlosen Newsletter", "newsletter-prompt-intl"),
        ("Image credit: NASA/JPL-Caltech", "image-credit-intl"),
        ("(AP Photo/Carlos Barria)", "image-credit-intl"),
        ("📷 Reuters", "image-credit-intl"),
        ("(Advertisement)", "advertisement-intl"),
        ("Continua após a publicidade", "advertisement-intl"),
        ("La suite après cette publicité", "advertisement-intl"),
        ("Continue reading →", "continue-reading-intl"),
        ("[…] Continue reading on Medium »", "continue-reading-intl"),
        ("Lire la suite", "continue-reading-intl"),
        ("Seguir leyendo", "continue-reading-intl"),
        ("Click here to read the full article.", "continue-reading-intl"),
        ("O post Top 10 Sleep Tips apareceu primeiro em Gazeta Paulista.", "appeared-first-intl"),
        ("L’article Catering 101 est apparu en premier sur La Dépêche.", "appeared-first-intl"),
        ("Diese Website verwendet Cookies. Wenn Sie die Website weiter nutzen, gehen wir von Ihrem Einverständnis aus.", "cookie-notice-intl"),
        ("Questo sito utilizza cookie per migliorare la tua esperienza. Continuando la navigazione accetti l'uso dei cookies.", "cookie-notice-site-first"),
        ("Todos los derechos reservados.", "all-rights-reserved"),
        ("This article is the property of The Ledger and may not be reproduced without permission.", "no-reproduction"),
        ("Queda prohibida la reproducción total o parcial de este contenido.", "no-reproduction"),
    ])
    func removesBoilerplate(_ line: String, _ rule: String) {
        let result = run(filter, [Body.paragraphs[0], line, Body.paragraphs[1]])
        #expect(result.kept == [Body.paragraphs[0], Body.paragraphs[1]])
        #expect(removed(result) == [Removed(line, "pattern", rule)])
    }

    @Test(arguments: [
        "Get the facts before you vote: our newsletter team read all 40 manifestos so you don't have to, and here is what they found.",
        "Este artículo de la ley fue publicado en el Boletín Oficial del Estado el martes.",
        "This study was first published in Nature last year, and its authors have since repeated the experiment.",
        "Wir verwenden seit Jahren nur Butter, keine Margarine, sagt die Bäckerin über ihre Kekse.",
        "Copyright law protects original works of authorship, and the court ruled that the 1976 act applied to the photographs.",
        "The copyright on the novel expired in 2019, so any publisher can now print it.",
        "She shared the video on Facebook, where it was viewed more than a million times.",
        "Cookies are best baked at 180 degrees for twelve minutes.",
        "We used cookie cutters shaped like stars.",
        "Follow the river north for two miles until you reach the bridge.",
        "Advertisement spending fell by a tenth last year, the agency said.",
        "Reporting by Jane Smith; editing by John Doe",
        "Comments from the minister were not immediately available.",
        "Print journalism is not dead, the editor insisted.",
        "The post office on Main Street will close in March.",
        "Subscribers to the magazine received the issue a week early.",
        "The report was first published in 1998 and has been revised twice since.",
        "Readers who sign up for the library's newsletter can reserve books online, the council said, and most do.",
        "Photographers waited outside the court for hours.",
        "Advertising revenue at the group rose by four percent in the third quarter.",
        "Continue reading the instructions before you start the machine.",
        "Cookies and cakes were sold at the village fête to raise money for the new roof.",
        "The judge ruled that the photographs may be reproduced in the book, overturning the earlier decision.",
    ])
    func keepsLookAlikes(_ line: String) {
        let texts = [Body.paragraphs[0], line]
        let result = run(filter, texts)
        #expect(result.kept == texts)
        #expect(result.removed.isEmpty)
    }

    @Test func keepsBodySentenceStartingWithSubscribeTo() {
        for line in ["Subscribe to the idea that less is more, and your home will feel bigger.",
                     "Sign up for the marathon closes on Friday."] {
            #expect(run(filter, [Body.paragraphs[0], line]).removed.isEmpty, "\(line)")
        }
    }

    @Test func firstMatchingRuleIsLogged() throws {
        let rules = [try patternRule("first", "^ad"), try patternRule("second", "^advert")]
        let result = run(BoilerplateLineFilter(rules: rules), ["Advertisement"])
        #expect(removed(result) == [Removed("Advertisement", "pattern", "first")])
    }

    @Test func noRulesNoRemovals() {
        var settings = BoilerplateLineFilter.Settings()
        settings.socialLines = false
        #expect(run(BoilerplateLineFilter(rules: [], settings: settings), ["Advertisement", "Share this"]).removed.isEmpty)
    }

    // MARK: - Share, follow and like lines by their words

    @Test func shareFollowAndLikeLinesInManyLanguages() {
        let filter = BoilerplateLineFilter(rules: [])
        let lines = [
            ("Follow The Harbour Gazette on Facebook", "social"), ("Siga-nos no Instagram", "social"),
            ("Suivez-nous sur Twitter et Facebook", "social"), ("Jetzt unserem WhatsApp-Kanal folgen", "social"),
            ("Iscriviti al nostro canale WhatsApp", "social"), ("Get the latest news on Telegram: t.me/harbour", "social"),
            ("Facebook Twitter Pinterest WhatsApp Email", "social"), ("Share: Facebook | Twitter | LinkedIn | Email", "social"),
            ("Click to share on Twitter (Opens in new window)", "social"), ("Comparte esta noticia", "social"),
            ("Udostępnij na Facebooku", nil), ("Like Loading…", "like-widget"), ("Me gusta Cargando...", "like-widget"),
            ("Gefällt mir Wird geladen …", "like-widget"), ("Curtir isso:", "like-widget"), ("J’aime ça :", "like-widget"),
        ]
        for (line, reason) in lines {
            let result = run(filter, [Body.paragraphs[0], line])
            #expect(removed(result).first?.reason == reason, "\(line)")
        }
    }

    @Test func proseAboutNetworksIsKept() {
        let filter = BoilerplateLineFilter(rules: [])
        let texts = [
            "Share prices fell on Twitter news", "Like many others, she joined Facebook in 2008.",
            "Follow the money, the investigators said.", "Twitter", "What we like about this winter",
            "Join the queue early",
        ]
        #expect(run(filter, [Body.paragraphs[0]] + texts).removed.isEmpty)
    }

    @Test func aBareNetworkNameGoesBesideShareLinesOnly() {
        let filter = BoilerplateLineFilter(rules: [])
        let result = run(filter, [Body.paragraphs[0], "Share this:", "Twitter", "Facebook", Body.paragraphs[1]])
        #expect(result.kept == [Body.paragraphs[0], Body.paragraphs[1]])
    }

    @Test func ruleThatHitsMatchLimitIsNoMatch() throws {
        let rule = try patternRule("pathological", "^(a+)+$", caseInsensitive: false)
        let text = String(repeating: "a", count: 40) + "b"
        #expect(run(BoilerplateLineFilter(rules: [rule]), [text]).removed.isEmpty)
    }

    // MARK: - Settings thresholds

    @Test func maxCharactersThreshold() throws {
        let rule = try patternRule("x-only", "^x+$")
        let line = String(repeating: "x", count: 301)
        #expect(run(BoilerplateLineFilter(rules: [rule]), [line]).removed.isEmpty)
        var settings = BoilerplateLineFilter.Settings()
        settings.maxCharacters = 301
        #expect(removed(run(BoilerplateLineFilter(rules: [rule], settings: settings), [line]))
            == [Removed(line, "pattern", "x-only")])
    }

    @Test func maxCharactersCountsScalarsNotBytes() throws {
        let rule = try patternRule("e-only", "^é+$")
        let line = String(repeating: "é", count: 300)   // 600 bytes
        #expect(removed(run(BoilerplateLineFilter(rules: [rule]), [line])) == [Removed(line, "pattern", "e-only")])
        var settings = BoilerplateLineFilter.Settings()
        settings.maxCharacters = 299
        #expect(run(BoilerplateLineFilter(rules: [rule], settings: settings), [line]).removed.isEmpty)
    }

    @Test func shippedLongLineIsNotTested() {
        let title = String(repeating: "a", count: 250)
        let line = "The post \(title) appeared first on Example Site Dot Com Online."   // > 300 characters
        #expect(line.unicodeScalars.count > 300)
        #expect(run(filter, [line]).removed.isEmpty)
        var settings = BoilerplateLineFilter.Settings()
        settings.maxCharacters = 400
        #expect(removed(run(BoilerplateLineFilter(rules: shippedRules.drops, settings: settings), [line]))
            == [Removed(line, "pattern", "appeared-first")])
    }
}
