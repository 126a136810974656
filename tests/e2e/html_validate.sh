#!/usr/bin/env bash
# Every HTML page of the example site passes the Nu HTML Checker (npm vnu-jar, run once with Java
# over the whole built site) without errors. Warnings are counted, not failed.
#   usage: html_validate.sh OIT_BINARY REPO_ROOT
set -eu
oit=$1 repo=$(cd "$2" && pwd)
vnu=$repo/node_modules/vnu-jar/build/dist/vnu.jar
command -v java >/dev/null || { echo "FAIL html_validate: java is not installed (Debian: apt-get install default-jre-headless)"; exit 1; }
command -v python3 >/dev/null || { echo "FAIL html_validate: python3 is not installed"; exit 1; }
[ -f "$vnu" ] || { echo "FAIL html_validate: $vnu is missing (run npm ci in $repo)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$oit" build --source "$repo" --out "$work/public" >"$work/out" 2>"$work/err" ||
  { echo "FAIL html_validate: the example site does not build:"; cat "$work/err"; exit 1; }
pages=$(find "$work/public" -name '*.html' | wc -l)
[ "$pages" -gt 0 ] || { echo "FAIL html_validate: the build wrote no HTML"; exit 1; }

# vnu writes its JSON report to stderr; exit status 1 just means "messages found".
# The report of a page known to be broken proves the checker runs and reports at all.
mkdir "$work/probe"
printf '<!DOCTYPE html><html lang="th"><title>x</title><p><div>x</p>\n' >"$work/probe/bad.html"
java -jar "$vnu" --format json "$work/probe/bad.html" 2>"$work/probe.json" >/dev/null || true
grep -q '"type":"error"' "$work/probe.json" ||
  { echo "FAIL html_validate: vnu reports nothing for a broken page:"; head -c 2000 "$work/probe.json"; exit 1; }

status=0
java -Xss4m -jar "$vnu" --format json --skip-non-html "$work/public" 2>"$work/vnu.json" >"$work/vnu.out" || status=$?
python3 - "$work/vnu.json" "$work/public" "$pages" "$status" <<'EOF'
import json, sys
report, public, pages, status = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
try:
    with open(report, encoding='utf-8') as f:
        data = json.load(f)
except ValueError as e:
    print(f'FAIL html_validate: vnu (exit {status}) wrote no JSON report: {e}')
    print(open(report, encoding='utf-8', errors='replace').read()[:2000])
    sys.exit(1)
errors, warnings = [], 0
for m in data.get('messages', []):
    if m.get('type') == 'info' and m.get('subType') != 'warning':
        continue
    if m.get('type') == 'info':
        warnings += 1
        continue
    url = m.get('url', '')
    name = url.split(public, 1)[-1].lstrip('/') if public in url else url
    line = m.get('lastLine', m.get('firstLine', 0))
    errors.append(f'{name}:{line}: {m.get("message", "")}'
                  + (f'  [{m["extract"].strip()}]' if m.get('extract') else ''))
if errors:
    print(f'FAIL html_validate: {len(errors)} error(s) from the Nu HTML Checker in {pages} pages:')
    for e in errors:
        print('  ' + e)
    sys.exit(1)
if status not in (0, 1):
    print(f'FAIL html_validate: vnu exited with status {status}')
    sys.exit(1)
print(f'ok html_validate: {pages} HTML pages pass the Nu HTML Checker with no errors ({warnings} warning(s))')
EOF
