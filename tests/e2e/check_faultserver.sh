#!/usr/bin/env bash
# oit check against hostile servers (tests/lib/fault_server.py on 127.0.0.1): for every fault, the item it
# is planted on gets exactly the expected status and finding codes, the run ends within its time bound and
# its peak memory (GNU time's maximum RSS) stays bounded. The faults sit on real paths of the example site,
# so the items that recover (429, 503 then 200, a reset once, HEAD refused) must pass in full.
# Then all faults at once, and an overall --deadline that cuts a stalled crawl short.
# Usage: check_faultserver.sh /path/to/oit /repo/root       (OIT_SHOW=1 prints the table of measurements)
set -euo pipefail
OIT=$(realpath "$1")
ROOT=$(realpath "${2:-.}")
WORK=$(mktemp -d)
SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "check_faultserver: FAILED: $*"
  exit 1
}

# Bounds. A sanitizer build (ASan keeps freed memory in quarantine and adds shadow memory) gets more room.
TIME_BOUND=${OIT_FAULT_TIME_BOUND:-20}  # seconds, one fault (--timeout 2)
MEM_BOUND=200                           # MB peak RSS
if grep -q __asan_init "$OIT"; then
  MEM_BOUND=450
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}:quarantine_size_mb=16
fi

"$OIT" build --source "$ROOT" --out "$WORK/public" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; fail "oit build"; }
BOMB=${TMPDIR:-/tmp}/oit-test-gzip-bomb-8g.gz  # 8 GB of zeros in ~8 MB, made once per machine
python3 "$ROOT/tests/lib/fault_server.py" --make-bomb "$BOMB" 8
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1 || fail "openssl cannot make a certificate"

# start_server ARGS...: sets PORT
start_server() {
  rm -f "$WORK/port"  # the shell truncates it only when the server's process is set up: no stale port read
  python3 "$ROOT/tests/lib/fault_server.py" --root "$WORK/public" --bomb "$BOMB" --stall 60 \
    --log "$WORK/requests.log" "$@" >"$WORK/port" &
  SERVER_PID=$!
  for _ in $(seq 300); do
    [[ -s "$WORK/port" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  PORT=$(cat "$WORK/port")
  [[ -n "$PORT" ]] || fail "fault_server.py $* did not start"
}

# sheet FILE PORT [SCHEME]: the example's ITAS sheet pointed at the server
sheet() {
  sed "s#https://www.example.go.th/#${3:-http}://127.0.0.1:$2/#" "$WORK/public/itas.csv" >"$1"
}

# check OUT.json SHEET PORT ARGS...: runs oit check, records "seconds peak_kb" in OUT.time
check() {
  local out=$1 sheet=$2 port=$3
  shift 3
  set +e
  /usr/bin/time -f "%e %M" -o "$out.time" "$OIT" check "http://127.0.0.1:$port/" --itas "$sheet" \
    --as-of 2025-04-15 --no-external --depth 1 --timeout 2 --deadline 60 --format json -o "$out" "$@" 2>"$out.err"
  echo $? >"$out.status"
  set -e
}

# One case per line: NAME ITEM EXPECTED-STATUS EXPECTED-CODES RULE (path=fault; "tls" for the HTTPS server)
# PROOF (the rest of the line): a line the server must have logged, or "msg:" and words of the finding,
# so no case passes by luck (e.g. a server that never started).
cat >"$WORK/cases" <<'CASES'
429-retry-after       O1  pass  -            /about/structure/=429  GET /about/structure/ 429
503-then-200          O2  pass  -            /about/executives/=503-then-200  GET /about/executives/ 503
reset                 O3  fail  unreachable  /contact/=reset  GET /contact/ reset
reset-once            O16 pass  -            /integrity/ethics/=reset-once  GET /integrity/ethics/ reset
stall-before-headers  O4  fail  unreachable  /news/=stall-headers  msg:no answer within 2 s
stall-mid-body        O6  fail  unreachable  /plans/action-plan-2568/action-plan-2568.pdf=stall-body  msg:no answer within 2 s
trickle               O15 fail  unreachable  /hr/hr-report-2567/=trickle  msg:no answer within 2 s
redirect-loop         O8  fail  unreachable  /manuals/staff-manual/=loop-a  msg:redirect loop
redirect-chain        O18 fail  unreachable  /integrity/complaint-channel/=redirect-chain  msg:more than 10 redirects
redirect-to-file      O9  fail  unreachable  /services/service-manual/=to-file  msg:not followed: file:///etc/passwd
redirect-to-ftp       O10 fail  unreachable  /services/e-service/=to-ftp  msg:not followed: ftp://127.0.0.1/pub/report.pdf
endless-body          O11 fail  unreachable  /services/statistics-2568/=endless  GET /services/statistics-2568/ endless
5gb-content-length    O13 warn  too-large    /procurement/annual-report-2567/procurement-report-2567.pdf=huge  msg:แจ้งขนาด 5.0 GB
gzip-bomb             O12 fail  unreachable  /procurement/monthly-2568/=gzip-bomb  GET /procurement/monthly-2568/ gzip-bomb
html-as-pdf           O14 fail  unreachable  /hr/hr-plan-2568/=html-as-pdf  msg:แจ้งชนิดเป็น application/pdf
pdf-as-html           O5  fail  unreachable  /plans/strategic-plan/strategic-plan-2566-2570.pdf=pdf-as-html  msg:แจ้งชนิดเป็น text/html
fake-pdf              O7  fail  unreachable  /reports/annual-report-2567/annual-report-2567.pdf=fake-pdf  msg:ไม่ใช่ไฟล์ PDF
429-forever           O19 fail  unreachable  /integrity/complaint-statistics-2568/=429-forever  msg:HTTP 429
head-refused-405      O20 pass  -            /css/oit.css=no-head  HEAD /css/oit.css 405
head-connection-close O21 pass  -            /icons/favicon.svg=head-close  HEAD /icons/favicon.svg closed
tls-self-signed       O17 fail  unreachable  tls  msg:TLS certificate not trusted (SSL certificate problem: self-signed certificate)
CASES

echo "case item status codes seconds peak_MB" >"$WORK/measured"
problems=()
while read -r name item want_status want_codes rule proof; do
  : >"$WORK/requests.log"
  if [[ $rule == tls ]]; then
    start_server --tls "$WORK/cert.pem" "$WORK/key.pem"
    printf 'item,url\n%s,%s\n' "$item" "$(grep "^$item," "$WORK/public/itas.csv" | cut -d, -f2 |
      sed "s#https://www.example.go.th/#https://127.0.0.1:$PORT/#")" >"$WORK/sheet.csv"
  else
    start_server --rule "$rule"
    sheet "$WORK/all.csv" "$PORT"
    { echo "item,url"; grep "^$item," "$WORK/all.csv" | cut -d, -f1,2; } >"$WORK/sheet.csv"
  fi
  check "$WORK/$name.json" "$WORK/sheet.csv" "$PORT"
  stop_server
  python3 - "$WORK/$name.json" "$name" "$item" "$want_status" "$want_codes" "$TIME_BOUND" "$MEM_BOUND" \
    "$WORK/measured" "$WORK/requests.log" "$proof" <<'PY' || problems+=("$name")
import json, sys
out, name, item, want_status, want_codes, time_bound, mem_bound, measured, log, proof = sys.argv[1:]
seconds, peak_kb = open(out + ".time").read().split()[-2:]
seconds, peak_mb = float(seconds), int(peak_kb) / 1024
status = int(open(out + ".status").read())
problems = []
try:
    r = json.load(open(out, encoding="utf-8"))
except Exception as e:  # a crash leaves no report
    print(open(out + ".err").read())
    print(f"{name}: no JSON report (exit status {status}): {e}")
    sys.exit(1)
it = next(i for i in r["items"] if i["id"] == item)
codes = [f["code"] for f in it["findings"]]
want = [] if want_codes == "-" else want_codes.split(",")
if it["status"] != want_status or codes != want:
    problems.append(f"{item} got {it['status']} {codes} {[f['message'] for f in it['findings']]}, expected {want_status} {want}")
if status not in (0, 1):
    problems.append(f"exit status {status}")
if seconds > float(time_bound):
    problems.append(f"took {seconds:.1f} s, bound {time_bound} s")
if peak_mb > float(mem_bound):
    problems.append(f"peak RSS {peak_mb:.0f} MB, bound {mem_bound} MB")
# The fault must really have been met: the server logged it, or the finding names it.
served = open(log, encoding="utf-8").read().splitlines()
messages = " ".join(f["message"] for f in it["findings"])
if proof.startswith("msg:"):
    if proof[4:] not in messages:
        problems.append(f"the finding does not say {proof[4:]!r}")
elif proof not in served:
    problems.append(f"the server never logged {proof!r}")
if name.startswith("head-") and [b for b in r["broken_links"] if "/css/" in b["url"] or "/icons/" in b["url"]]:
    problems.append(f"a server refusing HEAD made links broken: {r['broken_links']}")
summary = "; ".join(f"{f['code']}: {f['message']}" for f in it["findings"])[:150] or "-"
with open(measured, "a", encoding="utf-8") as m:
    m.write(f"{name} {item} {it['status']} {','.join(codes) or '-'} {seconds:.2f} {peak_mb:.0f}  {summary}\n")
if problems:
    print(f"{name}: " + "; ".join(problems))
    sys.exit(1)
PY
done <"$WORK/cases"

if [[ -n "${OIT_SHOW:-}" ]]; then column -t -l 7 "$WORK/measured" || cat "$WORK/measured"; fi
((${#problems[@]} == 0)) || { cat "$WORK/measured"; fail "${problems[*]}"; }
echo "check_faultserver: $(($(wc -l <"$WORK/cases"))) fault cases classified as expected, each within ${TIME_BOUND} s and ${MEM_BOUND} MB"

# All the faults at once, on one server: every item as above, the others pass; the run stays bounded.
rules=()
while read -r name item _ _ rule _; do [[ $rule != tls ]] && rules+=(--rule "$rule"); done <"$WORK/cases"
start_server "${rules[@]}"
sheet "$WORK/all.csv" "$PORT"
check "$WORK/all.json" "$WORK/all.csv" "$PORT"
stop_server
python3 - "$WORK/all.json" "$WORK/cases" "$TIME_BOUND" "$MEM_BOUND" <<'PY' || fail "all faults at once"
import json, sys
out, cases, time_bound, mem_bound = sys.argv[1:]
r = json.load(open(out, encoding="utf-8"))
seconds, peak_kb = open(out + ".time").read().split()[-2:]
expected = {}
faulted = []
for line in open(cases):
    name, item, status, codes, rule = line.split()[:5]
    if rule != "tls":
        expected[item] = (status, [] if codes == "-" else codes.split(","))
        faulted.append(rule.split("=")[0])
problems = []
for it in r["items"]:
    want_status, want_codes = expected.get(it["id"], ("pass", []))
    codes = [f["code"] for f in it["findings"]]
    # An item page that links a faulted page in its content also gets broken-link, naming that page.
    links = [f for f in it["findings"] if f["code"] == "broken-link"]
    if links:
        want_status = "fail"
    if [c for c in codes if c != "broken-link"] != want_codes or it["status"] != want_status:
        problems.append(f"{it['id']}: got {it['status']} {codes}, expected {want_status} {want_codes}")
    for f in links:
        if not any(p in f["message"] for p in faulted):
            problems.append(f"{it['id']}: broken-link that is no fault: {f['message']}")
for b in r["broken_links"]:
    path = "/" + b["url"].split("/", 3)[3]
    if not any(path.startswith(f.rstrip("*")) for f in faulted) and "/loop-" not in path and "/redirect-chain" not in path:
        problems.append(f"broken link that is no fault: {b}")
if float(seconds) > float(time_bound) * 2:
    problems.append(f"took {seconds} s")
if int(peak_kb) / 1024 > float(mem_bound):
    problems.append(f"peak RSS {int(peak_kb) / 1024:.0f} MB")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"check_faultserver: all faults at once: {r['summary']['items_fail']} items fail, "
      f"{len(r['broken_links'])} broken links, {float(seconds):.1f} s, {int(peak_kb) / 1024:.0f} MB peak")
PY

# The overall bound: a site whose pages all stall is cut short by --deadline, not by 28 timeouts in a row.
start_server --rule '/*=stall-headers'
sheet "$WORK/all.csv" "$PORT"
check "$WORK/deadline.json" "$WORK/all.csv" "$PORT" --timeout 600 --deadline 3
stop_server
read -r secs _ < <(tail -n 1 "$WORK/deadline.json.time")  # GNU time may put "Command exited …" first
python3 - "$WORK/deadline.json" "$secs" <<'PY' || fail "--deadline"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
secs = float(sys.argv[2])
bad = [i["id"] for i in r["items"] if i["status"] != "fail" or "time limit" not in i["findings"][0]["message"]]
if secs > 8 or bad:
    print(f"--deadline 3: {secs} s; items not stopped by the time limit: {bad}")
    sys.exit(1)
print(f"check_faultserver: --deadline 3 stopped a fully stalled site after {secs:.1f} s")
PY
