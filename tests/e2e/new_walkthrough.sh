#!/usr/bin/env bash
# A person new to oit follows only the README's "Getting started": `oit new` makes a site whose check lists
# every item as missing; they fill in one item exactly as the README shows it, and it passes. Every command
# run here must be written in that section, and the filled-in page is the README's own example, so the
# README cannot drift from what works. Then the next-round carry: idempotent, last year's pages kept.
#   usage: new_walkthrough.sh OIT_BINARY REPO_ROOT
set -eu
bin=$(realpath "$1") repo=$(realpath "$2")
work=$(mktemp -d)
log=$work/log  # outputs of the commands, kept out of the site folder
mkdir "$log"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL $*"; exit 1; }
oit() { "$bin" "$@"; }  # the README says `oit`: run this build of it

# The section, up to the next heading outside a code block.
guide=$(awk '/^## Getting started/{on=1; next} /^```/{fence=!fence} on && !fence && /^## /{exit} on' "$repo/README.md")
[ -n "$guide" ] || fail "README.md has no 'Getting started' section"
in_guide() { grep -qF -- "$1" <<<"$guide" || fail "README's Getting started does not say: $1"; }

# 1. A new site.
cd "$work"
in_guide 'oit new my-agency --round 2568'
oit new my-agency --round 2568 >"$log"/new.out || fail "oit new: $(cat "$log"/new.out)"
cd my-agency
in_guide 'site.toml'
[ -f site.toml ] || fail "no site.toml"

# Refuses to write into a folder that is not empty.
set +e
oit new . --round 2568 >"$log"/again.out 2>&1
rc=$?
set -e
[ "$rc" = 2 ] || fail "oit new into a non-empty folder: exit $rc, want 2"
grep -q 'already exists and is not empty' "$log"/again.out || fail "no clear refusal: $(cat "$log"/again.out)"

# 2. It builds at once and the check lists every item as missing — and nothing else.
in_guide 'oit build && oit check public --offline'
oit build >"$log"/build.out 2>"$log"/build.err || fail "the new site does not build: $(cat "$log"/build.err)"
grep -q 'OIT round items with a page: 0/28' "$log"/build.out || fail "unexpected build summary: $(cat "$log"/build.out)"
set +e
oit check public --offline >"$log"/check1.txt 2>"$log"/check1.err
rc=$?
set -e
[ "$rc" = 1 ] || fail "oit check on the new site: exit $rc, want 1"
for n in $(seq 1 28); do
  grep -qE "^O$n +fail +missing: " "$log"/check1.txt || fail "O$n is not listed as missing: $(cat "$log"/check1.txt)"
done
[ "$(grep -cE '^O[0-9]+ ' "$log"/check1.txt)" = 28 ] || fail "the check lists more than the 28 items"
grep -q 'items: 0 pass, 0 warn, 28 fail of 28; links: [0-9]* checked, 0 broken' "$log"/check1.txt ||
  fail "the new site has broken links or other findings: $(tail -3 "$log"/check1.txt)"

# 3. Fill in item O21 as the README shows: its file, its content, the `oit` line no longer commented.
page=content/transparency/no-gift-2568/index.md
in_guide "$page"
grep -qF "content/transparency/no-gift-2568/index.md" README.md || fail "the site's README does not list the item's file"
grep -qxF '# oit = "no-gift"' "$page" || fail "$page does not carry the commented oit line the README describes"
grep -qF 'ไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่' "$page" || fail "$page does not show the item's required elements"
awk '/^```toml$/{on=1; next} on && /^```$/{exit} on' <<<"$guide" >"$page"
grep -qx 'oit = "no-gift"' "$page" || fail "the README's example page does not claim the item"

in_guide 'oit build && oit check public --offline --as-of 2025-04-30'
oit build >"$log"/build2.out 2>"$log"/build2.err || fail "does not build after filling O21: $(cat "$log"/build2.err)"
grep -q 'OIT round items with a page: 1/28' "$log"/build2.out || fail "O21 has no page: $(cat "$log"/build2.out)"
! grep -q 'O21\|no-gift' "$log"/build2.err || fail "warnings about the filled page: $(grep 'O21\|no-gift' "$log"/build2.err)"
set +e
oit check public --offline --as-of 2025-04-30 >"$log"/check2.txt 2>"$log"/check2.err
rc=$?
set -e
[ "$rc" = 1 ] || fail "exit $rc, want 1 (27 items still missing)"
grep -qE '^O21 +pass ' "$log"/check2.txt || fail "O21 does not pass: $(grep -A3 '^O21' "$log"/check2.txt)"
[ "$(grep -cE '^O[0-9]+ +fail +missing: ' "$log"/check2.txt)" = 27 ] || fail "the other 27 items are not all still missing"
grep -q 'items: 1 pass, 0 warn, 27 fail of 28' "$log"/check2.txt || fail "$(tail -3 "$log"/check2.txt)"
in_guide 'O21 now passes'
echo "new site, check lists 28 missing items, O21 filled in from the README passes: ok"

# 4. The next round: last year's page kept, a new page beside it, idempotent, still builds.
in_guide 'oit new --from-round 2568 --to-round 2569 .'
before=$(cat "$page")
oit new --from-round 2568 --to-round 2569 . >"$log"/carry.out || fail "carry: $(cat "$log"/carry.out)"
[ -f oit-round-2569.md ] || fail "no report oit-round-2569.md"
grep -q '^round = 2569' site.toml || fail "site.toml still names round 2568"
[ -f "$page" ] || fail "last year's O21 page was removed"
diff <(grep -v '^# oit = "no-gift"' "$page") <(grep -v '^oit = "no-gift"' <<<"$before") >/dev/null ||
  fail "last year's page changed beyond its oit line"
grep -q '^# oit = "no-gift"  # oit-new: kept, round 2569 uses transparency/no-gift-2569/index.md' "$page" ||
  fail "last year's page does not point at the new one: $(head -3 "$page")"
[ -f content/transparency/no-gift-2569/index.md ] || fail "no page for the new fiscal year"
grep -q 'transparency/no-gift-2569/index.md' oit-round-2569.md || fail "the report does not name the new page"
sums() { find . -path ./public -prune -o -type f -print | sort | xargs md5sum; }
sums >"$log"/sums1
oit new --from-round 2568 --to-round 2569 . >"$log"/carry2.out
grep -q 'nothing changed' "$log"/carry2.out || fail "a second carry changed something: $(cat "$log"/carry2.out)"
sums >"$log"/sums2
diff "$log"/sums1 "$log"/sums2 >/dev/null || fail "a second carry changed files: $(diff "$log"/sums1 "$log"/sums2)"
oit build >"$log"/build3.out 2>"$log"/build3.err || fail "the carried site does not build: $(cat "$log"/build3.err)"
grep -q 'OIT round items with a page: 0/26' "$log"/build3.out || fail "$(cat "$log"/build3.out)"
echo "carried to round 2569: report written, last year's page kept, second run changes nothing: ok"

# --help of every command, with examples.
for cmd in new serve build check; do
  oit "$cmd" --help >"$log"/help.txt || fail "oit $cmd --help failed"
  grep -q '^Usage: oit '"$cmd" "$log"/help.txt || fail "oit $cmd --help has no usage line"
  grep -q '^Examples\?:' "$log"/help.txt || fail "oit $cmd --help has no examples"
done
echo "--help with examples for new, serve, build, check: ok"
