#!/usr/bin/env bash
# The example agency, built by `oit build`, passes `oit check` with 28/28 items both as a folder and
# served over HTTP by a real nginx on 127.0.0.1, and the two audits agree item by item. Its open data
# (4 datasets) is consistent in both; over HTTP the catalogue's Content-Types are right when nginx is told
# them (tests/opendata/nginx-catalog.conf) and a finding when it is not. Progress shows on a terminal only.
# Its derived OIT score is 100 and, with --iit/--eit1/--eit2, the projected ITA total is reported.
# Usage: check_example.sh /path/to/oit /repo/root
set -euo pipefail
OIT=$(realpath "$1")
ROOT=$(realpath "${2:-.}")
# shellcheck source=../lib/nginx.sh
source "$ROOT/tests/lib/nginx.sh"
WORK=$(mktemp -d)
cleanup() {
  nginx_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

"$OIT" build --source "$ROOT" --out "$WORK/public" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
chmod -R a+rX "$WORK"

set +e
"$OIT" check "$WORK/public" --offline --as-of 2025-04-15 --format json -o "$WORK/folder.json"
folder_status=$?
# Labour 2568's other scores (oit-criteria.md §1) with this site's OIT of 100 give its published 96.20, ผ่าน.
"$OIT" check "$WORK/public" --offline --as-of 2025-04-15 --iit 98.85 --eit1 92.04 --eit2=84.93 --format json -o "$WORK/ita.json"
nginx_start "$WORK/public" "$ROOT/tests/opendata/nginx-catalog.conf"
"$OIT" check "http://127.0.0.1:$NGINX_PORT/" --no-external --depth 100 --as-of 2025-04-15 --format json -o "$WORK/http.json"
http_status=$?
# On a terminal (script(1) gives it one) the crawl shows its progress on stderr; with CI set it does not.
script -qec "env -u CI '$OIT' check http://127.0.0.1:$NGINX_PORT/ --no-external --depth 100 --as-of 2025-04-15 -o /dev/null" \
  /dev/null >"$WORK/tty.txt" 2>&1
script -qec "env CI=true '$OIT' check http://127.0.0.1:$NGINX_PORT/ --no-external --depth 100 --as-of 2025-04-15 -o /dev/null" \
  /dev/null >"$WORK/tty-ci.txt" 2>&1
nginx_stop
# nginx without the two types sends the catalogue as application/octet-stream: a harvester refuses it.
nginx_start "$WORK/public"
"$OIT" check "http://127.0.0.1:$NGINX_PORT/" --no-external --depth 1 --as-of 2025-04-15 --format json -o "$WORK/types.json"
types_status=$?
set -e

grep -q 'oit check: [0-9]*/[0-9]* links' "$WORK/tty.txt" || { cat -v "$WORK/tty.txt"; echo "check_example: no progress on a terminal"; exit 1; }
if grep -q 'oit check: [0-9]*/[0-9]* links' "$WORK/tty-ci.txt"; then cat -v "$WORK/tty-ci.txt"; echo "check_example: progress shown with CI set"; exit 1; fi

python3 - "$WORK/folder.json" "$WORK/http.json" "$folder_status" "$http_status" "$WORK/types.json" "$types_status" "$WORK/ita.json" <<'PY'
import json, sys
folder, http = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:3])
statuses = [int(s) for s in sys.argv[3:5]]
types, types_status = json.load(open(sys.argv[5], encoding="utf-8")), int(sys.argv[6])
problems = []
for name, r, status in (("folder", folder, statuses[0]), ("http", http, statuses[1])):
    s = r["summary"]
    if status != 0:
        problems.append(f"{name}: exit status {status}")
    if (s["items_total"], s["items_pass"]) != (28, 28):
        bad = [(i["id"], [(f["code"], f["message"]) for f in i["findings"]]) for i in r["items"] if i["status"] != "pass"]
        problems.append(f"{name}: {s['items_pass']}/{s['items_total']} pass: {bad}")
    if r["broken_links"]:
        problems.append(f"{name}: broken links {r['broken_links']}")
    if s["links_checked"] < 50:
        problems.append(f"{name}: only {s['links_checked']} links checked")
verdict = lambda r: {i["id"]: (i["status"], [f["code"] for f in i["findings"]]) for i in r["items"]}
if verdict(folder) != verdict(http):
    problems.append(f"folder and HTTP audits disagree:\n  {verdict(folder)}\n  {verdict(http)}")
# Open data: 4 datasets, each with CSV (BOM), JSON and XLSX of the same rows, reachable; no finding.
for name, r in (("folder", folder), ("http", http)):
    od = r.get("open_data")
    if not od:
        problems.append(f"{name}: no open_data section")
        continue
    found = od["findings"] + [f for d in od["datasets"] for f in d["findings"]]
    if found or od["summary"] != {"datasets_total": 4, "datasets_pass": 4, "datasets_warn": 0, "datasets_fail": 0}:
        problems.append(f"{name}: open data {od['summary']}: {found}")
    for d in od["datasets"]:
        rows = {f["format"]: f["rows"] for f in d["files"] if f["rows"] is not None}
        if sorted(rows) != ["CSV", "JSON", "XLSX"] or len(set(rows.values())) != 1 or min(rows.values()) < 1:
            problems.append(f"{name}: {d['identifier']} rows {rows}")
        if not all(f["bom"] for f in d["files"] if f["format"] == "CSV"):
            problems.append(f"{name}: {d['identifier']} CSV without BOM")
if http.get("open_data"):
    cat = http["open_data"]["catalog"]
    if (cat["jsonld"]["content_type"], cat["turtle"]["content_type"]) != ("application/ld+json", "text/turtle"):
        problems.append(f"http: catalogue served as {cat}")
# Served without its types, the catalogue is a finding of its own; the OIT items are unaffected.
tf = types.get("open_data") or {}
if types_status != 1 or [f["code"] for f in tf.get("findings", [])] != ["wrong-content-type", "wrong-content-type"]:
    problems.append(f"nginx without the catalogue's types: exit {types_status}, findings {tf.get('findings')}")
if types["summary"]["items_pass"] != 28:
    problems.append(f"nginx without the catalogue's types: items {types['summary']}")
# The derived OIT score and the projected ITA total, as the NACC would compute them.
ita = json.load(open(sys.argv[7], encoding="utf-8"))["summary"]
if folder["summary"].get("oit_score") != 100 or "ita_total" in folder["summary"] or folder.get("costliest_failed") != []:
    problems.append(f"folder: derived OIT score {folder['summary']}, costliest {folder.get('costliest_failed')}")
if (ita.get("oit_score"), ita.get("ita_total"), ita.get("ita_tier")) != (100, 96.2, "ผ่าน"):
    problems.append(f"--iit 98.85 --eit1 92.04 --eit2 84.93: {ita}")
if problems:
    print("check_example: FAILED\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"check_example: 28/28 items pass as a folder ({folder['summary']['links_checked']} links) "
      f"and over HTTP ({http['summary']['links_checked']} links); open data 4/4 datasets consistent; "
      f"a catalogue served without its Content-Type is reported; OIT 100 with Labour 2568's IIT/EIT projects 96.20, ผ่าน")
PY
