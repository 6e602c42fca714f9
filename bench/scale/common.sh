# Shared by the scale-out checks: paths, the decruft binary, a test file,
# timing. Source it; it sets ROOT, HERE, DECRUFT, WORK and defines helpers.
#
# Environment:
#   DECRUFT   the decruft binary (default: .build/release/decruft, else the
#             first */release/decruft under the repository)
#   WORK      a scratch directory (default: a new one under /tmp, removed at exit)

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

if [[ -z "${DECRUFT:-}" ]]; then
    if [[ -x "$ROOT/.build/release/decruft" ]]; then
        DECRUFT="$ROOT/.build/release/decruft"
    else
        DECRUFT="$(ls -t "$ROOT"/.build*/release/decruft 2>/dev/null | head -n 1 || true)"
    fi
fi
if [[ -z "$DECRUFT" || ! -x "$DECRUFT" ]]; then
    echo "no decruft binary: build it (swift build -c release) or set DECRUFT" >&2
    exit 2
fi
DECRUFT="$(cd "$(dirname "$DECRUFT")" && pwd)/$(basename "$DECRUFT")"

if [[ -z "${WORK:-}" ]]; then
    WORK="$(mktemp -d /tmp/decruft-scale.XXXXXX)"
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"

# now: seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }

# since START: seconds elapsed since START, two decimals.
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# input_file [FILE]: FILE, or a small test file made by make-jsonl.py
# (3,000 lines, 5% HTML, about 28 MB). Prints the path.
input_file() {
    if [[ -n "${1:-}" ]]; then
        [[ -f "$1" ]] || { echo "no such file: $1" >&2; exit 2; }
        echo "$1"
        return
    fi
    if [[ ! -f "$WORK/input.jsonl" ]]; then
        python3 "$HERE/make-jsonl.py" --records 3000 --html-share 0.05 -o "$WORK/input.jsonl" >&2
    fi
    echo "$WORK/input.jsonl"
}

# need_command NAME DEBIAN_PACKAGE: installs the package with apt-get when
# NAME is missing and we are root (as .ci/setup does), else fails.
need_command() {
    command -v "$1" >/dev/null 2>&1 && return
    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "installing $2" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    fi
    command -v "$1" >/dev/null 2>&1 || { echo "$1 is missing: apt-get install $2" >&2; exit 2; }
}

# reference INPUT: one single decruft process over INPUT, the output every
# split run must reproduce. Prints the output's path.
reference() {
    local out="$WORK/reference.out"
    if [[ ! -f "$out" ]]; then
        local start
        start="$(now)"
        "$DECRUFT" --input jsonl --quiet < "$1" > "$out" 2> "$WORK/reference.err"
        echo "single process: $(since "$start") s" >&2
    fi
    echo "$out"
}
