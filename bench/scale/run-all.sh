#!/usr/bin/env bash
# Builds decruft (release), makes a JSONL test file and runs the three
# scale-out checks: GNU parallel (--pipe and --pipepart), Hadoop-Streaming
# style splits with counters, and Spark RDD.pipe in local mode.
#
#   bash bench/scale/run-all.sh [--records N | --mb M] [--no-spark]
#
# --records/--mb: the test file's size (default 3,000 records, 5% HTML,
# about 28 MB); --no-spark skips the Spark check (which installs pyspark,
# about 500 MB, on first use). SCRATCH_PATH=DIR builds with
# --scratch-path DIR instead of .build. Exits 1 if any check fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

size=(--records 3000 --html-share 0.05)
spark=1
while (( $# )); do
    case "$1" in
        --records|--mb) size=("$1" "$2"); shift 2 ;;
        --no-spark) spark=0; shift ;;
        *) echo "usage: run-all.sh [--records N | --mb M] [--no-spark]" >&2; exit 2 ;;
    esac
done

build=(-c release)
[[ -n "${SCRATCH_PATH:-}" ]] && build+=(--scratch-path "$SCRATCH_PATH")
swift build "${build[@]}"
DECRUFT="$(swift build "${build[@]}" --show-bin-path)/decruft"
export DECRUFT

WORK="$(mktemp -d /tmp/decruft-scale.XXXXXX)"
export WORK
trap 'rm -rf "$WORK"' EXIT
python3 bench/scale/make-jsonl.py "${size[@]}" -o "$WORK/input.jsonl"

checks=(check-parallel check-hadoop-streaming)
(( spark )) && checks+=(check-spark)
results=()
failed=0
for check in "${checks[@]}"; do
    echo
    echo "== $check"
    start="$(date +%s.%N)"
    if bash "bench/scale/$check.sh" "$WORK/input.jsonl"; then result=pass; else result=FAIL; failed=1; fi
    results+=("$(printf '%-24s %s  %6.1f s' "$check" "$result" "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')")")
done

echo
echo "== summary ($(wc -l < "$WORK/input.jsonl") records, $(( $(stat -c %s "$WORK/input.jsonl") / 1000000 )) MB)"
printf '%s\n' "${results[@]}"
exit "$failed"
