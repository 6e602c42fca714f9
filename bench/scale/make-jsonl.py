#!/usr/bin/env python3
"""Builds a JSON Lines test file for the scale-out checks from the
repository's own material.

    python3 bench/scale/make-jsonl.py --records 2000 -o /tmp/in.jsonl
    python3 bench/scale/make-jsonl.py --mb 50 --kind html -o /tmp/html.jsonl

Records:
  * text records (`text`): corpus/**/input.txt and ../shared/seeds/*.txt,
    one to three documents joined by a blank line; `url` when the corpus
    case's `args` names one;
  * HTML records (`html`): ../shared/eval/trafilatura-eval/html/*.html.gz,
    `url` from its manifest.json (pages that are not UTF-8 are decoded as
    windows-1252: JSON strings are Unicode);
  * every record has an `id` ("t000001", "h000002"…) and extra fields of
    every JSON type (objects nested two deep, integers, floats with
    exponents, arrays, booleans, null, escaped strings) that decruft must
    pass through byte for byte; members are written compactly, in a fixed
    order, so a check can look for `"name":<value bytes>` in the output;
  * a few bad lines, spread over the file: invalid JSON, a JSON value that
    is not an object, a record without `text`/`html`, a `text` that is a
    number. Each valid bad record still has an `id`.

Deterministic: the same arguments give the same bytes (--seed, default 1).
The size is --records N (lines, bad ones included) or --mb M (at least
M × 10^6 bytes). Standard library only.
"""

import argparse
import gzip
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# The bad lines, in turn; {n} is a counter so that each line is unique.
BAD_LINES = [
    '{{"id":"bad{n}","text":"an unterminated string',
    '[{n},"a JSON array is not a record"]',
    '{{"id":"bad{n}","meta":{{"why":"no text or html field"}}}}',
    '{{"id":"bad{n}","text":{n}}}',
    'not JSON at all {n}',
]


def corpus_texts(root, shared):
    """(name, text, url or None) for every text document, in path order."""
    found = []
    corpus = os.path.join(root, "corpus")
    for directory, _, files in os.walk(corpus):
        if "input.txt" in files:
            found.append(os.path.join(directory, "input.txt"))
    seeds = os.path.join(shared, "seeds")
    if os.path.isdir(seeds):
        found += [os.path.join(seeds, f) for f in os.listdir(seeds) if f.endswith(".txt")]
    documents = []
    for path in sorted(found):
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
        documents.append((os.path.relpath(path, root), text, case_url(path)))
    if not documents:
        sys.exit("make-jsonl: no corpus/**/input.txt and no seeds")
    return documents


def case_url(input_path):
    """The `--url` value of a corpus case's args file, if any."""
    args = os.path.join(os.path.dirname(input_path), "args")
    if not os.path.isfile(args):
        return None
    with open(args, encoding="utf-8") as handle:
        lines = [line.strip() for line in handle]
    for k, line in enumerate(lines[:-1]):
        if line == "--url":
            return lines[k + 1]
    return None


def html_pages(shared, limit=None):
    """(name, html, url) for the dataset's pages, in manifest order."""
    dataset = os.path.join(shared, "eval", "trafilatura-eval")
    manifest_path = os.path.join(dataset, "manifest.json")
    if not os.path.isfile(manifest_path):
        sys.exit("make-jsonl: no %s" % manifest_path)
    with open(manifest_path, encoding="utf-8") as handle:
        manifest = json.load(handle)
    pages = []
    for entry in manifest[:limit]:
        with gzip.open(os.path.join(dataset, entry["file"]), "rb") as handle:
            raw = handle.read()
        try:
            html = raw.decode("utf-8")
        except UnicodeDecodeError:
            html = raw.decode("cp1252", errors="replace")
        pages.append((entry["file"], html, entry.get("url")))
    return pages


def extra_fields(rng, number, source):
    """Extra members as (name, JSON text), every JSON type among them."""
    words = ["alpha", "beta", "gamma", "delta", "café", "naïve", "東京", "😀", 'quote " and \\ slash', "tab\there"]
    meta = {
        "source": source,
        "crawl": {"batch": number // 100, "shard": rng.randrange(64), "ok": rng.random() < 0.9,
                  "fetched": "2024-%02d-%02dT%02d:00:00Z" % (rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(24))},
        "scores": [round(rng.random(), 6), rng.randrange(-1000, 1000), None, rng.random() < 0.5],
        "tags": rng.sample(words, 3),
    }
    fields = [
        ("meta", json.dumps(meta, ensure_ascii=rng.random() < 0.5, separators=(",", ":"))),
        ("n", str(number)),
        ("weight", rng.choice(["1.5e3", "-0.25", "2E-7", "0", "123456789012345678"])),
        ("lang", json.dumps(rng.choice(["en", "de", "fr", None]))),
        ("nested", json.dumps({"a": {"b": [1, [2, {"c": "\u2028 and \u00e9"}]]}}, ensure_ascii=rng.random() < 0.5,
                              separators=(",", ":"))),
        ("empty", rng.choice(["{}", "[]", '""'])),
    ]
    rng.shuffle(fields)
    return fields


def record_line(rng, number, kind, documents, pages):
    """One good record: its line (no newline) and its byte size."""
    if kind == "text":
        count = rng.choice([1, 1, 1, 2, 3])
        picked = [rng.choice(documents) for _ in range(count)]
        body = "\n\n".join(text.rstrip("\n") for _, text, _ in picked) + "\n"
        source = picked[0][0]
        url = picked[0][2]
        field = "text"
        ident = "t%06d" % number
    else:
        source, body, url = rng.choice(pages)
        field = "html"
        ident = "h%06d" % number
    members = [("id", json.dumps(ident))]
    if url:
        members.append(("url", json.dumps(url)))
    members += extra_fields(rng, number, source)
    # The document field goes in a varying place among the others.
    members.insert(rng.randrange(1, len(members) + 1), (field, json.dumps(body, ensure_ascii=rng.random() < 0.3)))
    return "{" + ",".join('"%s":%s' % (name, value) for name, value in members) + "}"


def average_bytes(args):
    """A rough record size, to spread the bad lines of an --mb file."""
    text, html = 2_500, 150_000
    if args.kind == "text":
        return text
    if args.kind == "html":
        return html
    return (1 - args.html_share) * text + args.html_share * html


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--records", type=int, help="lines to write (bad lines included)")
    size.add_argument("--mb", type=float, help="write at least this many MB (10^6 bytes)")
    parser.add_argument("--kind", choices=["mixed", "text", "html"], default="mixed",
                        help="record kinds (mixed: text and HTML, see --html-share)")
    parser.add_argument("--html-share", type=float, default=0.2,
                        help="mixed: the share of HTML records (default 0.2)")
    parser.add_argument("--bad", type=int, default=None,
                        help="bad lines (default: 1 per 200 lines, at least 5; 0 for none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--html-pages", type=int, default=None, help="use only the first N dataset pages")
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"),
                        help="the shared material (default: ../shared next to the repository)")
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    documents = corpus_texts(ROOT, args.shared) if args.kind != "html" else []
    pages = html_pages(args.shared, args.html_pages) if args.kind != "text" else []

    target_bytes = int(args.mb * 1e6) if args.mb is not None else None
    total = args.records
    # Bad lines go at seeded positions among the lines (for --mb the line
    # count is unknown beforehand: they are spread over an estimate, and
    # any not reached by then are written at the end).
    estimate = total if total is not None else max(10, int(target_bytes / average_bytes(args)))
    bad = args.bad if args.bad is not None else (max(5, estimate // 200) if estimate >= 20 else 0)
    bad_at = set(rng.sample(range(estimate), min(bad, estimate)))

    out = sys.stdout.buffer if args.output == "-" else open(args.output, "wb")
    written = 0
    line_number = 0
    bad_written = 0
    while True:
        if total is not None and line_number >= total:
            break
        if target_bytes is not None and written >= target_bytes and bad_written >= len(bad_at):
            break
        if line_number in bad_at or (target_bytes is not None and written >= target_bytes):
            line = BAD_LINES[bad_written % len(BAD_LINES)].format(n=bad_written + 1)
            bad_written += 1
        else:
            if args.kind == "mixed":
                kind = "html" if rng.random() < args.html_share else "text"
            else:
                kind = args.kind
            line = record_line(rng, line_number + 1, kind, documents, pages)
        data = line.encode("utf-8") + b"\n"
        out.write(data)
        written += len(data)
        line_number += 1
    if out is not sys.stdout.buffer:
        out.close()
    print("make-jsonl: %d lines (%d bad), %.1f MB" % (line_number, bad_written, written / 1e6), file=sys.stderr)


if __name__ == "__main__":
    main()
