#!/usr/bin/env bash
# The example agency's open data parses, validates and round-trips:
#  - /catalog.jsonld and /catalog.ttl parse with a real RDF parser (python3-rdflib) into the same triples,
#    every dataset's CSV, JSON and XLSX hold the same rows, GD-Catalog JSON has the 14 fields, no personal ID
#    number is left in any open-data file (tests/opendata/check_opendata.py);
#  - the OCDS release package validates against the OCDS 1.1 release-package schema with ajv + ajv-draft-04;
#  - two builds give byte-identical open data;
#  - a CKAN-style harvester reads the catalogue over HTTP from a real nginx on 127.0.0.1 and gets
#    application/ld+json and text/turtle (and is refused what nginx serves without the two types).
#   usage: opendata_example.sh OIT_BINARY REPO_ROOT
set -u
oit=$1 repo=$2
work=$(mktemp -d)
source "$repo/tests/lib/nginx.sh"
trap 'nginx_stop; rm -rf "$work"' EXIT
fail() { echo "FAIL $*"; exit 1; }

# Debian's python3 has rdflib; a python3 earlier on PATH (pyenv) may not.
py=""
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import rdflib' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || fail "python3-rdflib is not installed (apt-get install python3-rdflib)"

"$oit" build --source "$repo" --out "$work/public" >"$work/out" 2>"$work/err" || { cat "$work/err"; fail "the example does not build"; }
[ -s "$work/err" ] && { cat "$work/err"; fail "the example must build with zero warnings"; }
for f in catalog.jsonld catalog.ttl opendata/index.html opendata/ocds/procurement-monthly-2568.json; do
  [ -f "$work/public/$f" ] || fail "/$f was not published"
done
grep -q '<link rel="alternate" type="application/ld+json" title="[^"]*" href="https://www.example.go.th/catalog.jsonld">' \
  "$work/public/index.html" || fail "the home page does not advertise the catalogue with <link rel=\"alternate\">"
# People and crawlers find it too: a footer link on every page, the HTML site map, sitemap.xml (landing pages too).
for page in index.html contact/index.html sitemap/index.html; do
  grep -q '<a href="/opendata/">ชุดข้อมูลเปิด (Open Data)</a>' "$work/public/$page" || fail "/$page does not link /opendata/"
done
for loc in opendata/ opendata/procurement-monthly-2568/ search/; do
  grep -q "<loc>https://www.example.go.th/$loc</loc>" "$work/public/sitemap.xml" || fail "sitemap.xml does not list /$loc"
done

# The sole trader's ID (content/procurement/monthly-2568/procurement-2568.csv) must be masked everywhere.
"$py" "$repo/tests/opendata/check_opendata.py" "$work/public" --base https://www.example.go.th/ --datasets 4 \
  --personal-id 3-1020-01234-56-6 || fail "open data check"
grep -q 'X-XXXX-XXXXX-XX-X' "$work/public/opendata/procurement-monthly-2568/procurement-monthly-2568.csv" ||
  fail "the sole trader's ID is not shown masked in the procurement CSV"

node "$repo/tests/opendata/validate_ocds.js" "$repo/tests/fixtures/opendata-ocds/release-package-schema.json" \
  "$work/public/opendata/ocds/procurement-monthly-2568.json" || fail "OCDS release package"

"$oit" build --source "$repo" --out "$work/again" >/dev/null 2>&1 || fail "second build"
for f in catalog.jsonld catalog.ttl opendata; do
  diff -r "$work/public/$f" "$work/again/$f" >/dev/null || fail "two builds give different /$f"
done

nginx_start "$work/public" "$repo/tests/opendata/nginx-catalog.conf" || fail "nginx did not start"
"$py" "$repo/tests/opendata/ckan_consumer.py" "http://127.0.0.1:$NGINX_PORT/" https://www.example.go.th/ --datasets 4 ||
  fail "CKAN-style harvest over HTTP"
nginx_stop
# Without the two types nginx serves the catalogue as application/octet-stream, which a harvester refuses.
nginx_start "$work/public" || fail "nginx did not start"
"$py" "$repo/tests/opendata/ckan_consumer.py" "http://127.0.0.1:$NGINX_PORT/" https://www.example.go.th/ --datasets 4 \
  >"$work/refused" 2>&1 && fail "the harvester accepted a catalogue served without its Content-Type"
grep -q "a DCAT harvester needs application/ld+json" "$work/refused" || { cat "$work/refused"; fail "wrong refusal"; }
echo "open data of the example: ok"
