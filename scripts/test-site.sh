#!/usr/bin/env bash
# The site in a real browser: installs Debian's chromium and the npm test
# packages (axe-core, playwright-core; never a browser from npm) when they
# are missing, builds the repository's book and runs tests/browser/run.mjs
# (axe-core, search, 320 px, from disk; screenshots in build/screenshots).
# scripts/test.sh is meant to call this after `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
  echo "== installing nodejs and npm"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

echo "== npm ci (tests/browser)"
(cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)

echo "== kis-book build"
cargo run --locked --quiet -- build .

echo "== browser test"
node tests/browser/run.mjs build/site
