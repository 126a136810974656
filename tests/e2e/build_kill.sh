#!/usr/bin/env bash
# Atomic publish: `oit build` killed with SIGKILL at 20 moments spread over a build leaves the output folder
# as the complete old site or the complete new one, never a mix; the next build clears the killed builds'
# staging folders.
#   usage: build_kill.sh OIT_BINARY REPO_ROOT
set -eu
oit=$1 repo=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Old site: the example agency. New site: the same with one news item edited and one page added.
mkdir -p "$work/old" && cp -r "$repo/site.toml" "$repo/content" "$work/old/"
cp -r "$work/old" "$work/new"
news=$(find "$work/new/content/news" -name '*.md' ! -name '_index.md' | sort | head -n 1)
echo "ข้อความที่แก้ไขใหม่ในรอบการทดสอบ" >>"$news"
cat >"$work/new/content/news/kill-test-new-page.md" <<'MD'
+++
title = "หน้าที่เพิ่มใหม่"
date = 2025-01-15
+++
หน้าที่มีอยู่ในเว็บไซต์ฉบับใหม่เท่านั้น
MD

"$oit" build --source "$work/old" --out "$work/ref-old" >/dev/null 2>&1 || { echo "FAIL the old site does not build"; exit 1; }
start=$(date +%s%N)
"$oit" build --source "$work/new" --out "$work/ref-new" >/dev/null 2>&1 || { echo "FAIL the new site does not build"; exit 1; }
build_ns=$(( $(date +%s%N) - start ))

# A site's fingerprint: every file's path and bytes, the manifest without its generation time.
fingerprint() {
  python3 - "$1" <<'PY'
import hashlib, pathlib, re, sys
root = pathlib.Path(sys.argv[1])
h = hashlib.sha256()
for p in sorted(root.rglob("*")):
    if p.is_file():
        data = p.read_bytes()
        if p.name == "oit.json" and p.parent == root:
            data = re.sub(rb'"generated"\s*:\s*"[^"]*"', b"", data)
        h.update(str(p.relative_to(root)).encode() + b"\0" + hashlib.sha256(data).digest())
print(h.hexdigest())
PY
}
old_fp=$(fingerprint "$work/ref-old")
new_fp=$(fingerprint "$work/ref-new")
[ "$old_fp" != "$new_fp" ] || { echo "FAIL the edit did not change the site"; exit 1; }

interrupted=0 completed=0 fails=0
for k in $(seq 0 19); do
  rm -rf "$work/public" && cp -a "$work/ref-old" "$work/public"
  # Kill points from 1% to 134% of one build's time (process start-up shifts them), so the last ones meet
  # the publishing swap and the cleanup after it.
  delay_ns=$(( build_ns * (1 + 7 * k) / 100 ))
  "$oit" build --source "$work/new" --out "$work/public" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '0.%09d' "$delay_ns")"
  kill -KILL "$pid" 2>/dev/null || true
  status=0
  { wait "$pid"; } 2>/dev/null || status=$?  # (no "Killed" line from the shell)
  fp=$(fingerprint "$work/public")
  if [ "$fp" = "$old_fp" ]; then state=old; elif [ "$fp" = "$new_fp" ]; then state=new; else state=MIXED; fi
  if [ $status -eq 137 ]; then interrupted=$((interrupted + 1)); else completed=$((completed + 1)); fi
  printf 'kill %2d at %4d ms: exit %3d, output is the %s site\n' "$((k + 1))" "$((delay_ns / 1000000))" "$status" "$state"
  [ "$state" != MIXED ] || fails=$((fails + 1))
  # A build that finished before the kill must have published the new site.
  if [ $status -eq 0 ] && [ "$state" != new ]; then echo "FAIL a completed build left the $state site"; fails=$((fails + 1)); fi
done

# The killed builds' staging folders are cleared by the next build, which publishes the new site.
"$oit" build --source "$work/new" --out "$work/public" >/dev/null 2>&1 || { echo "FAIL the build after the kills"; exit 1; }
leftovers=$(find "$work" -maxdepth 1 -name '.public.tmp-*' | wc -l)
[ "$leftovers" -eq 0 ] || { echo "FAIL $leftovers staging folders left after a good build"; fails=$((fails + 1)); }
[ "$(fingerprint "$work/public")" = "$new_fp" ] || { echo "FAIL the build after the kills is not the new site"; fails=$((fails + 1)); }

echo "build_kill: build takes $((build_ns / 1000000)) ms; 20 kills: $interrupted interrupted, $completed finished first; $fails failures"
[ $interrupted -ge 10 ] || { echo "FAIL only $interrupted of 20 kills hit a running build: the kill points are too late"; exit 1; }
[ $fails -eq 0 ]
