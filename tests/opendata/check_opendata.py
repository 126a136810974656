#!/usr/bin/env python3
"""Checks the open data of a built oit site, as a harvester and a data user would see it.

usage: check_opendata.py PUBLIC_DIR --base URL --datasets N [--personal-id ID ...]

- /catalog.jsonld (JSON-LD) and /catalog.ttl (Turtle) parse with rdflib into the same triples; every dataset
  has a stable absolute IRI, Gregorian ISO xsd:date dates, Thai-tagged title and description, and the
  properties of the minimal DCAT shape; every distribution's file exists with the stated byte size.
- each dataset's CSV (UTF-8 BOM, CRLF), JSON and XLSX (read with zipfile + XML) hold the same rows.
- each GD-Catalog JSON has the 14 required fields with allowed values.
- no personal ID number (a 13-digit number not starting with 0, or any ID given) appears in any open-data file.
Prints every problem and exits 1 when there is one. Needs python3-rdflib (Debian).
"""
import csv
import datetime
import io
import json
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

import rdflib
from rdflib import RDF, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, XSD

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

args = sys.argv[1:]
public = args[0]
base = args[args.index("--base") + 1]
want_datasets = int(args[args.index("--datasets") + 1])
personal_ids = [args[i + 1] for i, a in enumerate(args) if a == "--personal-id"]
problems = []


def problem(msg):
    problems.append(msg)


def local_path(url):
    """The file of the built site an absolute URL of the site names."""
    if not url.startswith(base):
        problem(f"{url} is not under the site's base URL {base}")
        return None
    return os.path.join(public, url[len(base):])


# ---- DCAT: the same triples in both serialisations ----
g_ld = rdflib.Graph().parse(os.path.join(public, "catalog.jsonld"), format="json-ld")
g_ttl = rdflib.Graph().parse(os.path.join(public, "catalog.ttl"), format="turtle")
if len(g_ld) == 0:
    problem("catalog.jsonld has no triples")
if set(g_ld) != set(g_ttl):
    problem(f"catalog.jsonld ({len(g_ld)} triples) and catalog.ttl ({len(g_ttl)} triples) differ")
    for t in sorted(set(g_ld) ^ set(g_ttl))[:10]:
        problem(f"  only in one: {t}")
for s, p, o in g_ld:
    for term in (s, o):
        if isinstance(term, rdflib.BNode):
            problem(f"blank node in the catalogue ({s} {p} {o}): every node needs a stable IRI")

g = g_ld
catalogs = list(g.subjects(RDF.type, DCAT.Catalog))
if len(catalogs) != 1:
    problem(f"expected one dcat:Catalog, found {len(catalogs)}")
else:
    cat = catalogs[0]
    titles = list(g.objects(cat, DCTERMS.title))
    if not titles or any(t.language != "th" for t in titles):
        problem("the catalogue's dct:title is missing or not tagged th")
    pubs = list(g.objects(cat, DCTERMS.publisher))
    if len(pubs) != 1 or (pubs[0], RDF.type, FOAF.Organization) not in g or not list(g.objects(pubs[0], FOAF.name)):
        problem("the catalogue's dct:publisher is not a foaf:Organization with a foaf:name")

datasets = list(g.subjects(RDF.type, DCAT.Dataset))
if len(datasets) != want_datasets:
    problem(f"expected {want_datasets} datasets in the catalogue, found {len(datasets)}")
if catalogs and set(g.objects(catalogs[0], DCAT.dataset)) != set(datasets):
    problem("the catalogue's dcat:dataset list is not the set of datasets")

iso_date = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def one(s, p, what):
    vals = list(g.objects(s, p))
    if len(vals) != 1:
        problem(f"{s}: expected one {what}, found {len(vals)}")
        return None
    return vals[0]


ids = []
for d in datasets:
    ident = one(d, DCTERMS.identifier, "dct:identifier")
    if ident is None:
        continue
    ids.append(str(ident))
    if str(d) != f"{base}opendata/{ident}/#dataset":
        problem(f"dataset IRI {d} is not {base}opendata/{ident}/#dataset")
    for p, what in ((DCTERMS.title, "dct:title"), (DCTERMS.description, "dct:description")):
        v = one(d, p, what)
        if v is not None and (not isinstance(v, Literal) or v.language != "th" or not str(v).strip()):
            problem(f"{ident}: {what} is not a Thai-tagged literal")
    for p, what in ((DCTERMS.issued, "dct:issued"), (DCTERMS.modified, "dct:modified")):
        v = one(d, p, what)
        if v is not None and (v.datatype != XSD.date or not iso_date.match(str(v)) or int(str(v)[:4]) > 2200):
            problem(f"{ident}: {what} {v!r} is not a Gregorian ISO xsd:date")
    for p, what in ((DCTERMS.license, "dct:license"), (DCTERMS.accrualPeriodicity, "dct:accrualPeriodicity"),
                    (DCAT.landingPage, "dcat:landingPage"), (DCTERMS.publisher, "dct:publisher")):
        v = one(d, p, what)
        if v is not None and not isinstance(v, URIRef):
            problem(f"{ident}: {what} is not an IRI")
    landing = one(d, DCAT.landingPage, "dcat:landingPage")
    if landing is not None:
        path = local_path(str(landing))
        if path and not os.path.isfile(os.path.join(path, "index.html")):
            problem(f"{ident}: landing page {landing} has no index.html in the build")
    contact = one(d, DCAT.contactPoint, "dcat:contactPoint")
    if contact is not None:
        emails = [str(e) for e in g.objects(contact, VCARD.hasEmail)]
        if not emails or not emails[0].startswith("mailto:") or not list(g.objects(contact, VCARD.fn)):
            problem(f"{ident}: contact point has no vcard:fn and mailto: vcard:hasEmail")
    temporal = list(g.objects(d, DCTERMS.temporal))
    for t in temporal:
        for p in (DCAT.startDate, DCAT.endDate):
            for v in g.objects(t, p):
                if v.datatype != XSD.date:
                    problem(f"{ident}: period {p} {v!r} is not an xsd:date")
    dists = list(g.objects(d, DCAT.distribution))
    formats = set()
    for dist in dists:
        fmt = one(dist, DCTERMS.format, "dct:format")
        formats.add(str(fmt))
        one(dist, DCAT.mediaType, "dcat:mediaType")
        url = one(dist, DCAT.downloadURL, "dcat:downloadURL")
        if url is None:
            continue
        path = local_path(str(url))
        if not path or not os.path.isfile(path):
            problem(f"{ident}: download {url} is not a file of the build")
            continue
        size = one(dist, DCAT.byteSize, "dcat:byteSize")
        if size is not None and int(size) != os.path.getsize(path):
            problem(f"{ident}: {url} is {os.path.getsize(path)} bytes, the catalogue says {size}")
    for f in ("CSV", "JSON", "XLSX"):
        if f not in formats:
            problem(f"{ident}: no {f} distribution")

on_disk = sorted(e for e in os.listdir(os.path.join(public, "opendata")) if os.path.isdir(os.path.join(public, "opendata", e)) and e != "ocds")
if sorted(ids) != on_disk:
    problem(f"catalogue datasets {sorted(ids)} are not the folders under /opendata/ {on_disk}")

# ---- every dataset: CSV, JSON and XLSX hold the same rows ----
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def read_xlsx(path):
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
        rows = []
        for row in sheet.find("m:sheetData", NS).findall("m:row", NS):
            r = int(row.get("r")) - 1
            while len(rows) <= r:
                rows.append({})
            for c in row.findall("m:c", NS):
                v = c.find("m:v", NS)
                kind = c.get("t")
                if kind == "s":
                    val = ("s", shared[int(v.text)])
                elif kind == "inlineStr":
                    val = ("s", "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"])))
                elif v is not None:
                    val = ("n", float(v.text))
                else:
                    continue
                rows[r][col_index(c.get("r"))] = val
        return rows


def same_number(text, number):
    try:
        return float(text) == float(number)
    except ValueError:
        return False


excel_epoch = datetime.date(1899, 12, 30)
for ident in ids:
    folder = os.path.join(public, "opendata", ident)
    raw = open(os.path.join(folder, ident + ".csv"), "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        problem(f"{ident}.csv has no UTF-8 BOM")
    if raw.count(b"\n") != raw.count(b"\r\n") or not raw.endswith(b"\r\n"):
        problem(f"{ident}.csv does not end every line with CRLF")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, rows = table[0], table[1:]
    records = json.load(open(os.path.join(folder, ident + ".json"), encoding="utf-8"))
    xlsx = read_xlsx(os.path.join(folder, ident + ".xlsx"))
    if len(records) != len(rows):
        problem(f"{ident}: CSV has {len(rows)} rows, JSON {len(records)}")
    if len(xlsx) != len(rows) + 1:
        problem(f"{ident}: CSV has {len(rows)} rows, XLSX {len(xlsx) - 1}")
    if [xlsx[0].get(i, ("s", ""))[1] for i in range(len(header))] != header if xlsx else True:
        problem(f"{ident}: the XLSX header differs from the CSV header")
    for n, row in enumerate(rows):
        rec = records[n] if n < len(records) else {}
        if list(rec.keys()) != header:
            problem(f"{ident}: JSON record {n + 1} keys differ from the CSV header")
        xrow = xlsx[n + 1] if n + 1 < len(xlsx) else {}
        for c, name in enumerate(header):
            cell = row[c]
            jv = rec.get(name)
            ok = (jv is None and cell == "") or (isinstance(jv, str) and jv == cell) or \
                 (isinstance(jv, (int, float)) and not isinstance(jv, bool) and same_number(cell, jv))
            if not ok:
                problem(f"{ident}: row {n + 1} `{name}`: CSV {cell!r}, JSON {jv!r}")
            xv = xrow.get(c)
            if xv is None:
                ok = cell == ""
            elif xv[0] == "s":
                ok = xv[1] == cell
            elif iso_date.match(cell):
                ok = str(excel_epoch + datetime.timedelta(days=xv[1])) == cell
            else:
                ok = same_number(cell, xv[1])
            if not ok:
                problem(f"{ident}: row {n + 1} `{name}`: CSV {cell!r}, XLSX {xv!r}")
            if isinstance(jv, str) and re.search(r"\d{1,3},\d{3}|[๐-๙]", jv) and re.fullmatch(r"[\d,.๐-๙-]+", jv):
                problem(f"{ident}: row {n + 1} `{name}`: {jv!r} is a number not written in plain digits")

    # ---- GD-Catalog: the 14 required fields with allowed values ----
    gd = json.load(open(os.path.join(folder, ident + ".gdcatalog.json"), encoding="utf-8"))
    allowed = {
        "data_type": ["ข้อมูลระเบียน", "ข้อมูลสถิติ", "ข้อมูลภูมิสารสนเทศเชิงพื้นที่", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ"],
        "update_frequency_unit": ["ไม่ทราบ", "ปี", "ครึ่งปี", "ไตรมาส", "เดือน", "สัปดาห์", "วัน", "วันทำการ", "ชั่วโมง", "นาที",
                                  "ตามเวลาจริง", "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล", "อื่นๆ"],
        "geo_coverage": ["ไม่มี", "โลก", "ทวีป/กลุ่มประเทศในทวีป", "กลุ่มประเทศทางเศรษฐกิจ", "ประเทศ", "ภาค", "จังหวัด", "อำเภอ",
                         "ตำบล", "หมู่บ้าน", "เทศบาล/อบต.", "พิกัด", "ไม่ทราบ", "อื่นๆ"],
        "data_category": ["ข้อมูลสาธารณะ", "ข้อมูลใช้ภายใน", "ข้อมูลส่วนบุคคล", "ข้อมูลความมั่นคง", "ข้อมูลความลับทางราชการ"],
        "license_id": ["Open Data Common", "Creative Commons Attributions", "Creative Commons Attribution Non-Commercial",
                       "Creative Commons Attribution Share-Alike", "Creative Commons Attribution Non-Commercial Share-Alike",
                       "Creative Commons Attribution Non-Commercial No-Derivs", "Creative Commons Attribution No-Derivs", "อื่นๆ"],
    }
    for field in ("data_type", "title", "owner_org", "maintainer", "maintainer_email", "notes", "tag_string", "objective",
                  "update_frequency_unit", "geo_coverage", "data_source", "data_format", "data_category", "license_id"):
        if not gd.get(field):
            problem(f"{ident}.gdcatalog.json: required field `{field}` is missing or empty")
        elif field in allowed and gd[field] not in allowed[field]:
            problem(f"{ident}.gdcatalog.json: `{field}` {gd[field]!r} is not a GD-Catalog value")
    if gd.get("name") != ident:
        problem(f"{ident}.gdcatalog.json: name {gd.get('name')!r} is not the dataset id")

# ---- no personal ID number in any open-data file ----
personal = re.compile(r"(?<![\d๐-๙])(?:[1-9๑-๙][\d๐-๙]{12}|[1-9๑-๙][- ][\d๐-๙]{4}[- ][\d๐-๙]{5}[- ][\d๐-๙]{2}[- ][\d๐-๙])(?![\d๐-๙])")
files = [os.path.join(public, f) for f in ("catalog.jsonld", "catalog.ttl")]
for root, _, names in os.walk(os.path.join(public, "opendata")):
    files += [os.path.join(root, n) for n in names]
for path in files:
    texts = []
    if path.endswith(".xlsx"):
        with zipfile.ZipFile(path) as z:
            texts = [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
    else:
        texts = [open(path, encoding="utf-8-sig").read()]
    for text in texts:
        for m in personal.finditer(text):
            problem(f"{os.path.relpath(path, public)}: personal ID number {m.group(0)} is not masked")
        for pid in personal_ids:
            if pid in text or pid.replace("-", "") in text:
                problem(f"{os.path.relpath(path, public)}: contains the personal ID {pid}")

for p in problems:
    print("FAIL", p)
print(f"checked {len(ids)} datasets, {len(g_ld)} catalogue triples: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
