#!/usr/bin/env python3
"""Builds the seed directory of every fuzz target from the repository's
corpus/ (and ../shared/seeds when present):

    python3 Fuzz/make-seeds.py OUT_DIR        # OUT_DIR/TARGET/NAME for every target

Seeds are the inputs a target starts from; libFuzzer mutates them. Each
target gets the corpus inputs of its kind plus a few inputs written here for
paths the corpus does not reach (form-feed streams, WARC records of every
kind, RSS 1.0, rule files using every table). A crash found by fuzzing and
fixed becomes a file in Fuzz/regressions/TARGET/, which is copied in too.
Standard library only.
"""
import gzip
import json
import os
import pathlib
import sys
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
REGRESSIONS = ROOT / "Fuzz" / "regressions"
TARGETS = ["text", "html", "html-rules", "jsonl", "feed", "warc", "warc-gzip", "toml-rules", "site-config"]


def read(path):
    return pathlib.Path(path).read_bytes()


def corpus_files(pattern):
    return sorted(CORPUS.glob(pattern))


# --- WARC ---------------------------------------------------------------

def warc_record(kind, block, uri=None, content_type=None, number=1, extra=(), newline=b"\r\n", length=None):
    fields = [("WARC-Type", kind), ("WARC-Date", "2024-05-01T12:00:00Z"),
              ("WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-%012d>" % number)]
    if uri:
        fields.append(("WARC-Target-URI", uri))
    if content_type:
        fields.append(("Content-Type", content_type))
    fields += list(extra)
    fields.append(("Content-Length", str(len(block)) if length is None else length))
    head = b"WARC/1.0" + newline + b"".join(f"{k}: {v}".encode() + newline for k, v in fields) + newline
    return head + block + newline + newline


def http(status, fields, body):
    head = f"HTTP/1.1 {status}\r\n".encode() + b"".join(f"{k}: {v}\r\n".encode() for k, v in fields)
    return head + b"\r\n" + body


def chunked(body, size=300):
    out = b""
    for start in range(0, len(body), size):
        piece = body[start:start + size]
        out += b"%x;ext=1\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\nX-Trailer: yes\r\n\r\n"


def warc_seeds(pages):
    """WARC files: every record type and HTTP body coding the reader handles."""
    page = pages[0]
    response = "application/http; msgtype=response"
    info = warc_record("warcinfo", b"software: decruft-fuzz\r\nformat: WARC File Format 1.0\r\n",
                       content_type="application/warc-fields", number=1)
    request = warc_record("request", b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n", uri="https://news.example/a",
                          content_type="application/http; msgtype=request", number=2)
    seeds = {}
    for k, html in enumerate(pages[:6]):
        seeds[f"page-{k}.warc"] = info + warc_record(
            "response", http("200 OK", [("Content-Type", "text/html; charset=utf-8")], html),
            uri=f"https://news.example/{k}", content_type=response, number=3)
    seeds["mixed.warc"] = b"".join([
        info, request,
        warc_record("response", http("200 OK", [("Content-Type", "text/html; charset=ISO-8859-1")],
                                     "<p>Caf\u00e9 cr\u00e8me, na\u00efve fa\u00e7ade.</p>".encode("latin-1")),
                    uri="https://news.example/latin", content_type=response, number=3),
        warc_record("response", http("200 OK", [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
                                     chunked(page)), uri="https://news.example/chunked", content_type=response, number=4),
        warc_record("response", http("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                                     gzip.compress(page)), uri="https://news.example/gz", content_type=response, number=5),
        warc_record("response", http("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "deflate")],
                                     zlib.compress(page)), uri="https://news.example/deflate", content_type=response, number=6),
        warc_record("response", http("404 Not Found", [("Content-Type", "text/html")], b"<p>gone</p>"),
                    uri="https://news.example/404", content_type=response, number=7),
        warc_record("response", http("200 OK", [("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
                    uri="https://news.example/i.png", content_type=response, number=8),
        warc_record("metadata", b"via: https://news.example/\r\n", uri="https://news.example/a",
                    content_type="application/warc-fields", number=9),
        warc_record("resource", page, uri="<https://news.example/resource>", content_type="text/html; charset=utf-8",
                    number=10).replace(b"WARC/1.0", b"WARC/1.1", 1),
    ])
    seeds["lf-only.warc"] = warc_record("response", http("200 OK", [("Content-Type", "text/html")], page),
                                        uri="https://news.example/lf", content_type=response, newline=b"\n")
    seeds["damaged.warc"] = (info + b"garbage between records\r\n"
                             + warc_record("response", http("200 OK", [("Content-Type", "text/html")], page),
                                           uri="https://news.example/b", content_type=response, number=3, length="12x")
                             + warc_record("response", http("200 OK", [("Content-Type", "text/html")], page),
                                           uri="https://news.example/c", content_type=response, number=4))
    seeds["too-large.warc"] = warc_record("response", http("200 OK", [("Content-Type", "text/html")], (page * 40)[:40000]),
                                          uri="https://news.example/big", content_type=response, number=3)
    seeds["truncated.warc"] = (info + warc_record("response", http("200 OK", [("Content-Type", "text/html")], page),
                                                  uri="https://news.example/t", content_type=response, number=3))[:-200]
    seeds["gzip-bomb-body.warc"] = warc_record(
        "response", http("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                         gzip.compress(b"<p>" + b"a" * (1 << 20) + b"</p>")),
        uri="https://news.example/bomb", content_type=response, number=3)
    seeds["empty.warc"] = b""
    return seeds


def split_records(plain):
    """Cut a plain WARC before every line starting with WARC/ (as the target does)."""
    cuts = [0] + [k for k in range(1, len(plain)) if plain[k - 1] == 0x0A and plain.startswith(b"WARC/", k)]
    return [plain[a:b] for a, b in zip(cuts, cuts[1:] + [len(plain)]) if a < b]


def warc_gzip_seeds(plain_seeds):
    """Plain WARCs (compressed by the target, one member per record), and
    real .warc.gz files: one member per record, and one member for all."""
    seeds = dict(plain_seeds)
    for name, plain in plain_seeds.items():
        if not plain:
            continue
        seeds[name + ".gz"] = b"".join(gzip.compress(r, mtime=0) for r in split_records(plain))
    mixed = plain_seeds["mixed.warc"]
    seeds["mixed-one-member.warc.gz"] = gzip.compress(mixed, mtime=0)
    seeds["mixed-truncated.warc.gz"] = seeds["mixed.warc.gz"][:-37]
    return seeds


# --- other inputs -------------------------------------------------------

def text_seeds():
    seeds = {}
    for path in corpus_files("**/input.txt"):
        seeds[path.parent.name + ".txt"] = read(path)
    if SHARED_SEEDS.is_dir():
        for path in sorted(SHARED_SEEDS.glob("*.txt")):
            seeds["shared-" + path.name] = read(path)
    texts = list(seeds.values())
    # A stream of documents separated by form-feed lines (CRLF too), and bad bytes.
    seeds["stream-form-feed.txt"] = b"\n\f\n".join(texts[:3]) + b"\r\n\f\r\n" + texts[3][:400]
    seeds["invalid-utf8.txt"] = texts[0][:300] + b"\xff\xfe\xc3\x28 \xe2\x82 \xed\xa0\x80\0\x01\x7f\xc2\x85" + texts[0][300:600]
    return seeds


def html_seeds():
    seeds = {path.parent.name + ".html": read(path) for path in corpus_files("**/input.html")}
    seeds["hostile-nesting.html"] = b"<div>" * 3000 + b"<p>text inside</p>" + b"<b><i>" * 500
    seeds["attributes.html"] = b"<p " + b" ".join(b"a%d=x" % k for k in range(700)) + b">kept?</p><p>after</p>"
    return seeds


def html_rules_seeds(fixture_page):
    seeds = html_seeds()
    seeds["fixture.html"] = fixture_page
    return seeds


def jsonl_seeds():
    seeds = {}
    for path in corpus_files("jsonl/**/input.jsonl"):
        whole = read(path)
        seeds[path.parent.name + ".jsonl"] = whole
        for k, line in enumerate(whole.splitlines()):
            seeds[f"{path.parent.name}-line-{k + 1}.jsonl"] = line + b"\n"
    html = read(sorted(corpus_files("html/**/input.html"))[0]).decode("utf-8", "replace")
    text = read(sorted(corpus_files("text/**/input.txt"))[0]).decode("utf-8", "replace")
    records = [
        {"id": "h1", "html": html, "url": "https://news.example/a", "meta": {"n": 1.5e300, "ok": True, "none": None}},
        {"id": "t1", "text": text, "metadata": {"url": "https://news.example/b"}},
        {"text": "Caf\u00e9 \ud83d\ude00 \u200b\u00ad tabs\tand\u2028separators", "url": 7, "decruft": {"old": []}},
    ]
    lines = [json.dumps(r, ensure_ascii=k % 2 == 0).encode() for k, r in enumerate(records)]
    lines += [b'{"text": "lone surrogate \\udc00 and \\ud800x", "dup": 1, "dup": 2}', b"[1, 2]", b"{", b"",
              b'{"text": "crlf line"}\r', b'{"a":' + b"[" * 600 + b"]" * 600 + b"}"]
    seeds["written.jsonl"] = b"\n".join(lines) + b"\n"
    return seeds


def feed_seeds():
    seeds = {path.parent.name + ".xml": read(path) for path in corpus_files("feeds/**/input.xml")}
    seeds["rss1-rdf.xml"] = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="https://rdf.example/"><title>RDF News</title><link>https://rdf.example/</link></channel>
<item rdf:about="https://rdf.example/1"><title>First &amp; last</title><link>https://rdf.example/1</link>
<dc:date>2024-01-02</dc:date><dc:creator>A. Writer</dc:creator>
<content:encoded><![CDATA[<p>The council met on Tuesday and agreed the budget.</p><p>Share this on Facebook</p>]]></content:encoded></item>
</rdf:RDF>
"""
    seeds["atom-text.xml"] = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X<b>y</b></div></title>
<id>urn:1</id><content type="text">Plain text body.\n\nAlso, see:\n\nOther story here</content><summary>s</summary></entry></feed>
"""
    seeds["entities.xml"] = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&b;</title><item><title>&ext;</title><description>&b;&b; AT&amp;T &nbsp;</description></item></channel></rss>
"""
    return seeds


def toml_seeds():
    seeds = {"default.toml": read(ROOT / "rules" / "default.toml")}
    for path in corpus_files("**/rules.toml"):
        seeds[path.parent.name + ".toml"] = read(path)
    for path in corpus_files("bad-rules/*.toml"):
        seeds["bad-" + path.name] = read(path)
    seeds["every-table.toml"] = b"""# every kind of rule and setting
[filters]
order = ["normalize", "replace", "boilerplate-line", "tag-line", "truncate", "see-also", "duplicate-headline", "repeated-block"]
disable = ["tag-line"]
enable = ["tag-line"]

[filters.see-also]
tail_fraction = 0.4
max_link_words = 12

[filters.repeated-block]
min_characters = 10

[filters.html]
min_article_characters = 100

[html]
negative = ["teaser", "promo"]

[[drop]]
id = "d1"
pattern = '(?i)^(share|follow) (this|us)\\b'
sites = ["fuzz.example", ".example"]

[[drop]]
id = "d2"
text = "Sponsored by"
case_insensitive = true

[[marker]]
id = "m1"
text = "Also, see:"

[[truncate]]
id = "t1"
pattern = "^The post .* appeared first on"

[[replace]]
id = "r1"
pattern = '^(?<city>[A-Z]+) \\(Reuters\\) - '
replacement = "${city}: $$ $1"

[[replace]]
id = "r2"
text = "<p>ADVERTORIAL:"
replacement = '<p class="promo">'
raw_html = true

[[tag_label]]
id = "l1"
labels = ["Topics", "Schlagw\xc3\xb6rter"]

[[strip]]
id = "s1"
xpath = "//div[contains(@class, 'promo')]"

[[strip]]
id = "s2"
id_or_class = "newsletter"

[[dissolve]]
id = "dz"
xpath = "//span"

[[body]]
id = "b1"
xpath = "//article"
prune = false

[[title]]
id = "ti"
xpath = "//h1"

[[strip_attr]]
id = "sa"
xpath = "//p/@hidden"

[[drop]]
id = "boilerplate-advertisement"
enabled = false
"""
    seeds["toml-syntax.toml"] = b"""a = 1979-05-27T07:32:00Z
b = [1, 2.5e-3, -0x1F, 0o17, 0b101, inf, nan, true, "s", 's', \"\"\"multi
line\"\"\", '''raw\\n''']
c = { x = 1, y.z = "dotted" }
"quoted key".sub = 1_000
[t."x y"]
[[aot]]
k = 00:01:02.5
"""
    return seeds


def site_config_seeds():
    seeds = {path.name: read(path) for path in corpus_files("site-config/*.txt")}
    for path in corpus_files("bad-rules/*.txt"):
        seeds["bad-" + path.name] = read(path)
    seeds["every-directive.txt"] = b"""# every directive
title: //h1[@class='headline']
author: //span[@class='by']
date: //time/@datetime
body: //div[@class='article-text'] | //article
strip: //div[contains(@class,'promo')]
strip_id_or_class: newsletter
strip_attr: //p/@hidden
dissolve: //span[@class='wrapper']
find_string: <p>ADVERTORIAL:
replace_string: <p class="newsletter">
replace_string(Sponsored by Harbour Bank.): nothing
prune: yes
tidy: no
parser: html5php
http_header(user-agent): x
if_page_contains: //div
next_page_link: //a[@rel='next']
test_url: https://fuzz.example/2024/harbour-plan
test_contains: The council approved
titl: //h1
"""
    return seeds


def fixture_page():
    # The page `Fixtures.page` holds (Fuzz/Sources/FuzzSupport/Fixtures.swift), for html-rules.
    source = (ROOT / "Fuzz" / "Sources" / "FuzzSupport" / "Fixtures.swift").read_text()
    start = source.index('public static let page: [UInt8] = Array("""') + len('public static let page: [UInt8] = Array("""')
    body = source[start:source.index('""".utf8)', start)]
    lines = [line[8:] if line.startswith(" " * 8) else line.strip() for line in body.strip("\n").split("\n")]
    return "\n".join(lines).encode()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    pages = [read(p) for p in corpus_files("html/**/input.html") if 2000 < p.stat().st_size < 8000]
    warc = warc_seeds(pages)
    by_target = {
        "text": text_seeds(),
        "html": html_seeds(),
        "html-rules": html_rules_seeds(fixture_page()),
        "jsonl": jsonl_seeds(),
        "feed": feed_seeds(),
        "warc": warc,
        "warc-gzip": warc_gzip_seeds(warc),
        "toml-rules": toml_seeds(),
        "site-config": site_config_seeds(),
    }
    for target in TARGETS:
        directory = out / target
        directory.mkdir(parents=True, exist_ok=True)
        seeds = by_target[target]
        if (REGRESSIONS / target).is_dir():
            for path in sorted((REGRESSIONS / target).iterdir()):
                if path.is_file() and not path.name.endswith(".md"):
                    seeds["regression-" + path.name] = read(path)
        for name, data in seeds.items():
            (directory / name).write_bytes(data)
        print(f"{target}: {len(seeds)} seeds, {sum(map(len, seeds.values()))} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
