#!/usr/bin/env python3
"""Save -> reload-event and save -> page-served latency of `nota serve`.

    bench/serve_edit.py --site DIR [--nota target/release/nota] [--runs 20]
                        [--note content/notes/X.md] [--settle 0.5]

DIR is a nota site (nota.toml, themes/, content/), e.g. a corpus from
bench/gen_corpus.py with this repository's nota.toml and themes/
copied in. Starts `nota serve --port 0` (loopback), opens the live-reload
event stream, then RUNS times inserts a unique marker into one note and
measures, from just before the write:
  reload  - until the `reload` Server-Sent Event arrives;
  served  - until a GET of the note's page, sent when the reload event
            arrives, has returned the new text (what a reloading browser sees;
            the site is swapped in before the event is sent, so polling
            earlier could not see it sooner, and would only add load).
Also collects the server's own rebuild times ("in X s" on its output) and,
when the server runs with NOTA_TIMINGS=1, each stage's wall and CPU time.
Restores the note and stops the server with SIGINT at the end.
Standard library only; every wait is bounded.
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import queue


def http_get(host, port, path, timeout=10.0):
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n"
                   % (path, host, port)).encode())
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    return status, body.decode("utf-8", "replace")


def event_reader(host, port, out):
    s = socket.create_connection((host, port), timeout=None)
    s.sendall(("GET /__nota/events HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % (host, port)).encode())
    f = s.makefile("rb")
    while f.readline() not in (b"\r\n", b""):
        pass
    name = None
    for line in f:
        line = line.rstrip(b"\r\n")
        if not line:
            if name:
                out.put((time.perf_counter(), name))
            name = None
        elif line.startswith(b"event: "):
            name = line[7:].decode()


def stats(values):
    ms = [v * 1000 for v in values]
    return "median %.1f ms, min %.1f, max %.1f, p90 %.1f, stdev %.1f (n=%d)" % (
        statistics.median(ms), min(ms), max(ms),
        sorted(ms)[max(0, int(len(ms) * 0.9) - 1)],
        statistics.pstdev(ms), len(ms))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", required=True)
    ap.add_argument("--nota", default="target/release/nota")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--note", default=None, help="note to edit, relative to the site")
    ap.add_argument("--settle", type=float, default=0.5, help="pause between edits, s")
    ap.add_argument("--timeout", type=float, default=30.0)
    a = ap.parse_args()
    if not 1 <= a.runs <= 100:
        ap.error("--runs must be 1..100")

    note = a.note
    if note is None:
        notes_dir = os.path.join(a.site, "content", "notes")
        note = os.path.join("content", "notes", sorted(os.listdir(notes_dir))[len(os.listdir(notes_dir)) // 2])
    note_path = os.path.join(a.site, note)
    slug = os.path.splitext(os.path.basename(note))[0]
    page = "/" + os.path.dirname(note)[len("content/"):] + "/" + slug + "/"
    with open(note_path, encoding="utf-8") as fh:
        original = fh.read()

    proc = subprocess.Popen([a.nota, "serve", "--root", a.site, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout], daemon=True).start()
    try:
        t_start = time.perf_counter()
        port = None
        while port is None:
            line = lines.get(timeout=600)
            sys.stdout.write("server: " + line)
            m = re.search(r"serving http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
        print("startup (spawn -> listening, includes the first full build): %.0f ms"
              % ((time.perf_counter() - t_start) * 1000))
        events = queue.Queue()
        threading.Thread(target=event_reader, args=("127.0.0.1", port, events), daemon=True).start()
        status, _ = http_get("127.0.0.1", port, page)
        if status != 200:
            sys.exit("page %s answered %d" % (page, status))
        time.sleep(a.settle)
        reloads, served, rebuilds = [], [], []
        anchor = "## 1. Aanleiding\n\n"
        for k in range(a.runs):
            marker = "WIJZIGING-%d-%d" % (os.getpid(), k)
            new = original.replace(anchor, anchor + marker + ". ", 1) if anchor in original \
                else original + "\n" + marker + "\n"
            while not events.empty():
                events.get_nowait()
            t0 = time.perf_counter()
            with open(note_path, "w", encoding="utf-8") as fh:
                fh.write(new)
            t_reload = None
            deadline = t0 + a.timeout
            while t_reload is None and time.perf_counter() < deadline:
                try:
                    at, name = events.get(timeout=max(0.0, deadline - time.perf_counter()))
                except queue.Empty:
                    break
                if name == "reload":
                    t_reload = at - t0
            # The server swaps the new site in before it sends `reload`, so
            # the first request after the event must already see the edit.
            t_served = None
            if t_reload is not None:
                st, body = http_get("127.0.0.1", port, page)
                if st == 200 and marker in body:
                    t_served = time.perf_counter() - t0
                else:
                    print("run %d: reload event came before the new page" % (k + 1))
            if t_served is None or t_reload is None:
                print("run %d: not seen within %.0f s" % (k + 1, a.timeout))
                continue
            reloads.append(t_reload)
            served.append(t_served)
            print("run %2d: save->reload event %4.0f ms, save->page served %4.0f ms"
                  % (k + 1, t_reload * 1000, t_served * 1000))
            time.sleep(a.settle)
        # the server's own rebuild times, and its per-stage times when it
        # runs with NOTA_TIMINGS=1
        stages, cpu = {}, {}
        while True:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                break
            m = re.search(r"rebuilt after .* in ([0-9.]+) s", line)
            if m:
                rebuilds.append(float(m.group(1)))
            m = re.search(r"nota timing: (.+?)\s+([0-9.]+) ms(?:.*?cpu\s+([0-9.]+) ms)?", line)
            if m:
                stages.setdefault(m.group(1), []).append(float(m.group(2)) / 1000)
                if m.group(3):
                    cpu.setdefault(m.group(1), []).append(float(m.group(3)) / 1000)
        if reloads:
            print("save -> reload event: " + stats(reloads))
            print("save -> page served:  " + stats(served))
        if rebuilds:
            print("server rebuild time:  " + stats(rebuilds))
        for stage, times in stages.items():
            print("stage %-14s %s" % (stage + ":", stats(times)))
        for stage, times in cpu.items():
            print("cpu   %-14s %s" % (stage + ":", stats(times)))
    finally:
        with open(note_path, "w", encoding="utf-8") as fh:
            fh.write(original)
        try:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
