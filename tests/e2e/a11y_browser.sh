#!/usr/bin/env bash
# Accessibility of the example site in headless Chromium (Debian's chromium, npm axe-core; no browser
# download): builds the example agency with the given binary, serves it on 127.0.0.1 and runs
# tests/browser/a11y_test.js: zero axe-core violations at wcag2a wcag2aa wcag21a wcag21aa on every
# HTML page; keyboard (skip link, visible focus, the main menu by Tab/Enter); no sideways scrolling at
# 360 px on representative pages; header menu and search box hidden in print.
#   usage: a11y_browser.sh OIT_BINARY REPO_ROOT
#   env:   A11Y_SHOTS=DIR keeps screenshots (360 px, 1280 px, print) of the representative pages in DIR
set -eu
oit=$1 repo=$2
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "FAIL a11y_browser: no Chromium at $chromium (Debian: apt-get install chromium)"; exit 1; }
command -v node >/dev/null || { echo "FAIL a11y_browser: node is not installed"; exit 1; }
for m in playwright-core axe-core; do
  [ -d "$repo/node_modules/$m" ] || { echo "FAIL a11y_browser: $repo/node_modules/$m is missing (run npm ci in $repo)"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$oit" build --source "$repo" --out "$work/public" >"$work/out" 2>"$work/err" ||
  { echo "FAIL a11y_browser: the example site does not build:"; cat "$work/err"; exit 1; }
# Playwright must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CHROMIUM="$chromium"
node "$repo/tests/browser/a11y_test.js" "$work/public" ${A11Y_SHOTS:+"$A11Y_SHOTS"}
