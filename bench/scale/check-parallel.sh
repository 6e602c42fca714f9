#!/usr/bin/env bash
# GNU parallel over a JSONL file: --pipe (chunks of standard input) and
# --pipepart (chunks read from the file by each job), both --keep-order,
# each job a `decruft --input jsonl --quiet --jobs 1`. The output must be
# the single-process run's, byte for byte, and hold one record per input
# record.
#
#   bash bench/scale/check-parallel.sh [INPUT.jsonl]
#
# Without INPUT a small file is made with make-jsonl.py. Environment:
# DECRUFT (the binary), JOBS (parallel's job slots, default 2), BLOCK
# (chunk size, default: the file's size / 8, at least 64k), WORK.
#
# parallel splits at newlines, so every chunk holds whole records. One thing
# differs between a split and a whole run: a line that is not JSON at all is
# flagged with "input_line":N, its line number in *that process's* input;
# the comparison allows exactly that (and says how many such lines it saw).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need_command parallel parallel
input="$(input_file "${1:-}")"
jobs="${JOBS:-2}"
size="$(stat -c %s "$input")"
block="${BLOCK:-$(( size / 8 > 65536 ? size / 8 : 65536 ))}"
expected="$(reference "$input")"
status=0

run() {
    local mode="$1"
    shift
    local out="$WORK/parallel-$mode.out" log="$WORK/parallel-$mode.log" start
    start="$(now)"
    "$@" > "$out" 2> "$WORK/parallel-$mode.err"
    local elapsed chunks
    elapsed="$(since "$start")"
    chunks=$(( $(wc -l < "$log") - 1 ))
    echo "parallel --$mode: $elapsed s, $chunks chunks of about $block bytes, -j $jobs;" \
        "$(grep -c '^decruft: error: ' "$WORK/parallel-$mode.err" || true) bad-record lines on stderr"
    if (( chunks < 2 )); then
        echo "FAIL --$mode: the input was not split (one chunk); use a smaller BLOCK"
        status=1
    fi
    python3 "$HERE/jsonl_check.py" same "$expected" "$out" || status=1
    python3 "$HERE/jsonl_check.py" records "$input" "$out" || status=1
}

command=("$DECRUFT" --input jsonl --quiet --jobs 1)
run pipe parallel --will-cite --pipe --keep-order -j "$jobs" --block "$block" \
    --joblog "$WORK/parallel-pipe.log" "${command[@]}" < "$input"
run pipepart parallel --will-cite --pipepart -a "$input" --keep-order -j "$jobs" --block "$block" \
    --joblog "$WORK/parallel-pipepart.log" "${command[@]}"

if (( status == 0 )); then echo "PASS check-parallel"; else echo "FAIL check-parallel"; fi
exit "$status"
