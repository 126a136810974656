#!/usr/bin/env bash
# Bad open-data input fails the build with exit status 2 and the exact first error line in
# tests/fixtures/opendata-bad/<case>/expected-error. Each case is a copy of tests/fixtures/base-site with the
# case's files laid over it and, when the case has site.toml.append, that text added to its site.toml.
#   usage: opendata_errors.sh OIT_BINARY REPO_ROOT [--update]
set -u
oit=$1 repo=$2 update=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
for case_dir in "$repo"/tests/fixtures/opendata-bad/*/; do
  name=$(basename "$case_dir")
  site=$work/$name
  cp -r "$repo/tests/fixtures/base-site" "$site"
  (cd "$case_dir" && find . -type f ! -name expected-error ! -name site.toml.append -print0 | while IFS= read -r -d '' f; do
     mkdir -p "$site/$(dirname "$f")"; cp "$f" "$site/$f"; done)
  [ -f "$case_dir/site.toml.append" ] && { echo; cat "$case_dir/site.toml.append"; } >>"$site/site.toml"
  "$oit" build --source "$site" --out "$work/public-$name" >/dev/null 2>"$work/err"
  status=$?
  got=$(head -n 1 "$work/err")
  [ "$update" = --update ] && printf '%s\n' "${got#error: }" >"$case_dir/expected-error"
  want="error: $(head -n 1 "$case_dir/expected-error" 2>/dev/null)"
  if [ "$status" -eq 2 ] && [ "$got" = "$want" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    printf 'FAIL %s: status=%s\n  want: %s\n  got:  %s\n' "$name" "$status" "$want" "$got"
  fi
done
echo "open-data bad-input cases: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
