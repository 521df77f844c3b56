#!/usr/bin/env bash
# Runs every test of kis-book on a fresh machine: installs what the tests
# need beyond cargo when it is missing (python3, poppler-utils, git, LibreOffice's
# headless Calc for the budget workbook, and through
# scripts/test-site.sh Debian's chromium and the npm test packages), then
# formatting, lints, the test suite, the browser test and the seed coverage
# report. `.ci/run` calls this script.
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
need_apt python3 python3
need_apt pdftotext poppler-utils   # the PDF tests read the PDF back
need_apt pdfinfo poppler-utils
# The workbook tests (tests/it/workbook.rs) recalculate the budget workbook
# in LibreOffice: the Calc package without a GUI, without the recommended
# extras (58 packages instead of 117).
need_apt soffice libreoffice-calc-nogui --no-install-recommends
need_apt git git                   # `kis-book diff` reads revisions with git

# --- checks -----------------------------------------------------------------
echo "== one build of the dependencies for cargo test and cargo run"
python3 scripts/one-build.py

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings

echo "== cargo test"
cargo test --locked

echo "== seed coverage (share of the printed plan's words in content/)"
python3 scripts/seed-coverage.py --missing 20

echo "== the site in a real browser (chromium, axe-core)"
bash scripts/test-site.sh
