#!/usr/bin/env bash
# The example agency (site.toml + content/ at the repository root) builds with no warning, and its output has
# everything the OIT needs: 28 items with pages and meta tags, the manifest, the ITAS sheet, no broken link.
#   usage: build_example.sh OIT_BINARY REPO_ROOT
set -eu
oit=$1 repo=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$oit" build --source "$repo" --out "$work/public" >"$work/out" 2>"$work/err" || { cat "$work/err"; exit 1; }
cat "$work/out"
if [ -s "$work/err" ]; then echo "FAIL the example site must build with zero warnings:"; cat "$work/err"; exit 1; fi
grep -q "OIT round items with a page: 28/28" "$work/out" || { echo "FAIL not every OIT item has a page"; exit 1; }
python3 "$repo/tests/e2e/verify_site.py" "$work/public" --items 28
# The example's sole trader (a made-up personal ID in the procurement CSV) is masked in every public file.
if grep -rlE '3-?1020-?01234-?56-?6' "$work/public" >/dev/null; then
  echo "FAIL a personal ID number is published:"; grep -rlE '3-?1020-?01234-?56-?6' "$work/public"; exit 1
fi
# Two builds of the same input are identical except the manifest's generation time: the first rendered on
# every core, this one on one thread.
"$oit" build --source "$repo" --out "$work/again" --jobs 1 >/dev/null 2>&1
if ! diff -rq -x oit.json "$work/public" "$work/again" >"$work/differ"; then
  echo "FAIL two builds differ:"; head -20 "$work/differ"
  while read -r _ a _ b _; do [ -f "$a" ] && [ -f "$b" ] && diff "$a" "$b" | head -20; done < <(grep '^Files' "$work/differ" | head -3)
  exit 1
fi
diff <(grep -v '"generated"' "$work/public/oit.json") <(grep -v '"generated"' "$work/again/oit.json") >/dev/null ||
  { echo "FAIL oit.json differs beyond its generated time"; exit 1; }
echo "example site (round 2568): ok"

# The same content, tagged with topic keys, builds against round 2569 (items renumbered and merged).
mkdir -p "$work/r2569" && cp -r "$repo/content" "$work/r2569/" && sed 's/^round = 2568/round = 2569/' "$repo/site.toml" >"$work/r2569/site.toml"
"$oit" build --source "$work/r2569" >"$work/out69" 2>"$work/err69" || { cat "$work/err69"; exit 1; }
grep -q "OIT round items with a page: 26/26" "$work/out69" || { echo "FAIL round 2569 build"; cat "$work/out69"; exit 1; }
grep -q "O7 in round 2569 expects fiscal year 2568, this page says 2567" "$work/err69" ||
  { echo "FAIL round 2569 does not warn about last round's fiscal years"; exit 1; }
python3 "$repo/tests/e2e/verify_site.py" "$work/r2569/public" --items 26
echo "round 2569 rebuild: ok"
