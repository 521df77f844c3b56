#!/usr/bin/env bash
# kis-book against the Typst engine alone, on the 2019 plan and on a book
# ten times its size; run by hand, not in CI:
#
#   bash benches/side-by-side.sh [--runs N] [--rebuild N]
#
# For each book: `kis-book build --typ` writes the Typst project once, then
# benches/interleave.py times, in one run, round after round with the
# commands in turn (so that a neighbour slowing the machine slows all alike),
#   - kis-book build --only pdf      (the PDF alone)
#   - kis-book build                 (the PDF and the site)
#   - the same project compiled by the stand-alone Typst 0.15.1 (PyPI's
#     `typst` 0.15.2, a binary wheel of the compiler, run as python3 -c,
#     with the book's fonts only, PDF/A-2a + PDF/UA-1 like kis-book)
#   - python3 -c 'import typst' (what the stand-alone figure includes
#     besides Typst: the interpreter starting and loading the module)
# with each one's CPU time and peak memory from wait4. Ratios of the
# medians are given for the wall-clock time and for the CPU time (user +
# system), which a busy neighbour on the machine disturbs less. Then the
# growth: `kis-book build` of the 2019 plan and of the generated books two,
# five and ten times its size, interleaved, with the time each added copy
# of the themes costs (linear growth: the same for every copy); the ratio
# of the ten-times book to the 2019 plan comes from these interleaved
# rounds. Then, with
# --rebuild N (default 20; 0 skips it), `cargo bench --bench rebuild` on the
# ten-times book: a one-chapter edit rebuilt in a serve session against
# cold builds.
#
# Installs what it needs when missing: GNU time (Debian, for the rebuild
# bench's cold peak) and the `typst` wheel in target/typst-venv (as
# scripts/test.sh does). The ten-times book is generated into a temporary
# folder and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
rebuilds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --rebuild) rebuilds="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--rebuild N]" >&2; exit 2 ;;
  esac
done

need() { # need COMMAND PACKAGE
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "== installing $2"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}
[ -x /usr/bin/time ] || need /usr/bin/time time
venv=target/typst-venv
if ! "$venv/bin/python3" -c 'import importlib.metadata as m, sys; sys.exit(m.version("typst") != "0.15.2")' 2>/dev/null; then
  echo "== installing the stand-alone Typst (typst==0.15.2 from PyPI) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check typst==0.15.2
fi
py="$PWD/$venv/bin/python3"

echo "== cargo build --locked (the dev profile, as cargo run uses it)"
cargo build --locked --quiet
bin="$PWD/target/debug/kis-book"

# Raise our priority when allowed: other builds may share the machine.
nice_cmd=""
if nice -n -5 true 2>/dev/null; then nice_cmd="nice -n -5"; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/b2019"
cp -r content "$work/b2019/"
for factor in 2 5 10; do
  python3 scripts/ten-times-book.py "$work/x$factor" --factor "$factor" --kis-book "$bin" >/dev/null
done

cores=$(nproc)
echo "== machine: $cores cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# The stand-alone compile of a written project, as its README.txt gives it.
alone_script='import sys, typst
p = sys.argv[1]
epoch = [l for l in open(p + "/README.txt") if "--creation-timestamp" in l][0].split("--creation-timestamp ")[1].split()[0]
typst.compile(p + "/main.typ", output=sys.argv[2], root=p,
    font_paths=typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[p + "/fonts"]),
    pdf_standards=["a-2a", "ua-1"], timestamp=int(epoch))'
printf '%s\n' "$alone_script" > "$work/alone.py"

for book in b2019 x10; do
  root="$work/$book"
  "$bin" build "$root" --typ --only pdf >/dev/null 2>&1
  pdfinfo "$root"/build/*.pdf 2>/dev/null | awk '/^Pages:/ {print $2}' > "$work/$book.pages"
  r=$runs
  [ "$book" = x10 ] && r=$(( runs > 3 ? 3 : runs ))
  echo "== $book: $r interleaved rounds after a warm-up"
  $nice_cmd python3 benches/interleave.py --runs "$r" --warmup 1 --json "$work/$book.json" \
    "kis-book build --only pdf=$bin build $root --only pdf" \
    "kis-book build=$bin build $root" \
    "typst alone=$py $work/alone.py $root/build/typst $work/$book-alone.pdf" \
    "python3 -c 'import typst'=$py -c 'import typst'"
done
growth_runs=$(( runs > 5 ? 5 : runs ))
echo "== growth: kis-book build of the 2019 plan and of books 2, 5 and 10 times its size, $growth_runs interleaved rounds"
for book in x2 x5; do
  "$bin" build "$work/$book" --only pdf >/dev/null 2>&1
  pdfinfo "$work/$book"/build/*.pdf 2>/dev/null | awk '/^Pages:/ {print $2}' > "$work/$book.pages"
done
$nice_cmd python3 benches/interleave.py --runs "$growth_runs" --warmup 1 --json "$work/growth.json" \
  "1=$bin build $work/b2019" "2=$bin build $work/x2" "5=$bin build $work/x5" "10=$bin build $work/x10"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work" <<'PY'
import json, statistics, sys
work = sys.argv[1]
med = statistics.median
def load(book):
    runs = json.load(open(f"{work}/{book}.json"))
    return runs, int(open(f"{work}/{book}.pages").read())
base = {}
for book, label in (("b2019", "2019 plan"), ("x10", "ten-times book")):
    runs, pages = load(book)
    wall = {n: [r["wall"] for r in rs] for n, rs in runs.items()}
    cpu = {n: med(r["cpu"] for r in rs) for n, rs in runs.items()}
    alone, cpu_alone = med(wall["typst alone"]), cpu["typst alone"]
    base[book] = (med(wall["kis-book build"]), pages)
    print(f"\n{label}: {pages} pages; medians of wall-clock and CPU seconds (user + system)")
    print(f"  {'':28} {'median':>8} {'min':>8} {'max':>8} {'× alone':>8} {'CPU':>8} {'× alone':>8} {'peak MiB':>9}")
    for name in ("kis-book build --only pdf", "kis-book build", "typst alone",
                 "python3 -c 'import typst'"):
        w = wall[name]
        peak = max(r["peak_mib"] for r in runs[name])
        peak = f"{peak:9.0f}" if "import" not in name else " " * 9
        print(f"  {name:28} {med(w):8.3f} {min(w):8.3f} {max(w):8.3f} "
              f"{med(w) / alone:8.2f} {cpu[name]:8.3f} {cpu[name] / cpu_alone:8.2f} {peak}")

# Growth: each copy after the first adds the four themes again, with a
# planning section (image, table, footnote) on each of their pages.
runs = json.load(open(f"{work}/growth.json"))
pages = {"1": base["b2019"][1], **{f: int(open(f"{work}/x{f}.pages").read()) for f in ("2", "5", "10")}}
wall = {f: med(r["wall"] for r in rs) for f, rs in runs.items()}
cpu = {f: med(r["cpu"] for r in rs) for f, rs in runs.items()}
peak = {f: max(r["peak_mib"] for r in rs) for f, rs in runs.items()}
print("\ngrowth, kis-book build (PDF + site), medians; 'per copy' is what each copy")
print("after the first adds: (time − time of the 2019 plan) / (factor − 1)")
print(f"  {'factor':>6} {'pages':>6} {'seconds':>8} {'× 2019':>7} {'per copy':>9} "
      f"{'CPU s':>7} {'CPU/copy':>9} {'peak MiB':>9} {'KiB/page':>9}")
for f in ("1", "2", "5", "10"):
    n = int(f)
    per = f"{(wall[f] - wall['1']) / (n - 1):9.3f}" if n > 1 else " " * 9
    cper = f"{(cpu[f] - cpu['1']) / (n - 1):9.3f}" if n > 1 else " " * 9
    print(f"  {n:>6} {pages[f]:>6} {wall[f]:8.3f} {wall[f] / wall['1']:7.2f} {per} "
          f"{cpu[f]:7.2f} {cper} {peak[f]:9.0f} {peak[f] * 1024 / pages[f]:9.0f}")
print(f"\nten-times book / 2019 plan (kis-book build, interleaved): {wall['10'] / wall['1']:.2f}× "
      f"the time (CPU {cpu['10'] / cpu['1']:.2f}×) for {pages['10'] / pages['1']:.2f}× the pages "
      f"(goal: at most 10×)")
PY

if [ "$rebuilds" -gt 0 ]; then
  echo
  echo "== serve rebuild on the ten-times book ($rebuilds rebuilds)"
  KIS_BENCH_BOOK="$work/x10" $nice_cmd cargo bench --locked --profile dev --bench rebuild -- "$rebuilds"
fi
