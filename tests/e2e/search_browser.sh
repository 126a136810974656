#!/usr/bin/env bash
# Site search in headless Chromium: builds the example agency with the given binary, serves it on
# 127.0.0.1 and runs tests/browser/search_test.js (Thai, Thai-digit, English, partial and multi-word
# queries typed into the search box; the expected page must come first).
#   usage: search_browser.sh OIT_BINARY REPO_ROOT
#   env:   SEARCH_SHOTS=DIR keeps screenshots of a results page (360 px, 1280 px) in DIR
set -eu
oit=$1 repo=$2
# shellcheck source=../lib/browser.sh
source "$repo/tests/lib/browser.sh"
browser_require search_browser "$repo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build_example search_browser "$oit" "$repo" "$work/public"
[ -f "$work/public/search/index.json" ] || { echo "FAIL search_browser: the build wrote no search/index.json"; exit 1; }
node "$repo/tests/browser/search_test.js" "$work/public" ${SEARCH_SHOTS:+"$SEARCH_SHOTS"}
