#!/usr/bin/env bash
# Every command that picks a round says which and why; a provisional round says so; a check past the
# round's assessment window says so. (core/criteria_test.cpp fixes the date; this runs the real commands.)
# Usage: round_notices.sh /path/to/oit /repo/root
set -euo pipefail
OIT=$(realpath "$1")
ROOT=$(realpath "${2:-.}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL $*"; exit 1; }

"$OIT" new "$WORK/site" --round 2570 >"$WORK/new.txt"
grep -q '^round 2570 (provisional: criteria data of [0-9-]*, written before the NACC published the round.s list): --round$' "$WORK/new.txt" \
  || { cat "$WORK/new.txt"; fail "oit new does not say round 2570 is provisional"; }
"$OIT" build --source "$WORK/site" >"$WORK/build.txt" 2>/dev/null
grep -q '^round 2570 (provisional' "$WORK/build.txt" || { cat "$WORK/build.txt"; fail "oit build does not say the round is provisional"; }

"$OIT" build --source "$ROOT" --out "$WORK/public" >/dev/null 2>&1
"$OIT" check "$WORK/public" --offline -o /dev/null 2>"$WORK/late.txt" || true
grep -q '^oit check: round 2568: the round oit.json was built for$' "$WORK/late.txt" || { cat "$WORK/late.txt"; fail "check does not say which round and why"; }
grep -q '^oit check: round 2568 was assessed in 2568; you are checking as of ' "$WORK/late.txt" \
  || { cat "$WORK/late.txt"; fail "check as of today does not say round 2568's window has passed"; }
"$OIT" check "$WORK/public" --offline --as-of 2025-04-15 -o /dev/null 2>"$WORK/in.txt"
if grep -q 'was assessed' "$WORK/in.txt"; then cat "$WORK/in.txt"; fail "a check inside the window says it has passed"; fi
"$OIT" check "$WORK/public" --offline --round 2569 --as-of 2026-03-01 -o /dev/null 2>"$WORK/given.txt" || true
grep -q '^oit check: round 2569: --round$' "$WORK/given.txt" || { cat "$WORK/given.txt"; fail "check does not say --round picked the round"; }
echo "1 passed, 0 failed"
