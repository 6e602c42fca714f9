#!/usr/bin/env python3
"""Spark RDD.pipe over a JSONL file, in local mode, checked against a
single decruft process.

    python spark_pipe.py --decruft /abs/decruft --input in.jsonl --reference single.out
                         [--master local[2]] [--partitions 4]

  lines = sc.textFile(input, minPartitions=4)
  out = lines.pipe("/abs/decruft --input jsonl --quiet --jobs 1", checkCode=True)

Checked: records in = records out; every input record (by `id`, or by the
line itself for a line that is not a JSON object) comes out exactly once;
each output record against its input record (members byte for byte, text
cleaned, bad records flagged: jsonl_check.check_record); each output line
equals the single process's for the same record (apart from input_line of
invalid-JSON records, numbered within each partition); and the collected
output in partition order is the single process's output in order.

Needs pyspark (pip) and a Java runtime. Prints timings and PASS or FAIL.
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jsonl_check  # noqa: E402


def key_of(line):
    """A record's identity: its `id`, else (not an object) the line itself."""
    found = jsonl_check.members(line)
    if found is None:
        return ("line", line)
    values = {key: value for key, value, _ in found}
    if "raw" in values and "input_line" in values and "id" not in values:
        return ("line", values["raw"])
    return ("id", json.dumps(values.get("id")))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--decruft", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--reference", required=True, help="the single-process output")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=4)
    args = parser.parse_args()

    started = time.time()
    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setMaster(args.master).setAppName("decruft-pipe")
    conf.set("spark.ui.enabled", "false")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    ready = time.time()
    version = sc.version
    command = "%s --input jsonl --quiet --jobs 1" % os.path.abspath(args.decruft)
    try:
        lines = sc.textFile("file://" + os.path.abspath(args.input), minPartitions=args.partitions)
        partitions = lines.getNumPartitions()
        count_in = lines.count()
        piped = lines.pipe(command, checkCode=True)
        begun = time.time()
        # One pass: each partition's lines, with its index (partition order).
        parts = piped.mapPartitionsWithIndex(lambda index, it: [(index, list(it))]).collect()
        piped_seconds = time.time() - begun
    finally:
        sc.stop()
    collected = [line for _, part in sorted(parts) for line in part]
    sizes = [len(part) for _, part in sorted(parts)]
    print("spark %s: %s, %d partitions (records out per partition %s); start %.1f s, pipe + collect %.1f s"
          % (version, args.master, partitions, sizes, ready - started, piped_seconds))

    problems = []
    inputs = [line.decode("utf-8") for line in jsonl_check.lines_of(args.input) if line.strip(b" \t")]
    reference = [line.decode("utf-8") for line in jsonl_check.lines_of(args.reference)]
    if count_in != len(inputs):
        problems.append("Spark read %d lines, the file has %d" % (count_in, len(inputs)))
    if len(collected) != len(inputs):
        problems.append("%d records in, %d out" % (len(inputs), len(collected)))
    if partitions < 2:
        problems.append("only %d partition: nothing was split" % partitions)

    input_by_key = {}
    reference_by_key = {}
    for line_in, line_ref in zip(inputs, reference):
        key = key_of(line_in)
        if key in input_by_key:
            problems.append("input key %s is not unique" % (key,))
        input_by_key[key] = line_in
        reference_by_key[key] = line_ref
    seen = set()
    renumbered = 0
    for line_out in collected:
        key = key_of(line_out)
        if key not in input_by_key:
            problems.append("output record %s matches no input record" % (key,))
            continue
        if key in seen:
            problems.append("record %s came out twice" % (key,))
        seen.add(key)
        for problem in jsonl_check.check_record(input_by_key[key].encode("utf-8"), line_out.encode("utf-8")):
            problems.append("record %s: %s" % (key, problem))
        expected = reference_by_key[key]
        if line_out != expected:
            plain_out = jsonl_check.without_line_number(line_out.encode("utf-8"))
            if plain_out is not None and plain_out == jsonl_check.without_line_number(expected.encode("utf-8")):
                renumbered += 1
            else:
                problems.append("record %s differs from the single run" % (key,))
    missing = set(input_by_key) - seen
    if missing:
        problems.append("%d input records never came out, e.g. %s" % (len(missing), sorted(missing)[:3]))
    in_order = [key_of(line) for line in collected] == [key_of(line) for line in inputs]
    if not in_order:
        problems.append("the collected records are not in input order")

    if problems:
        print("FAIL check-spark: %d problem(s)" % len(problems))
        for problem in problems[:10]:
            print("  " + problem)
        sys.exit(1)
    print("ok spark: %d in = %d out, every id once, in input order, members byte for byte; "
          "%d records equal the single run's%s"
          % (len(inputs), len(collected), len(collected) - renumbered,
             " (+%d invalid-JSON records apart from input_line)" % renumbered if renumbered else ""))
    print("PASS check-spark")


if __name__ == "__main__":
    main()
