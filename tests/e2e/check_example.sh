#!/usr/bin/env bash
# The example agency, built by `oit build`, passes `oit check` with 28/28 items both as a folder and
# served over HTTP by a real nginx on 127.0.0.1, and the two audits agree item by item.
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
nginx_start "$WORK/public"
"$OIT" check "http://127.0.0.1:$NGINX_PORT/" --no-external --depth 100 --as-of 2025-04-15 --format json -o "$WORK/http.json"
http_status=$?
set -e

python3 - "$WORK/folder.json" "$WORK/http.json" "$folder_status" "$http_status" <<'PY'
import json, sys
folder, http = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:3])
statuses = [int(s) for s in sys.argv[3:5]]
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
if problems:
    print("check_example: FAILED\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"check_example: 28/28 items pass as a folder ({folder['summary']['links_checked']} links) "
      f"and over HTTP ({http['summary']['links_checked']} links)")
PY
