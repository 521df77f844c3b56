#!/usr/bin/env python3
"""The cost of a book of many small chapters: time, peak memory and site size
for 500, 2 500 and 5 000 chapters (run by hand, not in CI):

    python3 benches/chapters.py [--chapters 500,2500,5000] [--runs 1] \
        [--typst PYTHON] NAME=KIS_BOOK_BINARY [NAME=KIS_BOOK_BINARY ...]

For each chapter count, scripts/many-chapters-book.py writes the book (the
small test book plus N chapters of one paragraph each), then for each
binary, in turn, round after round:
  - `build`             the PDF and the site, as an editor runs it
  - `build --only site` the site alone
  - `build --only pdf`  the PDF alone
each with its wall-clock time, CPU time and peak resident memory (from
wait4, as benches/interleave.py measures them), and after each `build` the
site's size on disk (the sum of its files' bytes), its number of files and
its largest page. With --typst (a Python with PyPI's `typst` 0.15.2, e.g.
target/typst-venv/bin/python3, which benches/side-by-side.sh installs),
also the stand-alone Typst compiling the project `build --typ` wrote: the
floor that no site design can pass. Prints one table; --json writes the
runs.
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

ALONE = """import sys, typst
p = sys.argv[1]
epoch = [l for l in open(p + "/README.txt") if "--creation-timestamp" in l][0].split("--creation-timestamp ")[1].split()[0]
typst.compile(p + "/main.typ", output=sys.argv[2], root=p,
    font_paths=typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[p + "/fonts"]),
    pdf_standards=["a-2a", "ua-1"], timestamp=int(epoch))
"""


def run(argv):
    """Wall-clock and CPU seconds and peak MiB of one command."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        child = subprocess.Popen(argv, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {shlex.join(argv)}\n{err}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mib": usage.ru_maxrss / 1024}


def site_size(site: Path):
    """Total bytes, files and the largest page (bytes, path) of a site."""
    total, files, largest = 0, 0, (0, "")
    for path in sorted(site.rglob("*")):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            if path.suffix == ".html" and size > largest[0]:
                largest = (size, str(path.relative_to(site)))
    return {"site_bytes": total, "files": files, "largest_page": largest[0],
            "largest_path": largest[1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chapters", default="500,2500,5000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--typst", help="a Python with the `typst` 0.15.2 wheel")
    parser.add_argument("--json")
    parser.add_argument("binaries", nargs="+", metavar="NAME=BINARY")
    args = parser.parse_args()
    binaries = [b.split("=", 1) for b in args.binaries]
    counts = [int(c) for c in args.chapters.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        alone = work / "alone.py"
        alone.write_text(ALONE)
        for n in counts:
            book = work / f"c{n}"
            subprocess.run([sys.executable, str(REPO / "scripts/many-chapters-book.py"),
                            str(book), "--chapters", str(n)], check=True)
            for _ in range(args.runs):
                for name, binary in binaries:
                    row = results.setdefault(f"{n} {name}", {"build": [], "site": [], "pdf": []})
                    row["build"].append(run([binary, "build", str(book)]))
                    row.update(site_size(book / "build" / "site"))
                    row["site"].append(run([binary, "build", str(book), "--only", "site"]))
                    row["pdf"].append(run([binary, "build", str(book), "--only", "pdf"]))
                if args.typst:
                    row = results.setdefault(f"{n} typst alone", {"alone": []})
                    subprocess.run([binaries[-1][1], "build", str(book), "--typ", "--only", "pdf"],
                                   check=True, capture_output=True)
                    row["alone"].append(run([args.typst, str(alone), str(book / "build/typst"),
                                             str(work / "alone.pdf")]))
            markdown = sum(p.stat().st_size for p in (book / "content").rglob("*.md"))
            print(f"{n} chapters: {markdown} bytes of Markdown", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    med = statistics.median
    print(f"\n{'case':22} {'command':14} {'time s':>8} {'CPU s':>8} {'peak MiB':>9} "
          f"{'site MB':>8} {'files':>6} {'largest page kB':>16}")
    for case, row in results.items():
        for cmd in ("build", "site", "pdf", "alone"):
            if cmd not in row:
                continue
            runs = row[cmd]
            line = (f"{case:22} {cmd:14} {med(r['wall'] for r in runs):8.2f} "
                    f"{med(r['cpu'] for r in runs):8.2f} {max(r['peak_mib'] for r in runs):9.0f}")
            if cmd == "build":
                line += (f" {row['site_bytes'] / 1e6:8.1f} {row['files']:6} "
                         f"{row['largest_page'] / 1e3:16.1f}")
            print(line)


if __name__ == "__main__":
    main()
