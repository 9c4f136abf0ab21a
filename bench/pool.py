#!/usr/bin/env python3
"""Pools the rounds of several `bench/run.py` runs into one balanced ratio.

    python3 bench/pool.py run1.log run2.log ... [--ratio full/full-nosearch]

Each log is what run.py printed. For the ratio asked for, every log gives
its per-pair ratios (the `per pair:` line) and its rotation length (the
`balanced:` line, "median over rotations of N rounds"); the rotations of
all logs are pooled, and the median over them is printed with a 90 %
bootstrap interval, as run.py prints it for one run. Runs with different
engines (with and without --baseline) rotate over different lengths; their
rotations still each hold every order once, so they pool.
"""

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import interval, med, rotation_means  # noqa: E402


def rotations_of(text, ratio):
    """Per key (wall, cpu, rss) the rotation means of one log, or None when
    the log has no balanced line for `ratio`."""
    name = re.escape(ratio)
    pairs = re.search(r"^%s\s+per pair: wall ([\d. ]+)\| CPU ([\d. ]+)\| RSS ([\d. ]+)$" % name,
                      text, re.M)
    cycle = re.search(r"^%s\s+balanced:.*rotations of (\d+) rounds" % name, text, re.M)
    if not pairs or not cycle:
        return None
    values = [[float(x) for x in group.split()] for group in pairs.groups()]
    return {key: rotation_means(v, int(cycle.group(1)))
            for key, v in zip(("wall", "cpu", "rss"), values)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("logs", nargs="+")
    parser.add_argument("--ratio", default="full/full-nosearch")
    args = parser.parse_args()
    pooled = {"wall": [], "cpu": [], "rss": []}
    for log in args.logs:
        found = rotations_of(Path(log).read_text(), args.ratio)
        if found is None:
            sys.exit("%s: no per-pair and balanced lines for %s" % (log, args.ratio))
        for key, rotations in found.items():
            pooled[key] += rotations
        print("%s: %d rotations" % (log, len(found["wall"])))
    print("%s pooled over %d rotations: %s" % (args.ratio, len(pooled["wall"]), " | ".join(
        "%s %.3f (%.3f-%.3f)" % (label, med(pooled[key]), *interval(pooled[key]))
        for label, key in (("wall", "wall"), ("CPU", "cpu"), ("RSS", "rss")))))


if __name__ == "__main__":
    main()
