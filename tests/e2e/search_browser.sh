#!/usr/bin/env bash
# Site search in headless Chromium: builds the example agency with the given binary, serves it on
# 127.0.0.1 and runs tests/browser/search_test.js (Thai, Thai-digit, English, partial and multi-word
# queries typed into the search box; the expected page must come first).
#   usage: search_browser.sh OIT_BINARY REPO_ROOT
#   env:   SEARCH_SHOTS=DIR keeps screenshots of a results page (360 px, 1280 px) in DIR
set -eu
oit=$1 repo=$2
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "FAIL search_browser: no Chromium at $chromium (Debian: apt-get install chromium)"; exit 1; }
command -v node >/dev/null || { echo "FAIL search_browser: node is not installed"; exit 1; }
[ -d "$repo/node_modules/playwright-core" ] ||
  { echo "FAIL search_browser: $repo/node_modules/playwright-core is missing (run npm ci in $repo)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$oit" build --source "$repo" --out "$work/public" >"$work/out" 2>"$work/err" ||
  { echo "FAIL search_browser: the example site does not build:"; cat "$work/err"; exit 1; }
[ -f "$work/public/search/index.json" ] || { echo "FAIL search_browser: the build wrote no search/index.json"; exit 1; }
# Playwright must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CHROMIUM="$chromium"
node "$repo/tests/browser/search_test.js" "$work/public" ${SEARCH_SHOTS:+"$SEARCH_SHOTS"}
