#!/usr/bin/env bash
# Hadoop Streaming without Hadoop: the input is cut into SPLITS input splits
# at line boundaries (`split -n l/N`, as TextInputFormat hands a mapper whole
# lines), and each split goes through the mapper the way a streaming task
# runs it — records on standard input, records on standard output, counters
# on standard error:
#
#   decruft --input jsonl --quiet --hadoop-counters < split > part 2> task.err
#
# (a map-only job: -mapper 'decruft --input jsonl --quiet --hadoop-counters
# --jobs 1' -numReduceTasks 0). Checked: each part holds one JSON record per
# record of its split, in order, with every other member byte for byte; the
# parts laid end to end are the single-process output; the
# reporter:counter:decruft,NAME,N lines parse and sum over the tasks to the
# totals (records_in, records_out, errors); standard output holds only JSON
# lines and standard error only counters and bad-record messages.
#
#   bash bench/scale/check-hadoop-streaming.sh [INPUT.jsonl]
#
# Environment: DECRUFT, SPLITS (default 4), TASKS (tasks at a time, default 2), WORK.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need_command split coreutils
input="$(input_file "${1:-}")"
splits="${SPLITS:-4}"
tasks="${TASKS:-2}"
expected="$(reference "$input")"
status=0

rm -rf "$WORK/splits" "$WORK/parts"
mkdir -p "$WORK/splits" "$WORK/parts"
split -n "l/$splits" -d -a 3 "$input" "$WORK/splits/split-"

start="$(now)"
running=0
for path in "$WORK/splits"/split-*; do
    name="${path##*/split-}"
    "$DECRUFT" --input jsonl --quiet --hadoop-counters --jobs 1 < "$path" \
        > "$WORK/parts/part-$name" 2> "$WORK/parts/task-$name.err" &
    running=$(( running + 1 ))
    if (( running >= tasks )); then
        wait -n
        running=$(( running - 1 ))
    fi
done
wait
echo "hadoop-streaming: $(since "$start") s, $splits splits, $tasks tasks at a time"

records_in=0
errors=0
for path in "$WORK/splits"/split-*; do
    name="${path##*/split-}"
    part="$WORK/parts/part-$name"
    err="$WORK/parts/task-$name.err"
    printf 'split %s (%s lines): ' "$name" "$(wc -l < "$path")"
    python3 "$HERE/jsonl_check.py" records "$path" "$part" || status=1
    # Standard error: counters and bad-record messages only (no summary: --quiet).
    if grep -v -e '^reporter:counter:decruft,[A-Za-z0-9_-]*,[0-9]*$' -e '^decruft: error: -:[0-9]*: ' "$err"; then
        echo "FAIL split $name: unexpected lines on standard error (above)"
        status=1
    fi
    records_in=$(( records_in + $(grep -c . "$path" || true) ))
    errors=$(( errors + $(grep -c '^decruft: error: ' "$err" || true) ))
done

cat "$WORK/parts"/part-* > "$WORK/hadoop.out"
python3 "$HERE/jsonl_check.py" same "$expected" "$WORK/hadoop.out" || status=1
# The errors expected are the bad records the single run flagged.
expected_errors="$(grep -c '^decruft: error: ' "$WORK/reference.err" || true)"
if (( errors != expected_errors )); then
    echo "FAIL: $errors bad-record messages over the tasks, the single run gave $expected_errors"
    status=1
fi
python3 "$HERE/jsonl_check.py" counters "$WORK/parts"/task-*.err \
    --in "$records_in" --out "$records_in" --errors "$expected_errors" || status=1

if (( status == 0 )); then echo "PASS check-hadoop-streaming"; else echo "FAIL check-hadoop-streaming"; fi
exit "$status"
