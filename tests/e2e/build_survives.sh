#!/usr/bin/env bash
# Odd but valid input builds, fast and without crashing: 1 MB lines, 10,000 nested quotes, pathological
# Markdown, and legacy TIS-620/CP874 files converted to UTF-8 with a warning naming each (never mojibake).
#   usage: build_survives.sh OIT_BINARY REPO_ROOT
set -u
oit=$1 repo=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/tests/fixtures/base-site" "$work/site"
(cd "$work/site" && bash "$repo/tests/fixtures/survives/setup.sh") || { echo "setup failed"; exit 1; }
start=$(date +%s)
timeout 300 "$oit" build --source "$work/site" --out "$work/public" >"$work/out" 2>"$work/err"
status=$? elapsed=$(( $(date +%s) - start ))
if [ $status -ne 0 ]; then echo "build failed (status $status after ${elapsed}s):"; head -n 5 "$work/err"; exit 1; fi
echo "built in ${elapsed}s"
python3 - "$work" "$repo" <<'PY'
import json, pathlib, sys
work, repo = map(pathlib.Path, sys.argv[1:])
pub, err = work / 'public', (work / 'err').read_text(encoding='utf-8')
fails = []
def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what)
    if not cond: fails.append(what)
def page(route):
    return (pub / route / 'index.html').read_text(encoding='utf-8')  # raises on invalid UTF-8

check('ก' * 350000 + ' ท้ายบรรทัด' in page('news/long-line'), 'the 1 MB line is published whole')
check('ข' * 350000 in page('reports/long'), 'the 1 MB CSV cell is shown in the table')
check(page('news/deep-quote').count('<blockquote>') >= 100 and 'ข้อความลึก' in page('news/deep-quote'),
      '10,000 levels of > render (cmark caps the nesting) and keep the text')
check('x' in page('news/deep-emphasis') and 'x' in page('news/brackets'), 'pathological emphasis and brackets render')

for f in ['content/procurement/monthly/procurement.csv', 'content/news/meeting.md']:
    check(f'{f}: warning: converted from Thai TIS-620/Windows-874 to UTF-8' in err, f'a warning names {f}')
original_csv = (repo / 'tests/fixtures/base-site/content/procurement/monthly/procurement.csv').read_bytes()
published_csv = (pub / 'procurement/monthly/procurement.csv').read_bytes()
check(published_csv == original_csv, 'the published CSV is the UTF-8 text, byte for byte')
records = json.loads((pub / 'procurement/monthly/procurement.json').read_text(encoding='utf-8'))
check(records[0]['ชื่อรายการของงานที่ซื้อหรือจ้าง'] == 'จัดซื้อกระดาษ', 'the JSON copy has Thai keys and values')
check('จัดซื้อกระดาษ' in page('procurement/monthly'), 'the HTML table shows Thai')
check('<title>ประชุมคณะทำงาน ITA |' in page('news/meeting'), 'the CP874 page title is Thai')
check('ประชุมเตรียมการประเมิน' in page('news/meeting'), 'the CP874 page summary is Thai')
def garbled(p):  # not UTF-8, a replacement character, or Thai UTF-8 read as Latin-1 ("à¸")
    try:
        text = p.read_bytes().decode('utf-8')
    except UnicodeDecodeError:
        return True
    return '\ufffd' in text or 'à¸' in text
mojibake = [str(p.relative_to(pub)) for p in pub.rglob('*') if p.is_file() and p.suffix in ('.html', '.json', '.csv', '.xml') and garbled(p)]
check(not mojibake, 'every published text file is clean UTF-8 ' + ' '.join(mojibake))
sys.exit(1 if fails else 0)
PY
