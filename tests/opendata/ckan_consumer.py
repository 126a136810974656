#!/usr/bin/env python3
"""A CKAN-style DCAT harvester run against a served site: what ckanext-dcat does before it imports anything.

usage: ckan_consumer.py SERVER_URL BASE_URL --datasets N

Reads SERVER_URL/catalog.jsonld and SERVER_URL/catalog.ttl over HTTP, picks the RDF parser from the
Content-Type as the harvester does (application/ld+json → JSON-LD, text/turtle → Turtle; anything else, such
as application/json or text/plain, is refused), parses both, takes each dcat:Dataset's IRI as the harvest key,
and fetches every distribution's downloadURL (BASE_URL rewritten to SERVER_URL): each must answer 200 with the
distribution's media type and its stated byte size. Exit 1 on any problem.
"""
import sys
import urllib.request

import rdflib
from rdflib import RDF, Namespace

DCAT = Namespace("http://www.w3.org/ns/dcat#")
PARSERS = {"application/ld+json": "json-ld", "text/turtle": "turtle"}

server, base = sys.argv[1], sys.argv[2]
want = int(sys.argv[sys.argv.index("--datasets") + 1])
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy
problems = []


def fetch(url):
    with opener.open(url, timeout=10) as r:
        return r.status, r.headers.get("Content-Type", ""), r.headers.get("Content-Length"), r.read()


keys = {}
for name, want_type in (("catalog.jsonld", "application/ld+json"), ("catalog.ttl", "text/turtle")):
    status, ctype, _, body = fetch(server + name)
    media = ctype.split(";")[0].strip().lower()
    if status != 200:
        problems.append(f"/{name}: HTTP {status}")
        continue
    if media != want_type:
        problems.append(f"/{name}: Content-Type {ctype!r}, a DCAT harvester needs {want_type}")
    parser = PARSERS.get(media)
    if not parser:
        problems.append(f"/{name}: a harvester has no RDF parser for {ctype!r}")
        continue
    g = rdflib.Graph().parse(data=body, format=parser, publicID=base)
    keys[name] = g
    print(f"/{name}: {ctype}, {len(g)} triples, {len(list(g.subjects(RDF.type, DCAT.Dataset)))} datasets")

if len(keys) == 2:
    a, b = (set(g.subjects(RDF.type, DCAT.Dataset)) for g in keys.values())
    if a != b:
        problems.append("the two catalogues name different datasets")
    if len(a) != want:
        problems.append(f"harvested {len(a)} datasets, expected {want}")
    g = keys["catalog.jsonld"]
    for d in sorted(a):
        if not str(d).startswith(base):
            problems.append(f"harvest key {d} is not an absolute IRI of the site")
        for dist in g.objects(d, DCAT.distribution):
            url = str(next(g.objects(dist, DCAT.downloadURL)))
            media = str(next(g.objects(dist, DCAT.mediaType))).split("/media-types/")[-1]
            size = int(next(g.objects(dist, DCAT.byteSize)))
            status, ctype, length, body = fetch(server + url[len(base):])
            if status != 200 or ctype.split(";")[0].strip() != media or len(body) != size:
                problems.append(f"{url}: HTTP {status}, {ctype!r}, {len(body)} bytes; the catalogue says {media}, {size} bytes")

for p in problems:
    print("FAIL", p)
print(f"CKAN-style harvest over HTTP: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
