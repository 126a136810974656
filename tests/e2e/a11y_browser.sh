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
# shellcheck source=../lib/browser.sh
source "$repo/tests/lib/browser.sh"
browser_require a11y_browser "$repo" axe-core
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build_example a11y_browser "$oit" "$repo" "$work/public"
node "$repo/tests/browser/a11y_test.js" "$work/public" ${A11Y_SHOTS:+"$A11Y_SHOTS"}
