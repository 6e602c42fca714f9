#!/usr/bin/env python3
"""Score decruft (and optionally trafilatura) on the wcxb-dev pages.

Metric (shared/eval/README.md): lowercase the extracted text and the page's
complete main text, take their words (`\\w+`, Unicode); precision = shared
words (multiset intersection) / predicted words, recall = shared / reference
words, F1 their harmonic mean; an empty prediction scores 0. Reported: the
mean of the per-page F1 over all pages and per page type.

Pages are split by domain into five folds (a stable hash of the host without
`www.`): folds 0-3 are the tuning part, fold 4 the confirmation part that is
looked at only to check that a change generalizes. Both are reported.

Usage: python3 bench/wcxb.py [--trafilatura] [--limit N] [--fold tune|confirm|all]
       [--floor FILE] [--json FILE] [--worst K]
Standard library only; trafilatura is imported only when asked for, and its
results are cached (keyed by its version) so that later runs compare at once.
"""
import argparse
import collections
import gzip
import hashlib
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import floor

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = REPO.parent / "shared" / "eval" / "wcxb-dev"
DEFAULT_DECRUFT = REPO / ".build" / "release" / "decruft"
CACHE = REPO / ".build" / "eval-cache"
BATCH_SIZE = 400
WORD = re.compile(r"\w+")
TYPES = ("article", "documentation", "service", "forum", "product", "listing", "collection")


def domain(url):
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def fold(url, folds=5):
    """Stable fold of a page's domain: every page of one site in one fold."""
    return int(hashlib.sha1(domain(url).encode()).hexdigest(), 16) % folds


def part(url):
    return "confirm" if fold(url) == 4 else "tune"


def strip_markdown(text):
    """The text of decruft's Markdown without its markup: heading, quote and
    list markers, escapes, fences, table separator rows and cell bars."""
    out = []
    for line in text.split("\n"):
        if re.match(r"^\s*(```|~~~)\s*$", line) or re.match(r"^\|( ---+ \|)+\s*$", line):
            continue
        line = re.sub(r"^\s*(#{1,6} |> |[-*+] |\d{1,9}[.)] )", "", line)
        line = re.sub(r"^\\", "", line)
        if line.startswith("| ") and line.endswith(" |"):
            line = " ".join(cell.strip() for cell in line[2:-2].split(" | "))
        out.append(line)
    return "\n".join(out)


def words(text):
    return collections.Counter(WORD.findall(text.lower()))


def page_f1(predicted, reference):
    p, r = words(predicted or ""), words(reference or "")
    np_, nr = sum(p.values()), sum(r.values())
    if np_ == 0 or nr == 0:
        return 0.0, 0.0, 0.0
    shared = sum((p & r).values())
    if shared == 0:
        return 0.0, 0.0, 0.0
    prec, rec = shared / np_, shared / nr
    return 2 * prec * rec / (prec + rec), prec, rec


def load_pages(dataset, limit, which):
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    pages = []
    for page in manifest:
        page["part"] = part(page["url"])
        if which != "all" and page["part"] != which:
            continue
        gt = json.loads((dataset / "ground-truth" / f"{page['id']}.json").read_text(encoding="utf-8"))
        page["gold"] = gt["ground_truth"].get("main_content") or ""
        if not page["gold"].strip():
            continue  # no reference text: nothing to score against
        with gzip.open(dataset / "html" / f"{page['id']}.html.gz", "rb") as fh:
            page["raw"] = fh.read()
        pages.append(page)
        if limit and len(pages) >= limit:
            break
    return pages


def run_decruft(binary, pages, extra_args):
    """All pages through decruft --format jsonl in batches; (texts, warnings, cpu, wall)."""
    texts, warnings, cpu, wall = {}, {}, 0.0, 0.0
    with tempfile.TemporaryDirectory(prefix="decruft-wcxb-") as workdir:
        paths = []
        for page in pages:
            path = Path(workdir) / f"{page['id']}.html"
            path.write_bytes(page["raw"])
            paths.append(path)
        for start in range(0, len(paths), BATCH_SIZE):
            batch = paths[start:start + BATCH_SIZE]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            proc = subprocess.run([binary, "--html", "--format", "jsonl", "--quiet", *extra_args,
                                   *map(str, batch)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            wall += time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if proc.returncode != 0:
                tail = proc.stderr.decode("utf-8", "replace").strip()[-400:]
                print(f"warning: decruft exited with {proc.returncode}: {tail}", file=sys.stderr)
            for line in proc.stdout.decode("utf-8", "replace").split("\n"):
                if not line.strip():
                    continue
                rec = json.loads(line)
                name = Path(rec.get("source", "")).name.removesuffix(".html")
                texts[name] = rec.get("text") or ""
                if rec.get("warnings"):
                    warnings[name] = rec["warnings"]
    return texts, warnings, cpu, wall


def run_trafilatura(pages):
    """trafilatura (comments off), cached per version under .build/eval-cache."""
    try:
        import trafilatura
    except ImportError as exc:
        print(f"trafilatura is not installed ({exc}): `pip install trafilatura`", file=sys.stderr)
        return None, None
    version = getattr(trafilatura, "__version__", "?")
    cache_file = CACHE / f"wcxb-trafilatura-{version}.json"
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    missing = [p for p in pages if p["id"] not in cache]
    for page in missing:
        try:
            cache[page["id"]] = trafilatura.extract(page["raw"], include_comments=False) or ""
        except Exception:  # one page failing must not stop the run
            cache[page["id"]] = ""
    if missing:
        CACHE.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(cache))
    return {p["id"]: cache[p["id"]] for p in pages}, f"trafilatura {version}"


def score(pages, texts):
    """Per page (f1, precision, recall)."""
    return {p["id"]: page_f1(texts.get(p["id"], ""), p["gold"]) for p in pages}


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def table(pages, runs):
    """Mean F1 per part and page type for each run."""
    rows = []
    groups = [("all", lambda p: True), ("tune", lambda p: p["part"] == "tune"),
              ("confirm", lambda p: p["part"] == "confirm")]
    groups += [(t, (lambda t: lambda p: p["page_type"] == t)(t)) for t in TYPES]
    head = f"{'pages':<15}{'n':>5}" + "".join(f"{name[:22]:>24}" for name in runs)
    print(head)
    print("-" * len(head))
    summary = {}
    for label, keep in groups:
        chosen = [p for p in pages if keep(p)]
        if not chosen:
            continue
        cells = ""
        for name, scores in runs.items():
            f1 = mean(scores[p["id"]][0] for p in chosen)
            summary.setdefault(name, {})[label] = round(f1, 4)
            cells += f"{f1:>24.3f}"
        rows.append(label)
        print(f"{label:<15}{len(chosen):>5}{cells}")
    return summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    ap.add_argument("--decruft", default=str(DEFAULT_DECRUFT))
    ap.add_argument("--decruft-arg", action="append", default=["--no-title"], metavar="FLAG",
                    help="extra flag for decruft (repeatable; --no-title is always given)")
    ap.add_argument("--trafilatura", action="store_true", help="score trafilatura beside it")
    ap.add_argument("--fold", choices=("all", "tune", "confirm"), default="all")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--worst", type=int, default=0, metavar="K", help="list the K worst pages")
    ap.add_argument("--empty", action="store_true", help="list pages with empty output")
    ap.add_argument("--floor", type=Path, help="fail (exit 1) when a mean F1 is below these floors")
    ap.add_argument("--json", type=Path, help="write per-page scores to FILE")
    ap.add_argument("--markdown", action="store_true",
                    help="score decruft's Markdown output (--jsonl-text markdown) stripped of its markup")
    args = ap.parse_args()
    if args.markdown:
        args.decruft_arg += ["--jsonl-text", "markdown"]

    pages = load_pages(args.dataset, args.limit, args.fold)
    nbytes = sum(len(p["raw"]) for p in pages)
    print(f"{len(pages)} pages ({sum(p['part'] == 'tune' for p in pages)} tune, "
          f"{sum(p['part'] == 'confirm' for p in pages)} confirm by domain), {nbytes / 1e6:.1f} MB")
    binary = shutil.which(args.decruft)
    if not binary:
        sys.exit(f"decruft binary not found: {args.decruft} (swift build -c release)")
    texts, warnings, cpu, wall = run_decruft(binary, pages, args.decruft_arg)
    if args.markdown:
        texts = {name: strip_markdown(text) for name, text in texts.items()}
    runs = {"decruft": score(pages, texts)}
    if args.trafilatura:
        other, name = run_trafilatura(pages)
        if other is not None:
            runs[name] = score(pages, other)
    print()
    summary = table(pages, runs)
    empty = [p for p in pages if not texts.get(p["id"], "").strip()]
    unexplained = [p["id"] for p in empty if p["id"] not in warnings]
    print(f"\ndecruft: {cpu:.1f} s CPU, {nbytes / 1e6 / cpu if cpu else 0:.1f} MB/s; "
          f"{len(empty)} empty outputs ({len(unexplained)} without a warning)")
    if args.empty:
        for p in empty:
            print(f"  empty {p['id']} {p['page_type']:<13} {warnings.get(p['id'], '')}")
    if args.worst:
        scores = runs["decruft"]
        print(f"\nworst {args.worst}:")
        for p in sorted(pages, key=lambda p: scores[p["id"]][0])[:args.worst]:
            f1, prec, rec = scores[p["id"]]
            print(f"  {p['id']} {p['page_type']:<13} F1 {f1:.3f} P {prec:.3f} R {rec:.3f}  {p['url'][:80]}")
    if args.json:
        args.json.write_text(json.dumps({name: s for name, s in runs.items()}))
    if args.floor:
        floor.hold(summary["decruft"], args.floor)


if __name__ == "__main__":
    main()
