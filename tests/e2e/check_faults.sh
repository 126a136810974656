#!/usr/bin/env bash
# oit check --itas over HTTP against an agency site with planted faults (tests/fixtures/check-faults):
# every item must get exactly the expected status and finding codes, and nothing else is reported.
# Usage: check_faults.sh /path/to/oit /repo/root
set -euo pipefail
OIT=$(realpath "$1")
ROOT=$(realpath "${2:-.}")
FIX=$ROOT/tests/fixtures/check-faults
# shellcheck source=../lib/nginx.sh
source "$ROOT/tests/lib/nginx.sh"

WORK=$(mktemp -d)
PY_PID=""
cleanup() {
  [[ -n "$PY_PID" ]] && kill "$PY_PID" 2>/dev/null || true
  nginx_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

cp -r "$FIX/site" "$FIX/data-site" "$WORK/"
# PDFs with a Thai text layer, the way agencies' office software makes them.
pango-view -q --font="Laksaman 14" -o "$WORK/site/procurement/annual/รายงานสรุปผล ๒๕๖๗.pdf" \
  --text=$'รายงานผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๗\nวิธีเฉพาะเจาะจง ๔๒ โครงการ\nปัญหาและอุปสรรค\nแนวทางแก้ไข'
pango-view -q --font="Laksaman 14" -o "$WORK/data-site/o6/plan-2568.pdf" \
  --text=$'แผนปฏิบัติการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘\nโครงการ งบประมาณ และความก้าวหน้า'

python3 "$ROOT/tests/lib/once429_server.py" "$WORK/data-site" 1 >"$WORK/p2" 2>"$WORK/once429.log" &
PY_PID=$!
for _ in $(seq 50); do [[ -s "$WORK/p2" ]] && break; sleep 0.1; done
P2=$(cat "$WORK/p2")
nginx_start "$WORK/site" "$FIX/nginx-locations.conf"
P1=$NGINX_PORT

find "$WORK/site" "$WORK/data-site" -name '*.html' -exec sed -i "s/@P1@/$P1/g; s/@P2@/$P2/g" {} +
sed "s/@P1@/$P1/g; s/@P2@/$P2/g" "$FIX/itas.csv.in" >"$WORK/itas.csv"
chmod -R a+rX "$WORK"

run_check() {
  "$OIT" check "http://www.fixture-agency.go.th:$P1/" --itas "$WORK/itas.csv" --round 2568 --as-of 2025-04-15 \
    --resolve "www.fixture-agency.go.th:$P1:127.0.0.1" --resolve "www.other-agency.go.th:$P1:127.0.0.1" \
    --resolve "eservice.example.com:$P1:127.0.0.1" --resolve "data.fixture-agency.go.th:$P2:127.0.0.1" \
    --resolve "ita.nacc-fixture.org:$P1:127.0.0.1" \
    --timeout 10 "$@"
}

set +e
run_check --format json -o "$WORK/report.json" 2>"$WORK/stderr.txt"
status=$?
set -e
cat "$WORK/stderr.txt" >&2

python3 - "$WORK/report.json" "$status" "$P1" "$WORK/once429.log" <<'PY'
import json, sys
report_file, status, p1, log = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
r = json.load(open(report_file, encoding="utf-8"))
main = f"http://www.fixture-agency.go.th:{p1}"
expected = {
    "O3": ("fail", ["off-site"]),
    "O4": ("fail", ["out-of-period"]),
    "O7": ("fail", ["wrong-fiscal-year"]),
    "O8": ("fail", ["unreachable"]),
    "O9": ("fail", ["broken-link"]),
    "O12": ("fail", ["out-of-period"]),
    "O22": ("fail", ["missing"]),
}
problems = []
if status != 1:
    problems.append(f"exit status {status}, expected 1")
if len(r["items"]) != 28:
    problems.append(f"{len(r['items'])} items, expected 28")
for it in r["items"]:
    want_status, want_codes = expected.get(it["id"], ("pass", []))
    codes = [f["code"] for f in it["findings"]]
    if it["status"] != want_status or codes != want_codes:
        problems.append(f"{it['id']}: got {it['status']} {codes} {[f['message'] for f in it['findings']]}, "
                        f"expected {want_status} {want_codes}")
broken = sorted(b["url"] for b in r["broken_links"])
want_broken = sorted([f"{main}/manuals/staff/manual-staff.pdf", f"{main}/complaints/guideline/#appeal"])
if broken != want_broken:
    problems.append(f"broken links {broken}, expected {want_broken}")
for b in r["broken_links"]:
    if b["url"].endswith("manual-staff.pdf") and (b["status"] != 404 or b["pages"] != [f"{main}/manuals/staff/"]):
        problems.append(f"404 attachment reported as {b}")
    if b["url"].endswith("#appeal") and b["pages"] != [f"{main}/manuals/service/"]:
        problems.append(f"broken fragment reported as {b}")
s = r["summary"]
if (s["items_total"], s["items_pass"], s["items_warn"], s["items_fail"]) != (28, 21, 0, 7):
    problems.append(f"summary {s}")
if abs(s["score"] - 75.0) > 0.01:
    problems.append(f"score {s['score']}, expected 75.0")
if s["links_broken"] != 2 or s["links_checked"] < 15:
    problems.append(f"links: {s}")
served = open(log, encoding="utf-8").read()
if '" 429 ' not in served or '" 200 ' not in served:
    problems.append("the rate-limited server did not answer 429 then 200:\n" + served)
if problems:
    print("check_faults: FAILED\n  " + "\n  ".join(problems))
    sys.exit(1)
print("check_faults: 28 items as expected, 2 broken links, score 75.00")
PY

# A results cache: the second run within its age does not ask external sites again.
requests() { sed -n 's/.* \([0-9]*\) HTTP requests .*/\1/p' "$1"; }
run_check --format json -o "$WORK/c1.json" --cache "$WORK/cache.json" 2>"$WORK/c1.txt" || true
run_check --format json -o "$WORK/c2.json" --cache "$WORK/cache.json" 2>"$WORK/c2.txt" || true
if ! grep -q "ita.nacc-fixture.org" "$WORK/cache.json" || (( $(requests "$WORK/c2.txt") >= $(requests "$WORK/c1.txt") )); then
  echo "check_faults: the results cache did not spare external requests"; cat "$WORK/c1.txt" "$WORK/c2.txt"; exit 1
fi
cmp <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d["items"]), d["broken_links"])' "$WORK/c1.json") \
    <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d["items"]), d["broken_links"])' "$WORK/c2.json") \
  || { echo "check_faults: the cached run disagrees with the first"; exit 1; }
echo "check_faults: cached run made $(requests "$WORK/c2.txt") requests instead of $(requests "$WORK/c1.txt"), same verdict"

# The other report formats render the same audit.
set +e
run_check --format text >"$WORK/report.txt" 2>/dev/null
[[ -n "${OIT_SHOW:-}" ]] && cat "$WORK/report.txt"
run_check --format junit -o "$WORK/report.xml" 2>/dev/null
run_check --format html -o "$WORK/report.html" 2>/dev/null
run_check --format markdown -o "$WORK/report.md" 2>/dev/null
set -e
grep -q "^O7    fail    wrong-fiscal-year" "$WORK/report.txt" || { echo "text report lacks the O7 line"; cat "$WORK/report.txt"; exit 1; }
grep -q 'failures="8"' "$WORK/report.xml" || { echo "junit report: wrong failure count"; head -5 "$WORK/report.xml"; exit 1; }
grep -q '<html lang="th">' "$WORK/report.html" || { echo "html report missing"; exit 1; }
grep -q "| O12 | ❌ ไม่ผ่าน |" "$WORK/report.md" || { echo "markdown report lacks O12"; exit 1; }
echo "check_faults: text, junit, html and markdown reports agree"
