#!/usr/bin/env python3
"""Two nota binaries side by side on the same generated notes: what a change costs.

    bench/compare_binaries.py BASE NEW [--notes 10000] [--runs 11]
                              [--configs nota,full] [--work /dev/shm/nota-compare]

Builds the benchmark sites of bench/run.py (`nota`: bench/nota.toml; `full`: this
repository's nota.toml, Woo publication on) once with each binary to warm up, then
RUNS rounds in which each binary builds each site once, the order of the two
binaries alternating from round to round. Prints per site and binary the median
and min-max of wall time, the median CPU time (user + sys) and peak RSS (getrusage
of the child, as bench/run.py measures), and the median of the per-round ratios
NEW/BASE. Outputs go to WORK, which should be tmpfs. On a machine shared with other
work single runs vary a lot: use many rounds and read the medians.
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (bench/run.py: corpus, sites and measuring)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", help="the binary to compare against")
    ap.add_argument("new", help="the binary with the change")
    ap.add_argument("--notes", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--configs", default="nota,full")
    ap.add_argument("--work", default="/dev/shm/nota-compare")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    nota_site, full_site, _ = bench.prepare(args.work, args.notes, args.seed, with_hugo=False)
    sites = {"nota": nota_site, "full": full_site}
    sites = {name: sites[name] for name in args.configs.split(",")}
    binaries = {"base": os.path.abspath(args.base), "new": os.path.abspath(args.new)}

    def build(binary, site):
        return bench.run_once([binary, "build", "--root", site, "--output",
                               os.path.join(site, "public")])

    for name, site in sites.items():
        for binary in binaries.values():
            build(binary, site)
    results = {(b, s): [] for b in binaries for s in sites}
    for round_ in range(args.runs):
        for name, site in sites.items():
            order = ["base", "new"] if round_ % 2 == 0 else ["new", "base"]
            for b in order:
                results[(b, name)].append(build(binaries[b], site))

    print(f"{args.notes} notes, {args.runs} rounds, medians (min-max)")
    for name in sites:
        for b in binaries:
            runs = results[(b, name)]
            wall = [r["wall"] for r in runs]
            cpu = [r["cpu"] for r in runs]
            rss = [r["rss"] for r in runs]
            print(f"  {name:5} {b:4} wall {statistics.median(wall):.3f} s "
                  f"({min(wall):.3f}-{max(wall):.3f})  cpu {statistics.median(cpu):.3f} s  "
                  f"rss {statistics.median(rss):.0f} MB")
        pairs = list(zip(results[("new", name)], results[("base", name)]))
        wall = [n["wall"] / b["wall"] for n, b in pairs]
        cpu = [n["cpu"] / b["cpu"] for n, b in pairs]
        print(f"  {name:5} new/base: wall {statistics.median(wall):.3f} "
              f"(rounds {min(wall):.3f}-{max(wall):.3f}), cpu {statistics.median(cpu):.3f} "
              f"(rounds {min(cpu):.3f}-{max(cpu):.3f})")


if __name__ == "__main__":
    main()
