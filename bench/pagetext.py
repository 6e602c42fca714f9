#!/usr/bin/env python3
"""Score decruft's TEXT mode on whole pages rendered as text.

Scraped text often is a whole web page rendered to text: the article among
its menus, link lists, footers, cookie and login prompts. This renders every
wcxb-dev page to plain text (visible text only, one paragraph per block
element, `<br>` as a line break; scripts, styles and the head left out),
runs `decruft --text` on it and scores the result with the wcxb metric (mean
per-page word F1 against the page's complete main text), beside the score of
the rendered text left as it is. Tune/confirm parts by domain as in wcxb.py.

Usage: python3 bench/pagetext.py [--limit N] [--fold tune|confirm|all] [--worst K]
       [--floor FILE] [--json FILE] [--dump DIR]
Standard library only.
"""
import argparse
import html.parser
import json
import re
import subprocess
import sys
from pathlib import Path

import floor
import wcxb

SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas", "select", "option"}
BLOCK = {"p", "div", "section", "article", "main", "aside", "nav", "header", "footer", "ul", "ol", "li", "dl",
         "dt", "dd", "table", "tr", "td", "th", "thead", "tbody", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
         "blockquote", "figure", "figcaption", "form", "fieldset", "address", "hr", "body", "details", "summary",
         "menu", "caption", "label", "button"}
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)
VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "param", "source", "track", "wbr"}


class Renderer(html.parser.HTMLParser):
    """Visible text of a page, a blank line between blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0
        self.line = []

    def flush(self, separator):
        text = " ".join("".join(self.line).split())
        if text:
            self.out.append(text)
            self.out.append(separator)
        elif separator == "\n\n" and self.out and self.out[-1] == "\n":
            self.out[-1] = "\n\n"
        self.line = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        elif tag == "br":
            self.flush("\n")
        elif tag in BLOCK:
            self.flush("\n\n")
        if tag in VOID and tag in SKIP:
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK:
            self.flush("\n\n")

    def handle_data(self, data):
        if not self.skip:
            self.line.append(data)

    def text(self):
        self.flush("\n\n")
        return "".join(self.out).strip() + "\n"


def render(raw):
    match = CHARSET.search(raw[:4096])
    encoding = "utf-8"
    if match:
        encoding = match.group(1).decode("ascii", "replace").lower()
    try:
        page = raw.decode(encoding, "replace")
    except LookupError:
        page = raw.decode("utf-8", "replace")
    renderer = Renderer()
    try:
        renderer.feed(page)
        renderer.close()
    except Exception:  # a page html.parser cannot finish: what it has so far
        pass
    return renderer.text()


def run_decruft(binary, pages, extra):
    stream = "".join(json.dumps({"id": p["id"], "input": p["text"]}, ensure_ascii=False) + "\n" for p in pages)
    proc = subprocess.run([binary, "--input", "jsonl", "--text-field", "input", "--quiet", *extra],
                          input=stream.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        sys.exit(f"decruft exited with {proc.returncode}: {proc.stderr.decode()[-400:]}")
    texts = {}
    for line in proc.stdout.decode("utf-8").split("\n"):
        if line.strip():
            record = json.loads(line)
            texts[record["id"]] = record.get("input") or ""
    return texts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=Path, default=wcxb.DEFAULT_DATASET)
    parser.add_argument("--decruft", default=str(wcxb.DEFAULT_DECRUFT))
    parser.add_argument("--decruft-arg", action="append", default=[], metavar="FLAG")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--fold", choices=("tune", "confirm", "all"), default="all")
    parser.add_argument("--worst", type=int, default=0, help="show the K pages losing most F1 to the raw text")
    parser.add_argument("--floor", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--dump", type=Path, help="write each rendered page and its cleaned text to DIR")
    args = parser.parse_args()

    pages = wcxb.load_pages(args.dataset, args.limit, args.fold)
    for page in pages:
        page["text"] = render(page["raw"])
    texts = run_decruft(args.decruft, pages, args.decruft_arg)
    for page in pages:
        page["raw_f1"], page["raw_p"], _ = wcxb.page_f1(page["text"], page["gold"])
        page["f1"], page["p"], page["r"] = wcxb.page_f1(texts.get(page["id"], ""), page["gold"])
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / f"{page['id']}.txt").write_text(page["text"], encoding="utf-8")
            (args.dump / f"{page['id']}.clean.txt").write_text(texts.get(page["id"], ""), encoding="utf-8")

    print(f"{len(pages)} wcxb-dev pages rendered as text, {sum(len(p['text'].encode()) for p in pages) / 1e6:.1f} MB")
    print(f"\n{'pages':<16}{'n':>6}{'rendered F1':>14}{'(prec)':>9}{'decruft F1':>13}{'(prec)':>9}{'(rec)':>9}")
    groups = [("all", pages), ("tune part", [p for p in pages if p["part"] == "tune"]),
              ("confirm part", [p for p in pages if p["part"] == "confirm"])]
    groups += [(t, [p for p in pages if p["page_type"] == t]) for t in wcxb.TYPES]
    totals = {}
    for name, group in groups:
        if not group:
            continue
        m = lambda key: wcxb.mean([p[key] for p in group])
        print(f"{name:<16}{len(group):>6}{m('raw_f1'):>14.3f}{m('raw_p'):>9.3f}{m('f1'):>13.3f}{m('p'):>9.3f}{m('r'):>9.3f}")
        totals[name.split()[0]] = round(m("f1"), 4)
    if args.worst:
        print()
        for page in sorted(pages, key=lambda p: p["f1"] - p["raw_f1"])[:args.worst]:
            print(f"{page['id']} {page['page_type']:<14} rendered {page['raw_f1']:.3f} → decruft {page['f1']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(totals, indent=2) + "\n")
    if args.floor:
        sys.exit(floor.hold(totals, args.floor))


if __name__ == "__main__":
    main()
