/// The FiveFilters site-config directives decruft knows.
enum SiteConfigDirectives {
    /// Applied: they shape the text decruft writes.
    static let supported: Set<String> = [
        "title", "body", "strip", "strip_id_or_class", "strip_attr", "dissolve",
        "find_string", "replace_string", "prune", "test_url", "test_contains",
    ]

    /// Accepted and reported once as unsupported: they need the network
    /// (fetching, logging in, following pages) or shape output decruft does
    /// not produce (author, date, images, HTML fix-ups).
    static let unsupported: Set<String> = [
        "http_header", "login_uri", "login_username_field", "login_password_field", "login_extra_fields",
        "not_logged_in_xpath", "requires_login", "next_page_link", "single_page_link",
        "single_page_link_in_feed", "if_page_contains", "autodetect_on_failure", "tidy", "parser",
        "convert_double_br_tags", "src_lazy_load_attr", "insert_detected_image", "author", "date",
        "skip_json_ld", "native_ad_clue", "wrap_in", "move_into", "footnotes", "strip_image_src",
        "skip_id_or_class", "test_contains_not",
    ]
}
