#!/usr/bin/env bash
# Spark RDD.pipe in local mode (opt-in: not part of .ci/run). Installs
# pyspark from PyPI into a virtual environment (about 500 MB; reused), runs
# spark_pipe.py with local[2] and 4 partitions, each partition piped through
# `decruft --input jsonl --quiet --jobs 1`, and checks the records against a
# single decruft process.
#
#   bash bench/scale/check-spark.sh [INPUT.jsonl]
#
# Environment: DECRUFT, WORK, SPARK_VENV (default /tmp/decruft-spark-venv),
# SPARK_MASTER (default local[2]), PARTITIONS (default 4), JAVA_HOME (else
# the java on PATH; Spark 4 needs Java 17 or later).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need_command java default-jre-headless
venv="${SPARK_VENV:-/tmp/decruft-spark-venv}"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    start="$(now)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pyspark
    echo "pip install pyspark: $(since "$start") s" >&2
fi
if [[ -z "${JAVA_HOME:-}" ]]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
fi

input="$(input_file "${1:-}")"
expected="$(reference "$input")"
start="$(now)"
"$venv/bin/python" "$HERE/spark_pipe.py" --decruft "$DECRUFT" --input "$input" --reference "$expected" \
    --master "${SPARK_MASTER:-local[2]}" --partitions "${PARTITIONS:-4}" 2> "$WORK/spark.err" || {
    status=$?
    tail -n 30 "$WORK/spark.err" >&2
    exit "$status"
}
echo "check-spark: $(since "$start") s in all (JVM start included)"
