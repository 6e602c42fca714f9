#!/usr/bin/env python3
"""Score decruft (and optionally trafilatura) on the trafilatura-eval corpus.

Metric (shared/eval/README.md): snippet and extracted text are both normalized
by collapsing every whitespace run to one space and trimming. Per page, each
`with` snippet found is a TP (missing: FN), each `without` snippet found is an
FP (absent: TN). Counts are summed over all pages. A page whose extraction
failed or is empty scores all its `with` snippets as FN.

Pages are split by domain as in bench/wcxb.py (a stable hash of the host):
four fifths are the tuning part, the last fifth the confirmation part; F1 is
reported for both. `--floor FILE` (JSON: part -> minimum F1, parts "all",
"tune", "confirm") exits 1 when decruft falls below a floor (CI).

Usage: python3 bench/eval.py [--trafilatura [--trafilatura-fast]] [--limit N]
       [--floor FILE] [--json FILE] [--worst K]
Standard library only; trafilatura is imported only when asked for.
"""
import argparse
import gzip
import inspect
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import floor
import wcxb
from wcxb import part  # the same domain split as the wcxb-dev scorer

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = REPO.parent / "shared" / "eval" / "trafilatura-eval"
DEFAULT_DECRUFT = REPO / ".build" / "release" / "decruft"
BATCH_SIZE = 500  # files per decruft invocation, keeps argv well below ARG_MAX
SNIPPET_WIDTH = 80


def normalize(text):
    """Collapse runs of (Unicode) whitespace to one space and trim."""
    return " ".join(text.split())


def score_page(page, text, error=None):
    """Per-page confusion counts plus the snippets that went wrong."""
    body = normalize(text or "")
    missed = [s for s in page["with"] if normalize(s) not in body]
    leaked = [s for s in page["without"] if normalize(s) in body]
    if not body and error is None:
        error = "empty output"
    return {
        "id": page["id"], "url": page["url"], "error": error, "chars": len(body),
        "tp": len(page["with"]) - len(missed), "fn": len(missed),
        "fp": len(leaked), "tn": len(page["without"]) - len(leaked),
        "missed": missed, "leaked": leaked,
    }


def summarize(results, cpu, wall, nbytes):
    tot = {k: sum(r[k] for r in results) for k in ("tp", "fp", "fn", "tn")}
    tp, fp, fn, tn = tot["tp"], tot["fp"], tot["fn"], tot["tn"]
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    tot.update(
        pages=len(results),
        failed=sum(1 for r in results if r["error"]),
        precision=prec, recall=rec,
        f1=2 * prec * rec / (prec + rec) if prec + rec else 0.0,
        accuracy=(tp + tn) / (tp + fp + fn + tn) if results else 0.0,
        cpu_s=cpu, wall_s=wall, mb=nbytes / 1e6,
        pages_per_s=len(results) / cpu if cpu else 0.0,
        mb_per_s=nbytes / 1e6 / cpu if cpu else 0.0,
    )
    return tot


def load_pages(dataset, limit):
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    if limit:
        manifest = manifest[:limit]
    for page in manifest:
        with gzip.open(dataset / page["file"], "rb") as fh:
            page["raw"] = fh.read()  # raw bytes, charset untouched
    return manifest


def run_decruft(binary, pages, workdir, extra_args=()):
    """Run decruft over all pages in batches; return (results, cpu_s, wall_s)."""
    paths = []
    for page in pages:
        path = Path(workdir) / f"{page['id']}.html"
        path.write_bytes(page["raw"])
        paths.append(str(path))
    records, cpu, wall = [], 0.0, 0.0
    for start in range(0, len(paths), BATCH_SIZE):
        batch = paths[start:start + BATCH_SIZE]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run([binary, "--html", "--format", "jsonl", *extra_args, *batch],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wall += time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            tail = proc.stderr.decode("utf-8", "replace").strip()[-500:]
            print(f"warning: decruft exited with {proc.returncode} on batch "
                  f"starting at {start}: {tail}", file=sys.stderr)
        records.extend(match_records(proc.stdout, batch))
    results = []
    for page, rec in zip(pages, records):
        if rec is None:
            results.append(score_page(page, "", "no output record"))
        else:
            error = rec.get("error") or None
            text = "" if error else (rec.get("text") or "")
            if "--jsonl-text" in extra_args:
                text = wcxb.strip_markdown(text)
            results.append(score_page(page, text, error))
    return results, cpu, wall


def match_records(stdout, batch):
    """Align jsonl records with input files: by 'source' when given, else by order."""
    parsed = []
    # split on "\n" only: str.splitlines() would also break on U+2028, U+0085...
    # which JSON allows unescaped inside strings
    for line in stdout.decode("utf-8", "replace").split("\n"):
        if line.strip():
            try:
                parsed.append(json.loads(line))
            except json.JSONDecodeError:
                parsed.append({"error": "unparsable output line"})
    by_name = {os.path.basename(r["source"]): r for r in parsed
               if isinstance(r.get("source"), str)}
    if by_name:
        matched = [by_name.get(os.path.basename(p)) for p in batch]
        if None in matched:
            print(f"warning: no record for {matched.count(None)} of {len(batch)} files",
                  file=sys.stderr)
        return matched
    if len(parsed) != len(batch):
        print(f"warning: {len(parsed)} records for {len(batch)} files, "
              "matching by order", file=sys.stderr)
    return [parsed[i] if i < len(parsed) else None for i in range(len(batch))]


def run_trafilatura(trafilatura, pages, fast):
    """Extract in-process from the raw bytes; time with process CPU time."""
    options = {"include_comments": False}
    if fast:  # 2.x calls it `fast`, older versions `no_fallback`
        params = inspect.signature(trafilatura.extract).parameters
        options["fast" if "fast" in params else "no_fallback"] = True
    results, cpu, wall = [], 0.0, 0.0
    for page in pages:
        c0, t0 = time.process_time(), time.perf_counter()
        try:
            text, error = trafilatura.extract(page["raw"], **options), None
        except Exception as exc:  # a crash on one page must not stop the run
            text, error = None, f"{type(exc).__name__}: {exc}"
        cpu += time.process_time() - c0
        wall += time.perf_counter() - t0
        results.append(score_page(page, text, error))
    return results, cpu, wall


def print_table(totals):
    head = (f"{'extractor':<22}{'pages':>6}{'fail':>5}{'tp':>6}{'fp':>6}{'fn':>6}{'tn':>6}"
            f"{'prec':>7}{'rec':>7}{'F1':>7}{'acc':>7}{'cpu s':>8}{'wall s':>8}"
            f"{'pages/s':>9}{'MB/s':>7}")
    print(head)
    print("-" * len(head))
    for name, t in totals.items():
        print(f"{name:<22}{t['pages']:>6}{t['failed']:>5}{t['tp']:>6}{t['fp']:>6}"
              f"{t['fn']:>6}{t['tn']:>6}{t['precision']:>7.3f}{t['recall']:>7.3f}"
              f"{t['f1']:>7.3f}{t['accuracy']:>7.3f}{t['cpu_s']:>8.2f}{t['wall_s']:>8.2f}"
              f"{t['pages_per_s']:>9.1f}{t['mb_per_s']:>7.2f}")


def clip(snippet):
    s = normalize(snippet)
    return s if len(s) <= SNIPPET_WIDTH else s[:SNIPPET_WIDTH - 3] + "..."


def print_worst(results, k):
    bad = [r for r in results if r["fn"] + r["fp"]]
    bad.sort(key=lambda r: (-(r["fn"] + r["fp"]), r["id"]))
    print(f"\nWorst {min(k, len(bad))} of {len(bad)} pages with errors (decruft):")
    for r in bad[:k]:
        note = f"  [{r['error']}]" if r["error"] else ""
        print(f"{r['id']}  fn={r['fn']} fp={r['fp']} tp={r['tp']} tn={r['tn']} "
              f"chars={r['chars']}  {r['url']}{note}")
        for s in r["missed"]:
            print(f"    missing: {clip(s)}")
        for s in r["leaked"]:
            print(f"    leaked:  {clip(s)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, default=DEFAULT_DATASET,
                    help=f"corpus directory (default: {DEFAULT_DATASET})")
    ap.add_argument("--decruft", default=str(DEFAULT_DECRUFT),
                    help=f"decruft binary (default: {DEFAULT_DECRUFT})")
    ap.add_argument("--trafilatura", action="store_true",
                    help="also score trafilatura (comments off), in-process")
    ap.add_argument("--trafilatura-fast", action="store_true",
                    help="also score trafilatura in fast mode (implies --trafilatura)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--decruft-arg", action="append", default=[], metavar="FLAG",
                    help="extra flag for decruft (repeatable), e.g. --decruft-arg=--no-title")
    ap.add_argument("--worst", type=int, default=15, metavar="K",
                    help="list the K decruft pages with most errors (default 15)")
    ap.add_argument("--json", type=Path, metavar="FILE",
                    help="write per-page results and totals to FILE")
    ap.add_argument("--floor", type=Path, metavar="FILE",
                    help="exit 1 when decruft's F1 (all, tune, confirm) is below these floors")
    ap.add_argument("--markdown", action="store_true",
                    help="score decruft's Markdown output (--jsonl-text markdown) stripped of its markup")
    args = ap.parse_args()
    if args.markdown:
        args.decruft_arg += ["--jsonl-text", "markdown"]

    pages = load_pages(args.dataset, args.limit)
    nbytes = sum(len(p["raw"]) for p in pages)
    print(f"{len(pages)} pages, {nbytes / 1e6:.1f} MB uncompressed, "
          f"{sum(len(p['with']) for p in pages)} with / "
          f"{sum(len(p['without']) for p in pages)} without snippets")

    runs = {}
    binary = shutil.which(args.decruft)
    if binary:
        with tempfile.TemporaryDirectory(prefix="decruft-eval-") as workdir:
            runs["decruft"] = run_decruft(binary, pages, workdir, args.decruft_arg)
    else:
        print(f"decruft binary not found or not executable: {args.decruft} "
              "(build it with `swift build -c release`)", file=sys.stderr)

    if args.trafilatura or args.trafilatura_fast:
        try:
            import trafilatura
        except ImportError as exc:
            print(f"trafilatura is not installed ({exc}); `pip install trafilatura` "
                  "to compare against it", file=sys.stderr)
        else:
            version = getattr(trafilatura, "__version__", "?")
            runs[f"trafilatura {version}"] = run_trafilatura(trafilatura, pages, False)
            if args.trafilatura_fast:
                runs[f"trafilatura {version} fast"] = run_trafilatura(trafilatura, pages, True)

    if not runs:
        sys.exit("nothing to evaluate")
    totals = {name: summarize(res, cpu, wall, nbytes) for name, (res, cpu, wall) in runs.items()}
    print()
    print_table(totals)
    print("(pages/s and MB/s are per CPU second: user+sys of decruft, process time "
          "of the in-process trafilatura)")
    parts = {}
    if "decruft" in runs:
        results, cpu, wall = runs["decruft"]
        parts = split_by_part(pages, results, cpu, wall, nbytes)
        print("decruft by domain part: " + ", ".join(
            f"{label} {t['pages']} pages F1 {t['f1']:.3f} (P {t['precision']:.3f} "
            f"R {t['recall']:.3f})" for label, t in parts.items()))
    if "decruft" in runs and args.worst > 0:
        print_worst(runs["decruft"][0], args.worst)
    if args.json:
        report = {"dataset": str(args.dataset), "totals": totals,
                  "pages": {name: res for name, (res, _, _) in runs.items()}}
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nwrote {args.json}")
    if args.floor:
        if not parts:
            sys.exit("no decruft results to hold against the floor")
        floor.hold({label: t["f1"] for label, t in parts.items()}, args.floor, missing_fails=True)


def split_by_part(pages, results, cpu, wall, nbytes):
    """Totals over all pages and over each domain part (tune, confirm)."""
    parts = {"all": summarize(results, cpu, wall, nbytes)}
    for label in ("tune", "confirm"):
        chosen = [r for p, r in zip(pages, results) if part(p["url"]) == label]
        if chosen:
            parts[label] = summarize(chosen, 0.0, 0.0, 0)
    return parts


if __name__ == "__main__":
    main()
