#!/usr/bin/env bash
# Runs every test of kis-book on a fresh machine: installs what the tests
# need beyond cargo when it is missing (python3, poppler-utils, git, LibreOffice's
# headless Calc for the budget workbook, and through
# scripts/test-site.sh Debian's chromium, nginx and the npm test packages), then
# formatting, lints, the test suite, the install from a clean clone, the
# seed coverage report and the browser tests (the site in Chromium, and
# served by nginx as docs/publishing.md says). `.ci/run` calls this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- what the tests need beyond cargo --------------------------------------
apt_updated=0
need_apt() { # need_apt COMMAND PACKAGE [APT-GET OPTION]
  if ! command -v "$1" >/dev/null 2>&1; then
    if [ "$apt_updated" = 0 ]; then
      echo "== apt-get update"
      apt-get update -qq
      apt_updated=1
    fi
    echo "== installing $2 (for $1)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${3:-} "$2" >/dev/null
  fi
}
need_apt_pkg() { # need_apt_pkg PACKAGE: installs it whatever is on PATH
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}
need_apt python3 python3
need_apt pdftotext poppler-utils   # the PDF tests read the PDF back
need_apt pdfinfo poppler-utils
# The workbook tests (tests/it/workbook.rs) recalculate the budget workbook
# in LibreOffice: the Calc package without a GUI, without the recommended
# extras (58 packages instead of 117).
need_apt soffice libreoffice-calc-nogui --no-install-recommends
need_apt git git                   # `kis-book diff` reads revisions with git

# A stand-alone Typst of kis-book's engine, for the test that compiles the
# `build --typ` project on its own: PyPI's `typst` 0.15.2 is a binary wheel
# of Typst 0.15.1. Installed into a venv under target/ (the tests look for
# target/typst-venv/bin/python3, or KIS_BOOK_TYPST_PYTHON).
TYPST_PY=typst==0.15.2
venv=target/typst-venv
if ! "$venv/bin/python3" -c 'import importlib.metadata as m, sys; sys.exit(m.version("typst") != "0.15.2")' 2>/dev/null; then
  echo "== installing the stand-alone Typst ($TYPST_PY from PyPI) into $venv"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    need_apt_pkg python3-venv
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$TYPST_PY"
fi

# --- checks -----------------------------------------------------------------
echo "== one build of the dependencies for cargo test and cargo run"
python3 scripts/one-build.py

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings

echo "== cargo test"
cargo test --locked

echo "== install from a clean clone: kis-book on PATH, as the README says"
# `cargo install --locked --path .` from a fresh clone of what is committed,
# into a temporary root. --debug and the shared target/ keep it to one more
# compile of kis-book itself: the dependencies are the ones cargo test built.
install_tmp=$(mktemp -d)
git clone --quiet --no-hardlinks . "$install_tmp/clone"
CARGO_TARGET_DIR="$PWD/target" cargo install --quiet --locked --debug \
  --path "$install_tmp/clone" --root "$install_tmp/root"
(
  cd "$install_tmp/clone/content/03-themas-en-projecten"
  export PATH="$install_tmp/root/bin:$PATH"
  [ "$(command -v kis-book)" = "$install_tmp/root/bin/kis-book" ]
  kis-book --version
  kis-book check   # finds the book in the folder above, as from anywhere inside it
)
rm -rf "$install_tmp"

echo "== seed coverage (share of the printed plan's words in content/)"
python3 scripts/seed-coverage.py --missing 20

echo "== the site in a real browser (chromium, axe-core)"
bash scripts/test-site.sh
