"""Quality floors shared by the dev-set scorers (bench/wcxb.py, eval.py, cruft.py).

A floor file is JSON: label -> minimum F1 ("all", "tune", "confirm", page
types…); keys starting with "_" are comments.
"""
import json
import sys


def hold(values, floor_file, missing_fails=False):
    """Exit 1 when a measured F1 in `values` (label -> F1) is below its floor;
    a label not measured fails only with `missing_fails`."""
    floors = json.loads(floor_file.read_text())
    failed = []
    for label, floor in floors.items():
        if label.startswith("_"):
            continue
        got = values.get(label)
        if got is None:
            if missing_fails:
                failed.append(f"{label}: not measured (floor {floor:.4f})")
        elif got < floor:
            failed.append(f"{label}: F1 {got:.4f} < floor {floor:.4f}")
    if failed:
        print("below the quality floor:\n  " + "\n  ".join(failed), file=sys.stderr)
        sys.exit(1)
    print(f"quality floor met ({floor_file})")
