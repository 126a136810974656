#!/usr/bin/env bash
# Hostile content for `oit check`: pages and documents built to exhaust the checker (deep nesting, parser
# bombs, hundreds of thousands of links, PDFs that unpack to millions of text operators) and legacy Thai
# pages in TIS-620 / Windows-874. Each case is bounded in time and memory, checked offline (a folder with
# an ITAS sheet) and, where a server changes the outcome, over HTTP with a real nginx on 127.0.0.1.
#   usage: check_content.sh OIT_BINARY REPO_ROOT
source "$(dirname "$0")/lib.sh"
source "$REPO/tests/lib/nginx.sh"
HOSTILE_CLEANUP+=("nginx_stop")
GEN=$WORK/gen.py

# site NAME ITEM PATH: a folder $WORK/NAME with an ITAS sheet naming http://www.hostile.go.th/PATH as ITEM.
site() {
  mkdir -p "$WORK/$1"
  printf 'item,url\n%s,http://www.hostile.go.th/%s\n' "$2" "$3" >"$WORK/$1.csv"
}
# check_offline NAME SECONDS MAX_MB [options]: the folder's audit as JSON in $WORK/NAME.json.
check_offline() {
  local name=$1 secs=$2 mb=$3
  shift 3
  hostile_run "$secs" "$mb" "$OIT" check "$WORK/$name" --offline --itas "$WORK/$name.csv" --round 2568 \
    --as-of 2025-04-15 --format json -o "$WORK/$name.json" "$@"
}
# item NAME ID: "status code code…" of one item in $WORK/NAME.json.
item() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); i=[i for i in r["items"] if i["id"]==sys.argv[2]][0]; print(i["status"], " ".join(f["code"] for f in i["findings"]))' "$WORK/$1.json" "$2" 2>/dev/null; }
report_has() { grep -qF -- "$2" "$WORK/$1.json" 2>/dev/null; }
size_kb() { echo $(( $(stat -c %s "$WORK/$1.json" 2>/dev/null || echo 999999999) / 1024 )); }

cat >"$GEN" <<'PY'
import sys, zlib
kind, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
def w(s, mode="w"):
    with open(out, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
        f.write(s)
head = "<!doctype html><html><head><meta charset=utf-8><title>t</title></head><body>"
if kind == "nested":      # n nested elements of one tag (sys.argv[4]), then a link at the bottom
    tag = sys.argv[4]
    w(head + ("<%s>" % tag) * n + '<a href="bottom.html">bottom</a>')
elif kind == "links":     # n links to missing pages: every one broken (20 MB for a million)
    w(head + "".join('<a href=/m/%d>x</a>' % i for i in range(n)))
elif kind == "links-long":
    w(head + "".join('<a href="/missing/%d.html">%d</a>\n' % (i, i) for i in range(n)))
elif kind == "ids":       # n ids, and links to the first and the last
    w(head + '<a href="#i0">first</a><a href="#i%d">last</a>' % (n - 1) + "".join('<p id="i%d">x</p>' % i for i in range(n)))
elif kind == "afe":       # unclosed distinct <b id>s that every paragraph re-opens (7.5 GB in gumbo)
    w(head + "<div>" + "".join("<b id=%d>" % i for i in range(1000)) + "</div>" + "<p>x</p>" * 20000)
elif kind == "attr":      # one attribute of n bytes
    w(head + '<div title="' + "a" * n + '">x</div><a href="/">home</a>')
elif kind == "href":      # one link whose URL is n bytes, missing
    w(head + '<a href="/' + "a" * n + '">long</a>')
elif kind == "tables":    # n nested tables, text in every cell
    w(head + "<table><tr><td>cell text " * n)
elif kind == "pdfbomb":   # ~14 KB: 60 pages drawing one Flate stream of n text operators, off the page
    ops = b"BT /F1 1 Tf 1000 1000 Td " + b"(ABCDEFGH) Tj 0.1 0 Td " * n + b"ET"
    z = zlib.compress(ops, 9)
    kids = b"3 0 R " * 60
    pdf = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
           b"2 0 obj << /Type /Pages /Kids [" + kids + b"] /Count 60 >> endobj\n"
           b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
           b"4 0 obj << /Length " + str(len(z)).encode() + b" /Filter /FlateDecode >> stream\n" + z +
           b"\nendstream endobj\n5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
           b"trailer << /Root 1 0 R >>\n%%EOF\n")
    w(pdf, "wb")
PY
gen() { python3 "$GEN" "$@"; }

# An O21 (No Gift) page as an old CMS writes it, passing in UTF-8.
no_gift_page() {  # CHARSET_DECLARATION (a <meta> tag, or nothing)
  cat <<HTML
<html>
<head>
$1
<title>ประกาศเจตนารมณ์ No Gift Policy ประจำปีงบประมาณ พ.ศ. 2568</title>
</head>
<body>
<table width="100%"><tr><td>
<h1>ประกาศเจตนารมณ์ No Gift Policy และการสร้างวัฒนธรรมไม่รับของขวัญ ประจำปีงบประมาณ พ.ศ. 2568</h1>
<p>ผู้อำนวยการสำนักงานประกาศเจตนารมณ์ว่าผู้บริหารและเจ้าหน้าที่ทุกคน จะไม่รับของขวัญ ของกำนัล หรือประโยชน์อื่นใดทุกชนิดจากการปฏิบัติหน้าที่
ตลอดปีงบประมาณ พ.ศ. 2568 (1 ตุลาคม 2567 - 30 กันยายน 2568)</p>
<p>ประกาศ ณ วันที่ 1 ตุลาคม พ.ศ. 2567 ลงนามโดย นางศิริพร วงศ์ธรรมรักษ์ ผู้อำนวยการ</p>
<h2>กิจกรรมสร้างวัฒนธรรม No Gift ปีงบประมาณ พ.ศ. 2568</h2>
<table border="1">
<tr><th>วันที่</th><th>กิจกรรม</th></tr>
<tr><td>1 ตุลาคม 2567</td><td>ผู้บริหารและบุคลากรร่วมประกาศเจตนารมณ์</td></tr>
<tr><td>16 ธันวาคม 2567</td><td>ส่งหนังสือแจ้งนโยบาย No Gift ถึงผู้ประกอบการคู่สัญญา</td></tr>
</table>
${2:-}
</td></tr></table>
</body>
</html>
HTML
}

# ---- issue 11 case 7: 50,000 nested <object> crashed the recursive walk (no report at all)
site nested-object O21 no-gift/
mkdir -p "$WORK/nested-object/no-gift"
gen nested "$WORK/nested-object/no-gift/index.html" 50000 object
check_offline nested-object 60 1500
expect "50,000 nested <object>: a report, offline" eval 'no_crash && [ -s "$WORK/nested-object.json" ]'
expect "50,000 nested <object>: the link at the bottom is read (bottom.html is broken)" \
  report_has nested-object "http://www.hostile.go.th/no-gift/bottom.html"
nginx_start "$WORK/nested-object"
printf 'item,url\nO21,http://127.0.0.1:%s/no-gift/\n' "$NGINX_PORT" >"$WORK/nested-http.csv"
hostile_run 60 1500 "$OIT" check "http://127.0.0.1:$NGINX_PORT/" --itas "$WORK/nested-http.csv" --round 2568 \
  --as-of 2025-04-15 --no-external --format json -o "$WORK/nested-http.json"
expect "50,000 nested <object>: a report, over HTTP" eval 'no_crash && report_has nested-http "/no-gift/bottom.html"'
nginx_stop

# ---- issue 11 case 9: 200,000 and 1,000,000 links on an item page
site links200k O21 no-gift/
mkdir -p "$WORK/links200k/no-gift"
gen links "$WORK/links200k/no-gift/index.html" 200000
check_offline links200k 60 1200 --deadline 10
expect "200,000 links: bounded, the cut reported once with its count" \
  eval 'no_crash && report_has links200k "not checked (limit: 5000 links per page; 195000 more links on this page)"'
expect "200,000 links: the report stays small ($(size_kb links200k) KB)" eval '[ "$(size_kb links200k)" -lt 2048 ]'
expect "200,000 links: the item is not a pass" eval '[[ "$(item links200k O21)" != pass* ]]'

site links1m O21 no-gift/
mkdir -p "$WORK/links1m/no-gift"
gen links "$WORK/links1m/no-gift/index.html" 1000000
check_offline links1m 60 2500 --deadline 20
# 22 MB of links: gumbo's tree of it outgrows the page's budget (16 bytes per byte of page) before the
# links bound is reached, or on a busy machine the parse's time runs out first; whichever bound cuts, the
# cut is reported, bounded.
expect "1,000,000 links: bounded (${ELAPSED}s, ${RSS_MB} MB), the cut reported" \
  eval 'no_crash && { report_has links1m "not checked (limit: 5000 links per page; 995000 more links on this page)" ||
                      report_has links1m "not checked (limit: the page was not read: "; }'
expect "1,000,000 links: the report stays small ($(size_kb links1m) KB)" eval '[ "$(size_kb links1m)" -lt 2048 ]'

# ---- issue 11 case 9: a 13 KB PDF that keeps poppler busy for half a minute; --deadline covers it
site pdfbomb O21 no-gift/
mkdir -p "$WORK/pdfbomb/no-gift"
no_gift_page '<meta charset="utf-8">' '<p><a href="declaration.pdf">ประกาศ (PDF)</a></p>' >"$WORK/pdfbomb/no-gift/index.html"
gen pdfbomb "$WORK/pdfbomb/no-gift/declaration.pdf" 250000
check_offline pdfbomb 15 1200 --deadline 3
expect "13 KB PDF bomb: within --deadline 3 (${ELAPSED}s), its cut reported" \
  eval 'no_crash && report_has pdfbomb "not checked (limit: time: the check'"'"'s deadline came while the text was being read"'
expect "13 KB PDF bomb: the item warns, it does not pass silently" eval '[[ "$(item pdfbomb O21)" == *too-large* ]]'
check_offline pdfbomb 60 1500 --deadline 600
# (Under ASan the reader's memory bound comes first; in a release build, its 20 s.)
expect "13 KB PDF bomb: without a deadline, the document's own bounds stop it (${ELAPSED}s)" \
  eval 'no_crash && { report_has pdfbomb "not checked (limit: time: reading the text took over 20 s" ||
                      report_has pdfbomb "not checked (limit: memory: reading the text needed over 768 MB"; }'

# ---- issue 11 case 11: TIS-620 / Windows-874 pages read as the browser reads them
site nogift-utf8 O21 no-gift/
mkdir -p "$WORK/nogift-utf8/no-gift"
no_gift_page '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">' >"$WORK/nogift-utf8/no-gift/index.html"
check_offline nogift-utf8 30 800
expect "O21 page in UTF-8 passes (the reference)" eval '[[ "$(item nogift-utf8 O21)" == "pass " ]]'
for variant in meta-windows-874 http-equiv-tis-620 detected; do
  site "nogift-$variant" O21 no-gift/
  mkdir -p "$WORK/nogift-$variant/no-gift"
  case $variant in
    meta-windows-874) decl='<meta charset="windows-874">' ;;
    http-equiv-tis-620) decl='<meta http-equiv="Content-Type" content="text/html; charset=tis-620">' ;;
    detected) decl='' ;;
  esac
  no_gift_page "$decl" | iconv -f UTF-8 -t CP874 >"$WORK/nogift-$variant/no-gift/index.html"
  check_offline "nogift-$variant" 30 800
  expect "O21 page in CP874 ($variant): the same verdict as in UTF-8" eval '[[ "$(item nogift-$variant O21)" == "pass " ]]'
done
# Over HTTP, the charset in the Content-Type header only (the page itself declares nothing).
conf=$WORK/tis620.conf
echo 'location /no-gift/ { charset tis-620; }' >"$conf"
nginx_start "$WORK/nogift-detected" "$conf"
printf 'item,url\nO21,http://127.0.0.1:%s/no-gift/\n' "$NGINX_PORT" >"$WORK/nogift-http.csv"
hostile_run 30 800 "$OIT" check "http://127.0.0.1:$NGINX_PORT/" --itas "$WORK/nogift-http.csv" --round 2568 \
  --as-of 2025-04-15 --no-external --format json -o "$WORK/nogift-http.json"
expect "O21 page in TIS-620 over HTTP (Content-Type: text/html; charset=tis-620): passes" \
  eval 'curl -sI "http://127.0.0.1:$NGINX_PORT/no-gift/" | grep -qi "charset=tis-620" && [[ "$(item nogift-http O21)" == "pass " ]]'
nginx_stop

# ---- more hostile content
site afe O21 no-gift/
mkdir -p "$WORK/afe/no-gift"
gen afe "$WORK/afe/no-gift/index.html"
check_offline afe 60 1500
expect "parser bomb (1,000 unclosed <b id> re-opened by 20,000 paragraphs): stopped, item fails as unread" \
  eval 'no_crash && report_has afe "the page was not read: the page'"'"'s element tree needed more than" && [[ "$(item afe O21)" == fail* ]]'

site divs O21 no-gift/
mkdir -p "$WORK/divs/no-gift"
gen nested "$WORK/divs/no-gift/index.html" 50000 div
check_offline divs 60 1000
expect "50,000 nested <div> (quadratic in gumbo): bounded (${ELAPSED}s)" eval 'no_crash && [ -s "$WORK/divs.json" ]'

site tables O21 no-gift/
mkdir -p "$WORK/tables/no-gift"
gen tables "$WORK/tables/no-gift/index.html" 10000
check_offline tables 60 1000
expect "10,000 nested tables: bounded, the tables over the bound reported" \
  eval 'no_crash && report_has tables "2000 tables per page; 8000 more tables on this page"'

site attr O21 no-gift/
mkdir -p "$WORK/attr/no-gift"
gen attr "$WORK/attr/no-gift/index.html" 30000000
check_offline attr 60 1500
expect "one 30 MB attribute: read, no crash, report small" eval 'no_crash && [ -s "$WORK/attr.json" ] && [ "$(size_kb attr)" -lt 100 ]'

site href O21 no-gift/
mkdir -p "$WORK/href/no-gift"
gen href "$WORK/href/no-gift/index.html" 1048576
check_offline href 30 800
expect "an href of 1 MB: not a link, counted; the report does not carry it" \
  eval 'no_crash && report_has href "URLs of 16384 bytes; 1 longer links on this page" && [ "$(size_kb href)" -lt 100 ]'

site ids O21 ids/
mkdir -p "$WORK/ids/ids"
gen ids "$WORK/ids/ids/index.html" 100000
check_offline ids 60 1000
expect "100,000 ids: #i0 found, #i99999 beyond the ids read is not checked (limit), not called missing" \
  eval 'no_crash && report_has ids "not checked (limit: ids per page) #i99999" && ! report_has ids "#i0\"" && ! report_has ids "ไม่มีจุดหมาย #i99999"'

site fakepdf O21 no-gift/
mkdir -p "$WORK/fakepdf/no-gift"
no_gift_page '<meta charset="utf-8">' '<a href="declaration.pdf">PDF</a>' >"$WORK/fakepdf/no-gift/index.html"
echo '<!DOCTYPE html><html><body>404 Not Found</body></html>' >"$WORK/fakepdf/no-gift/declaration.pdf"
check_offline fakepdf 30 800
expect "a PDF that is really HTML: reported as not a PDF" eval 'no_crash && report_has fakepdf "ไม่ใช่ไฟล์ PDF"'

site cutpdf O21 no-gift/
mkdir -p "$WORK/cutpdf/no-gift"
no_gift_page '<meta charset="utf-8">' '<a href="declaration.pdf">PDF</a>' >"$WORK/cutpdf/no-gift/index.html"
gen pdfbomb "$WORK/cutpdf/no-gift/whole.pdf" 1000
head -c 700 "$WORK/cutpdf/no-gift/whole.pdf" >"$WORK/cutpdf/no-gift/declaration.pdf"
check_offline cutpdf 30 800
expect "a truncated PDF: no crash, a report" eval 'no_crash && [ -s "$WORK/cutpdf.json" ]'

hostile_done
