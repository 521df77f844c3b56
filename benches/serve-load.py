"""The preview under load: `kis-book serve` answering a mix of requests
while one client never reads what it asked for.

    python3 benches/serve-load.py [--bin target/debug/kis-book] [--book .]
        [--requests 2000] [--concurrency 20] [--deadline 90] [--json OUT]

Copies the book's sources (content/, templates/, fonts/) to a temporary
folder, starts `kis-book serve` there on 127.0.0.1 with a free port and
waits for its first build. Then:

- one *stuck* client connects with a tiny receive buffer, sends eight
  pipelined requests for the PDF and never reads a byte: its connection
  stays open until the end of the run;
- `--concurrency` clients (threads, one keep-alive connection each) send
  `--requests` requests in all, a fixed mix: the site's pages (every
  `index.html` of the built site, and the 404 page), the live preview's
  status endpoint and reload script, and the downloads (PDF, workbook,
  CSV, JSON).

Requests go to 127.0.0.1 only. Each request has a timeout
(`--timeout`, 5 s) and the run a deadline (`--deadline`): a request not
sent by then is counted as not answered, so the run always ends, however
stuck the server is. Prints how many were answered, how many failed
(timeout, connection error, a status other than 200) and the latency
percentiles of the answered ones, overall and per kind; with `--json`,
writes them too. Exits 1 when any request failed or was not answered.
"""
import argparse
import http.client
import json
import math
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def start_server(binary, root):
    child = subprocess.Popen(
        [binary, "serve", root, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = child.stdout.readline()
    url = next((w for w in line.split() if w.startswith("http://")), None)
    if url is None:
        child.kill()
        raise SystemExit(f"serve printed no address: {line!r}")
    host_port = url[len("http://"):].rstrip("/")
    host, port = host_port.rsplit(":", 1)
    if host != "127.0.0.1":
        child.kill()
        raise SystemExit(f"serve listens on {host}, not on 127.0.0.1")
    return child, int(port)


def targets(site):
    """(kind, path) of everything requested, in a fixed order."""
    pages, downloads = [], []
    for folder, dirs, files in os.walk(site):
        dirs.sort()
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(folder, name), site)
            rel = rel.replace(os.sep, "/")
            if name == "index.html":
                pages.append("/" + rel[: -len("index.html")])
            elif rel.startswith("downloads/"):
                downloads.append("/" + rel)
    pages.append("/nergens/")  # the 404 page, answered with 404
    return pages, downloads


def mix(pages, downloads, count, seed=2019):
    """The requests in a fixed order: 6 pages, 3 polls of the status, the
    reload script and a download in every 12 (a preview with a few open
    tabs, one of them downloading now and then)."""
    rng = random.Random(seed)
    plan = []
    for i in range(count):
        slot = i % 12
        if slot < 6:
            plan.append(("page", rng.choice(pages)))
        elif slot < 9:
            plan.append(("status", "/__kis/status"))
        elif slot < 10:
            plan.append(("script", "/__kis/live.js"))
        else:
            plan.append(("download", rng.choice(downloads)))
    rng.shuffle(plan)
    return plan


def stuck_client(port, pdf):
    """A client that asks for the PDF eight times and never reads."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    request = (f"GET {pdf} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n" * 8)
    sock.sendall(request.encode())
    return sock


def worker(port, plan, lock, results, deadline, timeout):
    conn = None
    while True:
        with lock:
            if not plan:
                return
            kind, path = plan.pop()
        if time.monotonic() > deadline:
            results.append((kind, path, None, "not sent before the deadline"))
            continue
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        start = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            expected = 404 if path == "/nergens/" else 200
            error = None if response.status == expected else f"status {response.status}"
            if response.will_close:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as err:
            elapsed = None
            error = type(err).__name__
            conn.close()
            conn = None
        results.append((kind, path, elapsed, error))


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    # Nearest rank.
    index = min(len(sorted_values) - 1, max(0, math.ceil(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def summary(times):
    times = sorted(times)
    if not times:
        return {"answered": 0}
    ms = lambda s: round(s * 1000, 1)
    return {
        "answered": len(times),
        "p50_ms": ms(percentile(times, 50)),
        "p95_ms": ms(percentile(times, 95)),
        "p99_ms": ms(percentile(times, 99)),
        "max_ms": ms(times[-1]),
        "mean_ms": ms(statistics.fmean(times)),
    }


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(here, "target/debug/kis-book"))
    parser.add_argument("--book", default=here)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--deadline", type=float, default=90.0)
    parser.add_argument("--no-stuck", action="store_true",
                        help="leave out the client that never reads")
    parser.add_argument("--json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="serve-load-") as tmp:
        for part in ("content", "templates", "fonts"):
            source = os.path.join(args.book, part)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(tmp, part))
        child, port = start_server(args.bin, tmp)
        stuck = None
        try:
            pages, downloads = targets(os.path.join(tmp, "build", "site"))
            pdf = next(d for d in downloads if d.endswith(".pdf"))
            if not args.no_stuck:
                stuck = stuck_client(port, pdf)
                time.sleep(0.5)  # let the server start writing to it
            plan = mix(pages, downloads, args.requests)
            lock = threading.Lock()
            results = []
            started = time.monotonic()
            deadline = started + args.deadline
            threads = [threading.Thread(target=worker,
                                        args=(port, plan, lock, results, deadline, args.timeout))
                       for _ in range(args.concurrency)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.monotonic() - started
        finally:
            if stuck is not None:
                stuck.close()
            child.kill()
            child.wait()

    errors = [r for r in results if r[3] is not None]
    report = {
        "requests": args.requests,
        "concurrency": args.concurrency,
        "stuck_client": not args.no_stuck,
        "wall_s": round(wall, 2),
        "errors": len(errors),
        "error_kinds": {},
        "all": summary([r[2] for r in results if r[3] is None]),
        "by_kind": {},
    }
    for _, _, _, error in errors:
        report["error_kinds"][error] = report["error_kinds"].get(error, 0) + 1
    for kind in sorted({r[0] for r in results}):
        report["by_kind"][kind] = summary([r[2] for r in results if r[0] == kind and r[3] is None])
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
