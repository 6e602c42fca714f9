#!/usr/bin/env bash
# Builds decruft in release mode and runs both benchmarks with their defaults:
#
#   decruft-bench text   the plain-text path on 100 MB built from corpus/**/input.txt,
#                        as one document and as a stream (peak RSS at 100 and 200 MB)
#   decruft-bench html   the dev set ../shared/eval/trafilatura-eval: libxml2 parse
#                        floor vs our SAX parse vs the full cleaner, peak RSS per page size
#   decruft-bench batch  the decruft binary on 150 MB of JSONL text records and of HTML
#                        records, --jobs 1 and 2 (records/s, MB/s, speedup), then a 1 GB
#                        stream through a pipe (peak RSS every 256 MB and at the end)
#
# Run from anywhere; it works from the repository root. Set BENCH_JSON_DIR
# (relative to the repository root, or absolute) to also get text.json and
# html.json and batch.json summaries there. Takes several minutes.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

swift build -c release
bench="$(swift build -c release --show-bin-path)/decruft-bench"

text_args=()
html_args=()
batch_args=()
if [[ -n "${BENCH_JSON_DIR:-}" ]]; then
    mkdir -p "$BENCH_JSON_DIR"
    text_args=(--json "$BENCH_JSON_DIR/text.json")
    html_args=(--json "$BENCH_JSON_DIR/html.json")
    batch_args=(--json "$BENCH_JSON_DIR/batch.json")
fi

echo
"$bench" text "${text_args[@]}"
echo
"$bench" html "${html_args[@]}"
echo
"$bench" batch "${batch_args[@]}"
