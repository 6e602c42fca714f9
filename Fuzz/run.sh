#!/usr/bin/env bash
# Builds the fuzz targets once (libFuzzer + AddressSanitizer, release) and
# runs each for SECONDS, seeded from corpus/ (Fuzz/make-seeds.py).
#
#   bash Fuzz/run.sh [SECONDS-PER-TARGET] [TARGET…]     # default: 30 s, every target
#
# Fails when a target crashes, leaks, times out (one input over 10 s), runs
# out of memory (2 GiB), breaks an output invariant (Fuzz/Sources/FuzzSupport/
# Invariants.swift), or runs without coverage feedback. Prints per target the
# executions, executions/s, coverage (edges), features and corpus size.
#
# Everything it writes is under Fuzz/.work/ (gitignored; FUZZ_WORK overrides):
#   corpus/TARGET/     inputs found so far (kept: a later run continues from them)
#   seeds/TARGET/      rebuilt from corpus/ and Fuzz/regressions/ on every run
#   artifacts/TARGET/  crash-*, leak-*, timeout-*, oom-* inputs
#   logs/TARGET.log    libFuzzer's output
# The build goes to .build-fuzz/ (FUZZ_SCRATCH overrides). FUZZ_FLAGS adds
# libFuzzer flags (e.g. -fork=2: two worker processes on one corpus);
# DECRUFT_FUZZ_IDEMPOTENCE=1 turns on the text target's idempotence check
# (off while a known finding is open: Fuzz/findings/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

all_targets=(text html html-rules jsonl feed warc warc-gzip toml-rules site-config)
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
    [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "run.sh: unknown target '$t' (${all_targets[*]})" >&2; exit 64; }
done

work=${FUZZ_WORK:-$root/Fuzz/.work}
scratch=${FUZZ_SCRATCH:-$root/.build-fuzz}

# NB: with both sanitizers, Swift 6.3 leaves out the coverage instrumentation
# that --sanitize=fuzzer alone would add, and libFuzzer then mutates blind;
# the -sanitize-coverage flags ask for it explicitly (checked below).
echo "== building fuzz targets (release, fuzzer + address sanitizers)" >&2
mkdir -p "$work/logs"
build_start=$SECONDS
flags=(--package-path Fuzz --scratch-path "$scratch" -c release --sanitize=fuzzer --sanitize=address)
if ! swift build "${flags[@]}" -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table \
        >"$work/logs/build.log" 2>&1; then
    grep -E 'error' "$work/logs/build.log" | head -40 >&2 || tail -40 "$work/logs/build.log" >&2
    echo "run.sh: build failed (log: $work/logs/build.log)" >&2
    exit 1
fi
bin=$(swift build "${flags[@]}" --show-bin-path)
echo "== built in $((SECONDS - build_start)) s" >&2

rm -rf "$work/seeds"
python3 Fuzz/make-seeds.py "$work/seeds"

# Swift's own crash backtracer and AddressSanitizer's handlers get in each
# other's way: let ASan report.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}

failed=()
summary=()
for t in "${targets[@]}"; do
    mkdir -p "$work/corpus/$t" "$work/artifacts/$t"
    log=$work/logs/$t.log
    echo "== fuzz-$t: ${seconds} s" >&2
    start=$SECONDS
    status=0
    # NB: run in the log directory: with -fork or -jobs, libFuzzer writes its
    # workers' logs (fuzz-N.log) to the working directory.
    (cd "$work/logs" && exec "$bin/fuzz-$t" "$work/corpus/$t" "$work/seeds/$t" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        -dict="$root/Fuzz/dict/$t.dict" -artifact_prefix="$work/artifacts/$t/" \
        -print_final_stats=1 ${FUZZ_FLAGS:-}) >"$log" 2>&1 || status=$?
    elapsed=$((SECONDS - start))
    # The last status line: "#N DONE cov: C ft: F corp: K/Sb … exec/s: E rss: RMb",
    # or with -fork "#N: cov: C ft: F corp: K exec/s: E … time: Ts job: J".
    last=$(grep -E '^#[0-9]+(:|[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED|RELOAD))' "$log" | tail -1 || true)
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
    corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
    execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)
    rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -1)
    rss=$(sed -nE 's/^stat::peak_rss_mb: *([0-9]+).*/\1/p' "$log" | tail -1)
    if [ -z "$execs" ]; then
        # -fork prints no final stats: the last status line counts all workers.
        execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
        [ -n "$execs" ] && rate=$((execs / (elapsed > 0 ? elapsed : 1)))
    fi
    verdict=ok
    if [ "$status" -ne 0 ]; then
        verdict="FAILED (exit $status)"
    elif [ -z "$cov" ] || [ "$cov" -lt 100 ]; then
        # No coverage figures: the instrumentation is missing and the fuzzer ran blind.
        verdict="FAILED (no coverage: cov '${cov:-none}')"
    fi
    summary+=("$(printf '%-12s %6s s %11s execs %7s/s  cov %6s  ft %7s  corpus %6s  rss %5s MB  %s' \
        "$t" "$elapsed" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" "$verdict")")
    echo "${summary[-1]}" >&2
    if [ "$verdict" != ok ]; then
        failed+=("$t")
        # The report: what broke, and where the input that did it was saved.
        grep -E -A40 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|Fatal error|decruft invariant|==[0-9]+== ?ERROR' "$log" \
            | head -80 >&2 || tail -40 "$log" >&2
        grep -E '^(artifact_prefix|Test unit written to)' "$log" >&2 || true
    fi
done

echo "== summary (${seconds} s per target; logs in $work/logs)" >&2
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "run.sh: failed: ${failed[*]} (inputs in $work/artifacts/; reproduce: $bin/fuzz-TARGET FILE)" >&2
    exit 1
fi
