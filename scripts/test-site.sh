#!/usr/bin/env bash
# The site in a real browser: installs Debian's chromium and the npm test
# packages (axe-core, playwright-core; never a browser from npm) when they
# are missing, builds the repository's book and runs tests/browser/run.mjs
# (axe-core, search, 320 px, from disk; screenshots in build/screenshots);
# then installs nginx when it is missing and runs tests/browser/hosted.mjs:
# the 2019 book and a second book with another base_url served by nginx as
# docs/publishing.md says, every page and download crawled.
# scripts/test.sh is meant to call this after `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  # The site as hosted (tests/browser/hosted.mjs); run as this user with a
  # configuration of its own, the system's nginx service is never used.
  echo "== installing nginx"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
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

# The path of the address a book's site was built for (its base_url,
# `{year}` and all: https://example.org/proef -> /proef/), where
# docs/publishing.md has the web server serve it: the first address of the
# built site's sitemap, its home page.
base_path() {
  sed -n 's#.*<loc>https\{0,1\}://[^/<]*\(/[^<]*\)</loc>.*#\1#p' "$1/build/site/sitemap.xml" | head -n 1 | sed 's#/*$#/#'
}
echo "== the site as hosted: nginx as docs/publishing.md sets it up, crawled in chromium"
second=$(mktemp -d)
trap 'rm -rf "$second"' EXIT
cp -r tests/fixtures/small-book/. "$second"
cargo run --locked --quiet -- build "$second" >/dev/null
KIS_BOOK_NGINX=$(command -v nginx || echo /usr/sbin/nginx) \
  node tests/browser/hosted.mjs build/site "$(base_path .)" "$second/build/site" "$(base_path "$second")"
