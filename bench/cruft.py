#!/usr/bin/env python3
"""Score decruft's text filters on the cruft-dev documents.

Metric (shared/eval/README.md): output paragraphs are matched to input
paragraphs in order (whitespace and invisible characters ignored, NFC); an
input paragraph left without a match was removed. Removal precision =
removed cruft / removed, recall = removed cruft / cruft, F1 their harmonic
mean. Also reported: per cruft kind the share removed, the share of article
paragraphs wrongly removed (all documents and the clean ones), and the
documents that come out exactly as their gold.

Documents are split by domain as in bench/wcxb.py: four fifths tune, the
last fifth confirm; both are reported. `--floor FILE` (JSON: label -> minimum
F1 for "all", "tune", "confirm") exits 1 below a floor.

Usage: python3 bench/cruft.py [--fold tune|confirm|all] [--worst K] [--kind KIND]
       [--floor FILE] [--json FILE]
Standard library only.
"""
import argparse
import collections
import json
import resource
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import floor
from wcxb import part  # the same domain split as the wcxb-dev scorer

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = REPO.parent / "shared" / "eval" / "cruft-dev" / "cases.jsonl"
DEFAULT_DECRUFT = REPO / ".build" / "release" / "decruft"


def key(paragraph):
    """A paragraph without whitespace or invisible (format) characters, NFC."""
    text = unicodedata.normalize("NFC", paragraph)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc"))


def paragraphs(text):
    return [p for p in text.split("\n\n") if p.strip()]


def removed_positions(inputs, outputs):
    """Input positions with no output paragraph matched to them (in order)."""
    keys = [key(p) for p in inputs]
    matched = set()
    start = 0
    for out in outputs:
        k = key(out)
        for i in range(start, len(keys)):
            if keys[i] == k:
                matched.add(i)
                start = i + 1
                break
    return [i for i in range(len(inputs)) if i not in matched]


def run_decruft(binary, cases, extra_args):
    """All cases as one JSONL stream (field `input`); cleaned text per id, CPU seconds."""
    stream = "".join(json.dumps({"id": c["id"], "input": c["input"]}, ensure_ascii=False) + "\n" for c in cases)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([binary, "--input", "jsonl", "--text-field", "input", "--quiet", *extra_args],
                          input=stream.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"decruft exited with {proc.returncode}: {proc.stderr.decode()[-500:]}")
    texts, logs = {}, {}
    for line in proc.stdout.decode("utf-8").split("\n"):
        if line.strip():
            record = json.loads(line)
            texts[record["id"]] = record.get("input") or ""
            logs[record["id"]] = (record.get("decruft") or {}).get("log") or []
    return texts, logs, cpu, wall, len(stream.encode())


def score(cases, texts):
    """Per-document results: removed positions, labels, exactness."""
    results = []
    for case in cases:
        inputs = paragraphs(case["input"])
        if len(inputs) != len(case["paras"]):
            sys.exit(f"{case['id']}: {len(inputs)} paragraphs but {len(case['paras'])} labels")
        outputs = paragraphs(texts.get(case["id"], ""))
        removed = set(removed_positions(inputs, outputs))
        exact = [key(p) for p in outputs] == [key(p) for p in case["gold"]]
        results.append({"case": case, "inputs": inputs, "removed": removed, "exact": exact})
    return results


def totals(results):
    t = collections.Counter()
    kinds = collections.defaultdict(lambda: [0, 0])
    for r in results:
        clean = not r["case"]["kinds"]
        t["documents"] += 1
        t["exact"] += r["exact"]
        for i, label in enumerate(r["case"]["paras"]):
            gone = i in r["removed"]
            if label is None:
                t["article"] += 1
                t["article_removed"] += gone
                if clean:
                    t["clean_article"] += 1
                    t["clean_article_removed"] += gone
            else:
                t["cruft"] += 1
                t["cruft_removed"] += gone
                kinds[label[0]][0] += gone
                kinds[label[0]][1] += 1
    removed = t["cruft_removed"] + t["article_removed"]
    precision = t["cruft_removed"] / removed if removed else 0.0
    recall = t["cruft_removed"] / t["cruft"] if t["cruft"] else 0.0
    return {
        "documents": t["documents"], "exact": t["exact"],
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "article_wrongly_removed": t["article_removed"] / t["article"] if t["article"] else 0.0,
        "clean_article_wrongly_removed": (t["clean_article_removed"] / t["clean_article"]
                                          if t["clean_article"] else 0.0),
        "kinds": {k: {"removed": v[0], "of": v[1], "share": v[0] / v[1]} for k, v in sorted(kinds.items())},
    }


def print_report(parts):
    print(f"{'part':<9}{'docs':>6}{'exact':>7}{'prec':>8}{'recall':>8}{'F1':>8}"
          f"{'article lost':>14}{'(clean docs)':>14}")
    for label, t in parts.items():
        print(f"{label:<9}{t['documents']:>6}{t['exact']:>7}{t['precision']:>8.3f}{t['recall']:>8.3f}"
              f"{t['f1']:>8.3f}{t['article_wrongly_removed'] * 100:>13.2f}%"
              f"{t['clean_article_wrongly_removed'] * 100:>13.2f}%")
    print(f"\n{'cruft kind':<22}" + "".join(f"{label:>18}" for label in parts))
    kinds = sorted({k for t in parts.values() for k in t["kinds"]})
    for kind in kinds:
        cells = ""
        for t in parts.values():
            v = t["kinds"].get(kind)
            cell = f"{v['share'] * 100:5.1f}% of {v['of']}" if v else "-"
            cells += f"{cell:>18}"
        print(f"{kind:<22}{cells}")


def print_why(results, logs):
    """Removals by filter/reason, split into cruft and article paragraphs
    (by the logged block position, checked against the paragraph's text)."""
    counts = collections.defaultdict(lambda: [0, 0])
    unaligned = 0
    for r in results:
        labels, inputs = r["case"]["paras"], r["inputs"]
        for entry in logs.get(r["case"]["id"], []):
            i = entry.get("position", -1)
            if not (0 <= i < len(inputs)) or not key(inputs[i]).startswith(key(entry["text"].rstrip("…"))[:40]):
                unaligned += 1
                continue
            counts[f"{entry['filter']}/{entry['reason']}"][0 if labels[i] is not None else 1] += 1
    print(f"\n{'filter/reason':<36}{'cruft removed':>15}{'article removed':>17}")
    for name, (good, bad) in sorted(counts.items(), key=lambda kv: -kv[1][1]):
        print(f"{name:<36}{good:>15}{bad:>17}")
    if unaligned:
        print(f"({unaligned} log entries not aligned with an input paragraph)")


def print_worst(results, k, kind):
    shown = 0
    for r in results:
        labels = r["case"]["paras"]
        missed = [(labels[i], r["inputs"][i]) for i in range(len(labels))
                  if labels[i] is not None and i not in r["removed"] and (not kind or labels[i][0] == kind)]
        wrong = [r["inputs"][i] for i in sorted(r["removed"]) if labels[i] is None]
        if kind and not missed:
            continue
        if not missed and not wrong:
            continue
        print(f"\n{r['case']['id']} ({r['case']['cruft_lang']}, {', '.join(r['case']['kinds']) or 'clean'})")
        for label, text in missed:
            print(f"  kept cruft [{label[0]}]: {text[:110]!r}")
        for text in wrong:
            print(f"  lost text: {text[:110]!r}")
        shown += 1
        if shown >= k:
            break


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    ap.add_argument("--decruft", default=str(DEFAULT_DECRUFT))
    ap.add_argument("--decruft-arg", action="append", default=[], metavar="FLAG")
    ap.add_argument("--fold", choices=("all", "tune", "confirm"), default="all")
    ap.add_argument("--worst", type=int, default=0, metavar="K",
                    help="show K documents with kept cruft or lost article text")
    ap.add_argument("--kind", help="with --worst: only documents that keep this cruft kind")
    ap.add_argument("--why", action="store_true",
                    help="per filter and reason: cruft and article paragraphs it removed (--explain)")
    ap.add_argument("--floor", type=Path, help="exit 1 when F1 is below these floors")
    ap.add_argument("--json", type=Path, help="write the totals to FILE")
    args = ap.parse_args()

    cases = [json.loads(line) for line in args.dataset.read_text(encoding="utf-8").splitlines() if line.strip()]
    for case in cases:
        case["part"] = part(case["url"])
    if args.fold != "all":
        cases = [c for c in cases if c["part"] == args.fold]
    binary = shutil.which(args.decruft)
    if not binary:
        sys.exit(f"decruft binary not found: {args.decruft} (swift build -c release)")
    extra = args.decruft_arg + (["--explain"] if args.why else [])
    texts, logs, cpu, wall, nbytes = run_decruft(binary, cases, extra)
    results = score(cases, texts)
    parts = {"all": totals(results)}
    for label in ("tune", "confirm"):
        chosen = [r for r in results if r["case"]["part"] == label]
        if chosen and args.fold == "all":
            parts[label] = totals(chosen)
    print(f"{len(cases)} documents, {nbytes / 1e6:.1f} MB; decruft {cpu:.2f} s CPU, {wall:.2f} s wall\n")
    print_report(parts)
    if args.why:
        print_why(results, logs)
    if args.worst:
        print_worst(results, args.worst, args.kind)
    if args.json:
        args.json.write_text(json.dumps(parts, indent=1))
    if args.floor:
        floor.hold({label: t["f1"] for label, t in parts.items()}, args.floor)


if __name__ == "__main__":
    main()
