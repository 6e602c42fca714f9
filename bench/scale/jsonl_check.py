#!/usr/bin/env python3
"""Checks for decruft's JSONL output, shared by the scale-out scripts.

    jsonl_check.py records INPUT OUTPUT     every input line has its output line, in order
    jsonl_check.py same EXPECTED ACTUAL     two runs' outputs agree byte for byte
    jsonl_check.py counters STDERR... --in N --out N --errors N
                                            Hadoop counter lines sum to the totals

Each prints one line saying what it checked and exits 1 on the first
failures (up to 5 are shown). Standard library only; lines are split on
b"\\n" alone (a JSON line may hold U+2028, which str.splitlines() splits).
"""

import json
import re
import sys

_decoder = json.JSONDecoder()
_space = re.compile(r"[ \t\r\n]*")


def lines_of(path):
    """The file's lines as bytes, without their newline (the last may lack one)."""
    with open(path, "rb") as handle:
        data = handle.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def members(text):
    """An object's members as (key, value, raw value text), in order; None if
    `text` is not one JSON object."""
    try:
        position = _space.match(text, 0).end()
        if text[position:position + 1] != "{":
            return None
        position = _space.match(text, position + 1).end()
        found = []
        if text[position:position + 1] == "}":
            position += 1
        else:
            while True:
                key, position = _decoder.raw_decode(text, position)
                if not isinstance(key, str):
                    return None
                position = _space.match(text, position).end()
                if text[position:position + 1] != ":":
                    return None
                start = _space.match(text, position + 1).end()
                value, position = _decoder.raw_decode(text, start)
                found.append((key, value, text[start:position]))
                position = _space.match(text, position).end()
                if text[position:position + 1] == ",":
                    position = _space.match(text, position + 1).end()
                    continue
                if text[position:position + 1] != "}":
                    return None
                position += 1
                break
        if _space.match(text, position).end() != len(text):
            return None
        return found
    except (json.JSONDecodeError, ValueError):
        return None


def check_record(line_in, line_out):
    """Problems (strings) between one input line and its output line."""
    try:
        text_in = line_in.decode("utf-8")
        text_out = line_out.decode("utf-8")
    except UnicodeDecodeError as error:
        return ["not UTF-8: %s" % error]
    out = members(text_out)
    if out is None:
        return ["output is not one JSON object: %r" % text_out[:120]]
    out_map = {key: value for key, value, _ in out}
    out_raw = {key: raw for key, _, raw in out}
    got = members(text_in)
    if got is None:
        # Invalid JSON or not an object: flagged, with the line kept in `raw`.
        problems = []
        if not isinstance(out_map.get("error"), str):
            problems.append("bad input line not flagged with an error")
        if out_map.get("raw") != text_in:
            problems.append("flagged line's raw differs from the input line")
        return problems
    problems = []
    keys_in = [key for key, _, _ in got]
    has_html = any(key == "html" and isinstance(value, str) for key, value, _ in got)
    field = "html" if has_html else "text"
    value = dict((key, value) for key, value, _ in got).get(field)
    good = isinstance(value, str)
    for key, _, raw in got:
        if good and key == "text":
            continue
        if out_raw.get(key) != raw:
            problems.append("member %r not passed through byte for byte" % key)
    keys_out = [key for key, _, _ in out]
    if keys_out[:len(keys_in)] != keys_in:
        problems.append("members out of order: %s vs %s" % (keys_out[:len(keys_in)], keys_in))
    if good:
        if "error" in out_map and "error" not in keys_in:
            problems.append("good record flagged: %s" % out_map["error"])
        cleaned = out_map.get("text")
        if not isinstance(cleaned, str) or (cleaned and not cleaned.endswith("\n")):
            problems.append("no cleaned text")
        if not isinstance(out_map.get("decruft"), dict) or out_map["decruft"].get("input") != field:
            problems.append("no decruft object saying input %s" % field)
    elif not isinstance(out_map.get("error"), str):
        problems.append("record without a %s string not flagged" % field)
    return problems


def fail(label, problems):
    print("FAIL %s: %d problem(s)" % (label, len(problems)))
    for problem in problems[:5]:
        print("  " + problem)
    sys.exit(1)


def cmd_records(input_path, output_path):
    lines_in, lines_out = lines_of(input_path), lines_of(output_path)
    lines_in = [line for line in lines_in if line.strip(b" \t")]
    problems = []
    if len(lines_in) != len(lines_out):
        problems.append("%d records in, %d out" % (len(lines_in), len(lines_out)))
    flagged = 0
    for number, (a, b) in enumerate(zip(lines_in, lines_out), 1):
        for problem in check_record(a, b):
            problems.append("line %d: %s" % (number, problem))
        if b'"error":' in b and isinstance(dict((k, v) for k, v, _ in members(b.decode("utf-8", "replace")) or []).get("error"), str):
            flagged += 1
    if problems:
        fail("records %s" % output_path, problems)
    print("ok records: %d in = %d out, in order, %d flagged, every other member byte for byte"
          % (len(lines_in), len(lines_out), flagged))


def without_line_number(line):
    """A record flagged as invalid JSON names its line in *its* input
    (`"input_line":N`): a split run counts from each split's start. Returns
    the line with that member removed, or None for other lines."""
    if not line.startswith(b'{"error":') or b'"raw":' not in line:
        return None
    return re.sub(rb',"input_line":[0-9]+,', b",", line, count=1)


def cmd_same(expected_path, actual_path):
    expected, actual = lines_of(expected_path), lines_of(actual_path)
    problems = []
    if len(expected) != len(actual):
        problems.append("%d lines expected, %d found" % (len(expected), len(actual)))
    identical = renumbered = 0
    for number, (a, b) in enumerate(zip(expected, actual), 1):
        if a == b:
            identical += 1
            continue
        a_plain, b_plain = without_line_number(a), without_line_number(b)
        if a_plain is not None and a_plain == b_plain:
            renumbered += 1
            continue
        problems.append("line %d differs: %r… vs %r…" % (number, a[:100], b[:100]))
    if problems:
        fail("same %s %s" % (expected_path, actual_path), problems)
    note = ""
    if renumbered:
        note = (", %d invalid-JSON records identical apart from input_line (numbered within each split)"
                % renumbered)
    print("ok same: %d of %d lines byte for byte%s" % (identical, len(expected), note))


def cmd_counters(paths, expected):
    totals = {}
    problems = []
    pattern = re.compile(r"^reporter:counter:([^,]+),([^,]+),(-?[0-9]+)$")
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                line = line.rstrip("\n")
                if not line.startswith("reporter:"):
                    continue
                match = pattern.match(line)
                if not match:
                    problems.append("%s: unparsable counter line %r" % (path, line))
                    continue
                group, name, value = match.groups()
                if group != "decruft":
                    problems.append("%s: counter group %r" % (path, group))
                totals[name] = totals.get(name, 0) + int(value)
    for name, value in expected.items():
        if totals.get(name) != value:
            problems.append("counter %s sums to %s, expected %d" % (name, totals.get(name), value))
    if problems:
        fail("counters", problems)
    shown = ", ".join("%s=%d" % (name, totals[name]) for name in expected)
    print("ok counters: %d files, %d counters, %s" % (len(paths), len(totals), shown))


def main(argv):
    if len(argv) >= 3 and argv[0] == "records":
        cmd_records(argv[1], argv[2])
    elif len(argv) >= 3 and argv[0] == "same":
        cmd_same(argv[1], argv[2])
    elif len(argv) >= 2 and argv[0] == "counters":
        paths, expected, rest = [], {}, list(argv[1:])
        names = {"--in": "records_in", "--out": "records_out", "--errors": "errors"}
        while rest:
            item = rest.pop(0)
            if item in names:
                expected[names[item]] = int(rest.pop(0))
            else:
                paths.append(item)
        cmd_counters(paths, expected)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
