#!/usr/bin/env bash
# The HTML report the working group prints: the example agency is checked intact (JSON, kept as the
# previous report; edited to name another site or round, --previous must refuse it), then by the next
# round a year on (items failing their period must still show the fiscal year found), then broken (one
# item page deleted, a broken link added) and checked again as HTML with --previous. The report must
# hold the score and tier, the status chart per indicator, the changed item and the new broken link, and
# no script; in headless Chromium (tests/browser/report_shots.js) it must fit 360 px without sideways
# scrolling and print to whole A4 pages.
#   usage: report_html.sh OIT_BINARY REPO_ROOT
#   env:   REPORT_SHOTS=DIR keeps report-360.png, report-a4.png, report.pdf (and its pages as PNG) in DIR
set -eu
oit=$(realpath "$1") repo=$(realpath "$2")
# shellcheck source=../lib/browser.sh
source "$repo/tests/lib/browser.sh"
browser_require report_html "$repo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build_example report_html "$oit" "$repo" "$work/public"

check() { "$oit" check "$work/public" --offline --as-of 2025-04-15 "$@"; }
check --format json -o "$work/prev.json" 2>"$work/err" ||
  { echo "FAIL report_html: the intact example site does not pass:"; cat "$work/err"; exit 1; }

# `--previous FILE` must be refused: exit 2, stderr holding WANT (fixed text) and HINT, no report written.
refused() {
  local what=$1 file=$2 want=$3 hint=$4 status
  set +e
  check --format html --previous "$file" -o "$work/never.html" 2>"$work/err"
  status=$?
  set -e
  [ "$status" = 2 ] || { echo "FAIL report_html: $what exits $status, not 2"; exit 1; }
  grep -qF "$want" "$work/err" && grep -qF "$hint" "$work/err" ||
    { echo "FAIL report_html: $what is not refused with its position and a hint:"; cat "$work/err"; exit 1; }
  [ ! -e "$work/never.html" ] || { echo "FAIL report_html: a report was written despite $what"; exit 1; }
}

# A previous report that is not JSON: the file named, a hint.
echo '<!DOCTYPE html>' >"$work/bad.json"
refused "a bad --previous file" "$work/bad.json" "bad.json: this is an HTML or XML report, not a JSON report" "hint: "

# The JSON report names the website and the agency, so that --previous can tell a report of another
# site or another round, and refuses it: exit 2, the key's file:line:col, a hint, no report.
python3 - "$work/prev.json" "$work" <<'PY' || exit 1
import json, sys
prev = json.load(open(sys.argv[1], encoding="utf-8"))
if prev.get("base_url") != "https://www.example.go.th/" or not prev.get("agency"):
    print(f"FAIL report_html: the JSON report does not name its site: base_url={prev.get('base_url')!r} agency={prev.get('agency')!r}")
    sys.exit(1)
for name, key, value in (("other-site", "base_url", "https://www.other-agency.go.th/"),
                         ("other-round", "round", prev["round"] - 1)):
    with open(f"{sys.argv[2]}/{name}.json", "w", encoding="utf-8") as f:
        json.dump({**prev, key: value}, f, ensure_ascii=False, indent=2)
PY
for case in "other-site:5:3: the previous report is of another website (https://www.other-agency.go.th/)" \
            "other-round:2:3: the previous report judged round 2567, this check judges round 2568"; do
  name=${case%%:*}
  refused "a previous report of $name" "$work/$name.json" "$name.json:${case#*:}" "hint: give --previous a"
done

# The intact site judged by the next round a year on: items that fail their period still show the
# fiscal year their page is about (last year's), against the year the round asks for.
set +e
check --round 2569 --as-of 2026-04-15 --format html -o "$work/next-round.html" 2>"$work/err"
set -e
python3 - "$work/next-round.html" <<'PY' || exit 1
import sys
rows = open(sys.argv[1], encoding="utf-8").read().split('<tr><th scope="row">')[1:]
late = [r for r in rows if "<code>out-of-period</code>" in r and 'class="fail"' in r]
shown = [r.split("<", 1)[0] for r in late if 'class="fy">พบ 2568 (ต้องการ 2569)</td>' in r]
late = [r.split("<", 1)[0] for r in late]
if not late or shown != late:
    print(f"FAIL report_html: items failing their period {late} do not all show the year found (2568): {shown}")
    sys.exit(1)
PY

# Break the site: delete the first item's page, add a broken link to the home page.
item=$(python3 -c '
import json, sys, urllib.parse
m = json.load(open(sys.argv[1], encoding="utf-8"))
it = next(i for i in m["items"] if i.get("url"))
print(it["id"], urllib.parse.urlparse(it["url"]).path)' "$work/public/oit.json")
item_id=${item%% *} item_path=${item#* }
rm "$work/public${item_path%/}/index.html"
sed -i 's|</main>|<p><a href="/reports/no-such-report-2568.pdf">รายงานที่ไม่มีอยู่</a></p></main>|' "$work/public/index.html"
grep -q no-such-report "$work/public/index.html" || { echo "FAIL report_html: could not add a broken link"; exit 1; }

set +e
check --format html --previous "$work/prev.json" -o "$work/report.html" 2>"$work/err"
status=$?
set -e
[ "$status" = 1 ] || { echo "FAIL report_html: the broken site exits $status, not 1:"; cat "$work/err"; exit 1; }

python3 - "$work/report.html" "$item_id" <<'PY'
import re, sys
from html.parser import HTMLParser

class Report(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.scripts, self.svg_titles, self.svg_texts = [], 0, [], []
        self.changes, self.text, self.links = [], [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" or any(k.startswith("on") for k in a):
            self.scripts += 1
        if tag in ("link", "img", "iframe") or (tag != "a" and a.get("src")):
            self.links.append(tag)
        self.stack.append((tag, a))
    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass
    def in_(self, tag, **attrs):
        return any(t == tag and all(a.get(k) == v for k, v in attrs.items()) for t, a in self.stack)
    def handle_data(self, data):
        self.text.append(data)
        if self.in_("svg", **{"class": "chart"}):
            (self.svg_titles if self.stack[-1][0] == "title" else self.svg_texts).append(data)
        if self.in_("section", id="changes"):
            self.changes.append(data)

r = Report()
r.feed(open(sys.argv[1], encoding="utf-8").read())
item = sys.argv[2]
text, changes = " ".join(r.text), " ".join(r.changes)
problems = []
if r.scripts: problems.append(f"{r.scripts} scripts or event handlers")
if r.links: problems.append(f"external resources: {r.links}")
for want in ("คะแนน OIT", "ระดับ", "ผลรายข้อ", "ควรทำ:", "ลิงก์เสีย", "no-such-report-2568.pdf"):
    if want not in text: problems.append(f"no {want!r} in the report")
if "สถานะของข้อ OIT แยกตามตัวชี้วัด" not in r.svg_titles: problems.append(f"chart title: {r.svg_titles}")
for want in ("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", "ตัวชี้วัดที่ 10 การป้องกันการทุจริต", "9.1 ข้อมูลพื้นฐาน"):
    if want not in r.svg_texts: problems.append(f"chart has no label {want!r}")
if not any(re.fullmatch(r"ผ่าน \d+ · เตือน \d+ · ไม่ผ่าน [1-9]\d*", t) for t in r.svg_texts):
    problems.append(f"no chart bar counts the failed item: {r.svg_texts}")
if "เปลี่ยนแปลงจากการตรวจครั้งก่อน" not in changes: problems.append("no changes section")
if item not in changes or "แย่ลง" not in changes: problems.append(f"changes do not list {item} as worse: {changes[:400]}")
if "100.00 →" not in changes: problems.append(f"changes do not give the score before: {changes[:200]}")
if "ลิงก์เสียที่พบใหม่" not in changes or "no-such-report-2568.pdf" not in changes: problems.append("new broken link not in changes")
if problems:
    print("FAIL report_html: " + "; ".join(problems))
    sys.exit(1)
PY

shots=${REPORT_SHOTS:-$work/shots}
node "$repo/tests/browser/report_shots.js" "$work/report.html" "$shots"
if [ -n "${REPORT_SHOTS:-}" ]; then
  cp "$work/report.html" "$shots/report.html"
  if command -v pdftoppm >/dev/null; then pdftoppm -r 60 -png "$shots/report.pdf" "$shots/report-pdf"; fi
fi
echo "PASS report_html"
