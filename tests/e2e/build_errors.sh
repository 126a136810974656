#!/usr/bin/env bash
# Each case under tests/fixtures/bad/<case>/ is a copy of tests/fixtures/base-site with the case's files laid
# over it (and, when the case has themes/, over a copy of the default theme). Building it must fail with exit
# status 2, print exactly the line in <case>/expected-error first, and leave the previous site untouched.
#   usage: build_errors.sh OIT_BINARY REPO_ROOT [--update]
set -u
oit=$1 repo=$2 update=${3:-}
base=$repo/tests/fixtures/base-site
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

# A good site is published once; every failed build must leave it byte for byte as it was.
"$oit" build --source "$base" --out "$work/public" >/dev/null 2>"$work/base.err" || { echo "base site does not build:"; cat "$work/base.err"; exit 1; }
snapshot() { (cd "$work/public" && find . -type f -print0 | sort -z | xargs -0 sha256sum) ; }
before=$(snapshot)

for case_dir in "$repo"/tests/fixtures/bad/*/; do
  name=$(basename "$case_dir")
  site=$work/site-$name
  cp -r "$base" "$site"
  [ -d "$case_dir/themes" ] && mkdir -p "$site/themes" && cp -r "$repo/themes/default" "$site/themes/default"
  (cd "$case_dir" && find . -type f ! -name expected-error ! -name setup.sh -print0 | while IFS= read -r -d '' f; do
     mkdir -p "$site/$(dirname "$f")"; cp "$f" "$site/$f"; done)
  [ -f "$case_dir/setup.sh" ] && (cd "$site" && bash "$case_dir/setup.sh")
  "$oit" build --source "$site" --out "$work/public" >"$work/out" 2>"$work/err"
  status=$?
  got=$(head -n 1 "$work/err")
  if [ "$update" = --update ]; then printf '%s\n' "${got#error: }" > "$case_dir/expected-error"; fi
  want="error: $(head -n 1 "$case_dir/expected-error" 2>/dev/null)"
  after=$(snapshot)
  leftovers=$(find "$work" -maxdepth 1 -name '.public.tmp-*' | wc -l)
  if [ "$status" -eq 2 ] && [ "$got" = "$want" ] && [ "$after" = "$before" ] && [ "$leftovers" -eq 0 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: status=$status leftovers=$leftovers"
    echo "  want: $want"
    echo "  got:  $got"
    [ "$after" = "$before" ] || echo "  the previous site was changed"
  fi
done
echo "bad-input cases: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
