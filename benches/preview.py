"""The instant preview: from a save to the open page being told of the new
build, for the site and for the PDF, with `kis-book serve` as editors run it.

    python3 benches/preview.py [--bin NAME=PATH ...] [--book DIR]
        [--scenario edits|chapters|memory] [--edits 50] [--json OUT]

Each `--bin` (default: `new=target/debug/kis-book`; add e.g.
`old=/tmp/kis-book-0af74be` to compare with another build) serves its own
copy of the book's sources (content/, templates/, fonts/) in a temporary
folder, all started at once, and the edits go to each in turn, save after
save, so that every binary sees the same machine.

A save is a write through the file system; its time is taken just before
the write. A client waits as the page's script does: on the server-sent
events of `/__kis/events` where the server has them, else by polling
`/__kis/status` every 5 ms (the old page polled every 500 ms, which adds
0-500 ms, 250 on average, to what is measured here). "site" is the save
to the page being told to reload (or told the errors, for a broken save);
"pdf" is the save to the page being told of the new PDF (for a server
that builds both at once, the same moment).

Scenarios:

- `edits` (default): `--edits` saves (50) of the 2019 book, in turn a
  sentence added, a heading changed, a budget's hours changed, a new page
  (the previous one removed), front matter broken, and fixed again; each
  save waits for its site and PDF before the next. Prints p50/p95 per
  kind: text (sentence, heading, new page, fixed), budget, broken.
- `chapters`: the busy case of issue 26: 20 chapters edited in turn while
  a client polls the status every 5 ms; save to new build known.
- `memory`: 200 sentence saves (`--edits`); the server's resident memory
  after the 10th, every 50th and the last, from /proc. Each save adds a sentence
  and keeps the ones before (the chapter grows by a paragraph a save);
  with `--vary`, each save replaces the previous save's sentence, so that
  the book stays the same size (docs/performance.md, "Serve's memory").
  Then each binary serves the book as its session left it, afresh, for
  10 saves that keep its size: `session_vs_fresh_percent` is the
  session's memory after the last save against that fresh server's, so
  what a grown book needs is told apart from what the session kept.

Run it on the ten-times book with `--book` after
`python3 scripts/ten-times-book.py /tmp/x10 --kis-book target/debug/kis-book`.
"""
import argparse
import http.client
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAPTER = "content/03-themas-en-projecten/1-nieuwe-migratie/1.3-schakeljaren.md"
GUARD = 180.0  # seconds any one wait may last


class Server:
    """A `kis-book serve` on a copy of the book, with a client that waits
    as the page does and records every status it is told, timed."""

    def __init__(self, name, binary, book, tmp):
        self.name = name
        self.binary = binary
        self.root = os.path.join(tmp, name)
        os.makedirs(self.root)
        for part in ("content", "templates", "fonts"):
            source = os.path.join(book, part)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(self.root, part))
        self.child = subprocess.Popen(
            [binary, "serve", self.root, "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.child.stdout.readline()
        url = next((w for w in line.split() if w.startswith("http://")), None)
        if url is None:
            self.child.kill()
            raise SystemExit(f"{name}: serve printed no address: {line!r}")
        self.port = int(url.rstrip("/").rsplit(":", 1)[1])
        self.told = []  # (time, status)
        self.cond = threading.Condition()
        self.polling = threading.Event()
        self.keep_polling = False
        self.sse = self._has_events()
        self.via = "sse" if self.sse else "poll"
        if self.sse:
            threading.Thread(target=self._events, daemon=True).start()
        threading.Thread(target=self._poll, daemon=True).start()
        self.wait_for(lambda s: True, time.perf_counter() - 1, self.via)

    def _has_events(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.request("HEAD", "/__kis/events")
        response = conn.getresponse()
        conn.close()
        return response.status == 200

    def _record(self, via, status):
        with self.cond:
            self.told.append((time.perf_counter(), via, status))
            self.cond.notify_all()

    def _events(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", "/__kis/events")
        response = conn.getresponse()
        while True:
            line = response.fp.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                self._record("sse", json.loads(line[6:]))

    def _poll(self):
        """Polls every 5 ms while a save is measured (and never else, so
        that it loads the machine only for its own server)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        last = None
        while True:
            self.polling.wait()
            try:
                conn.request("GET", "/__kis/status")
                status = json.loads(conn.getresponse().read())
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                continue
            if status != last:
                last = status
                self._record("poll", status)
            time.sleep(0.005)

    def last(self):
        with self.cond:
            return self.told[-1][2]

    def wait_for(self, wanted, since, via):
        """The first time after `since` at which a status told by `via`
        (sse, poll) satisfies `wanted`."""
        if via == "poll":
            self.polling.set()
        deadline = time.monotonic() + GUARD
        try:
            with self.cond:
                while True:
                    for at, by, status in self.told:
                        if at >= since and by == via and wanted(status):
                            return at
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise SystemExit(f"{self.name}: nothing told within {GUARD} s")
                    self.cond.wait(left)
        finally:
            if not self.keep_polling:
                self.polling.clear()

    def rss_kib(self):
        with open(f"/proc/{self.child.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.child.kill()
        self.child.wait()


def pdf_of(status):
    """The PDF's counter; a server without one builds both at once."""
    return status.get("pdf", status["version"])


def save(server, rel, text):
    """Writes the file as an editor's save does; returns the time just
    before the write."""
    path = os.path.join(server.root, rel)
    before = server.last()
    with server.cond:
        server.told.clear()
        server.told.append((time.perf_counter(), None, before))
    started = time.perf_counter()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return started, before


def measure(server, started, before, broken, via=None):
    """(site ms, pdf ms or None) for the save at `started`."""
    via = via or server.via
    v0, p0 = before["version"], pdf_of(before)
    if broken:
        site = server.wait_for(lambda s: s["errors"], started, via)
        return (site - started) * 1000, None
    site = server.wait_for(lambda s: s["version"] > v0 and not s["errors"], started, via)
    pdf = server.wait_for(lambda s: pdf_of(s) > p0, started, server.via)
    return (site - started) * 1000, (pdf - started) * 1000


def read(server, rel):
    with open(os.path.join(server.root, rel), encoding="utf-8") as f:
        return f.read()


def budget_file(root):
    """The chapter to edit and a budget's hours line in it."""
    rel = CHAPTER
    if not os.path.isfile(os.path.join(root, rel)):
        for folder, dirs, files in sorted(os.walk(os.path.join(root, "content"))):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                if name.endswith(".md") and "\n  hours:" in open(path, encoding="utf-8").read():
                    rel = os.path.relpath(path, root)
                    break
            else:
                continue
            break
    return rel


def edits_plan(server, count):
    """The saves of the `edits` scenario: (kind, file, new text) each,
    made from the file as it is when the save comes."""
    rel = budget_file(server.root)
    original = read(server, rel)
    heading = re.search(r"^## (.+)$", original, re.M).group(0)
    hours = re.search(r"^(\s+[^:\n]+: )(\d+)$", original.split("\n---", 1)[0], re.M)
    kinds = ["sentence", "heading", "budget", "page", "broken", "fixed"]
    plan = []
    for i in range(count):
        plan.append((kinds[i % len(kinds)], i))
    return rel, heading, hours, plan


def run_edits(servers, count):
    results = {s.name: {"text": [], "budget": [], "broken": [], "pdf_text": [],
                        "pdf_budget": []} for s in servers}
    state = {}
    for s in servers:
        state[s.name] = edits_plan(s, count) + (None,)
    for i in range(count):
        for s in servers:
            rel, heading, hours, plan, _ = state[s.name]
            kind, n = plan[i]
            text = read(s, rel)
            if kind == "sentence":
                text = text.rstrip("\n") + f"\n\nEen zin erbij, nummer {n}.\n"
            elif kind == "heading":
                text = re.sub(r"^## .+$", f"{heading} {n}", text, count=1, flags=re.M)
            elif kind == "budget":
                line = hours.group(0)
                value = int(hours.group(2))
                now = value - 1 if line in text else value
                text = re.sub(re.escape(hours.group(1)) + r"\d+$",
                              f"{hours.group(1)}{now}", text, count=1, flags=re.M)
            elif kind == "page":
                for old in os.listdir(os.path.join(s.root, "content")):
                    if old.startswith("90-bench-"):
                        os.remove(os.path.join(s.root, "content", old))
                page = f"content/90-bench-{n}.md"
                started, before = save(s, page, f"---\ntitle: Nieuwe pagina {n}\n---\n\nTekst.\n")
                site, pdf = measure(s, started, before, False)
                results[s.name]["text"].append(site)
                results[s.name]["pdf_text"].append(pdf)
                time.sleep(0.2)
                continue
            elif kind == "broken":
                state[s.name] = state[s.name][:4] + (text,)
                text = re.sub(r"^title: .*$", "title: [kapot", text, count=1, flags=re.M)
            elif kind == "fixed":
                text = state[s.name][4]
            started, before = save(s, rel, text)
            site, pdf = measure(s, started, before, kind == "broken")
            group = {"budget": "budget", "broken": "broken"}.get(kind, "text")
            results[s.name][group].append(site)
            if pdf is not None:
                results[s.name]["pdf_" + ("budget" if group == "budget" else "text")].append(pdf)
            time.sleep(0.2)
    return results


def chapters(root, count=20):
    found = []
    for folder, dirs, files in sorted(os.walk(os.path.join(root, "content"))):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return found[:count]


def run_chapters(servers, rounds):
    results = {s.name: {"chapters": []} for s in servers}
    for i in range(rounds):
        for s in servers:
            rel = chapters(s.root)[i % 20]
            text = read(s, rel).rstrip("\n") + f"\n\nEen zin erbij, nummer {i}.\n"
            # As polled from outside every 5 ms, whatever the page's script,
            # all the while.
            s.keep_polling = True
            s.polling.set()
            started, before = save(s, rel, text)
            site, _ = measure(s, started, before, False, "poll")
            results[s.name]["chapters"].append(site)
            time.sleep(0.2)
    return results


def run_memory(servers, count, vary=False, tmp=None):
    results = {s.name: {} for s in servers}
    rel = {s.name: budget_file(s.root) for s in servers}
    original = {s.name: read(s, rel[s.name]) for s in servers}
    for i in range(count):
        for s in servers:
            base = original[s.name] if vary else read(s, rel[s.name])
            text = base.rstrip("\n") + f"\n\nEen zin erbij, nummer {i}.\n"
            started, before = save(s, rel[s.name], text)
            measure(s, started, before, False)
            if i + 1 in (10, count) or (i + 1) % 50 == 0:
                results[s.name][f"rss_mib_after_{i + 1}"] = round(s.rss_kib() / 1024, 1)
    for r in results.values():
        a, b = r.get("rss_mib_after_10"), r.get(f"rss_mib_after_{count}")
        if a and b:
            r["ratio_percent"] = round(100 * b / a, 1)
    if tmp is not None:
        for s in servers:
            fresh_memory(s, rel[s.name], results[s.name], count, tmp)
    return results


def fresh_memory(grown, rel, result, count, tmp):
    """A second server, started afresh on the book as the session left it,
    after 10 saves of its own that keep the book's size (each replaces the
    previous one's sentence): what a book of that size needs. The session
    after `count` saves against it says what the session kept beyond the
    book's size."""
    fresh = Server(grown.name + "-fresh", grown.binary, grown.root, tmp)
    try:
        original = read(fresh, rel)
        for i in range(10):
            text = original.rstrip("\n") + f"\n\nEen andere zin, nummer {i}.\n"
            started, before = save(fresh, rel, text)
            measure(fresh, started, before, False)
        mib = round(fresh.rss_kib() / 1024, 1)
    finally:
        fresh.stop()
    result["fresh_rss_mib_after_10"] = mib
    after = result.get(f"rss_mib_after_{count}")
    if after:
        result["session_vs_fresh_percent"] = round(100 * after / mib, 1)


def percentile(values, p):
    values = sorted(values)
    if not values:
        return None
    index = min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))
    return round(values[index], 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", action="append", default=[],
                        help="NAME=PATH of a kis-book to measure (repeatable)")
    parser.add_argument("--book", default=HERE)
    parser.add_argument("--scenario", choices=["edits", "chapters", "memory"], default="edits")
    parser.add_argument("--edits", type=int)
    parser.add_argument("--vary", action="store_true",
                        help="memory: replace the previous save's sentence instead of adding one")
    parser.add_argument("--json")
    args = parser.parse_args()
    bins = [b.split("=", 1) for b in args.bin] or [["new", os.path.join(HERE, "target/debug/kis-book")]]
    with open("/proc/loadavg") as f:
        load_before = f.read().split()[:3]
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as tmp:
        servers = [Server(name, path, args.book, tmp) for name, path in bins]
        try:
            if args.scenario == "edits":
                results = run_edits(servers, args.edits or 50)
            elif args.scenario == "chapters":
                results = run_chapters(servers, args.edits or 20)
            else:
                results = run_memory(servers, args.edits or 200, args.vary, tmp)
        finally:
            for s in servers:
                s.stop()
    with open("/proc/loadavg") as f:
        load_after = f.read().split()[:3]
    table = {}
    for name, groups in results.items():
        table[name] = {}
        for group, values in groups.items():
            if isinstance(values, list):
                table[name][group] = {"n": len(values), "p50_ms": percentile(values, 50),
                                      "p95_ms": percentile(values, 95)}
            else:
                table[name][group] = values
    report = {"book": args.book, "scenario": args.scenario, "vary": args.vary,
              "load_before": load_before, "load_after": load_after, "results": table}
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
