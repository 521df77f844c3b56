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
# system), which a busy neighbour on the machine disturbs less. Then, with --rebuild N (default
# 20; 0 skips it), `cargo bench --bench rebuild` on the ten-times book: a
# one-chapter edit rebuilt in a serve session against cold builds.
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
python3 scripts/ten-times-book.py "$work/x10" --kis-book "$bin" >/dev/null

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
(t19, p19), (t10, p10) = base["b2019"], base["x10"]
print(f"\nten-times book / 2019 plan (kis-book build): {t10 / t19:.2f}× the time "
      f"for {p10 / p19:.2f}× the pages (goal: at most 10×)")
PY

if [ "$rebuilds" -gt 0 ]; then
  echo
  echo "== serve rebuild on the ten-times book ($rebuilds rebuilds)"
  KIS_BENCH_BOOK="$work/x10" $nice_cmd cargo bench --locked --profile dev --bench rebuild -- "$rebuilds"
fi
