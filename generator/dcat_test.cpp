#include "generator/dcat.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace oit;

namespace {
DcatCatalog sample() {
  DcatCatalog c;
  c.iri = "https://www.example.go.th/opendata/#catalog";
  c.title = "ชุดข้อมูลเปิด สำนักงานตัวอย่าง";
  c.homepage = "https://www.example.go.th/";
  c.modified = "2025-04-08";
  c.publisher_iri = "https://www.example.go.th/opendata/#publisher";
  c.publisher_name = "สำนักงานตัวอย่าง";
  DcatDataset d;
  d.iri = "https://www.example.go.th/opendata/procurement/#dataset";
  d.identifier = "procurement";
  d.title = "รายการจัดซื้อจัดจ้าง \"O12\"";
  d.description = "บรรทัดแรก\nบรรทัดสอง \\ จบ";
  d.keywords = {"จัดซื้อจัดจ้าง", "O12"};
  d.issued = "2024-11-08";
  d.modified = "2025-04-08";
  d.license = "https://creativecommons.org/licenses/by/4.0/";
  d.accrual_periodicity = accrual_periodicity_iri("เดือน");
  d.landing_page = "https://www.example.go.th/opendata/procurement/";
  d.contact_iri = d.landing_page + "#contact";
  d.contact_name = "งานพัสดุ";
  d.contact_email = "saraban@example.go.th";
  d.temporal_iri = d.landing_page + "#period";
  d.temporal_start = "2024-10-01";
  d.temporal_end = "2025-03-31";
  d.distributions = {{d.landing_page + "#csv", "ไฟล์ CSV", "CSV", "text/csv", d.landing_page + "procurement.csv", 1234},
                     {d.landing_page + "#json", "ไฟล์ JSON", "JSON", "application/json", d.landing_page + "procurement.json", 99}};
  c.datasets.push_back(d);
  return c;
}
}  // namespace

TEST_CASE("dcat: the catalogue's triples, with absolute IRIs and Thai literals") {
  auto t = catalog_triples(sample());
  auto count = [&](std::string_view p) {
    int n = 0;
    for (const auto& x : t) n += x.predicate == p;
    return n;
  };
  CHECK(count("dcat:dataset") == 1);
  CHECK(count("dcat:distribution") == 2);
  CHECK(count("dcat:keyword") == 2);
  CHECK(count("dcat:startDate") == 1);
  for (const auto& x : t) {
    CHECK(x.subject.rfind("https://", 0) == 0);
    if (x.predicate == "dct:title") CHECK(x.object.language == "th");
    if (x.predicate == "dct:issued") CHECK(x.object.datatype == "xsd:date");
  }
  CHECK(accrual_periodicity_iri("เดือน") == "http://publications.europa.eu/resource/authority/frequency/MONTHLY");
  CHECK(accrual_periodicity_iri("ครึ่งปี") == "http://publications.europa.eu/resource/authority/frequency/ANNUAL_2");
}

TEST_CASE("dcat: JSON-LD has one node per subject; literals keep language and datatype") {
  auto j = nlohmann::json::parse(to_jsonld(catalog_triples(sample())));
  CHECK(j["@context"]["dcat"] == "http://www.w3.org/ns/dcat#");
  auto& g = j["@graph"];
  REQUIRE(g.is_array());
  CHECK(g[0]["@id"] == "https://www.example.go.th/opendata/#catalog");
  CHECK(g[0]["@type"] == "dcat:Catalog");
  CHECK(g[0]["dct:title"]["@language"] == "th");
  const nlohmann::json* dataset = nullptr;
  for (const auto& n : g)
    if (n["@id"] == "https://www.example.go.th/opendata/procurement/#dataset") dataset = &n;
  REQUIRE(dataset);
  CHECK((*dataset)["dct:issued"] == nlohmann::json({{"@value", "2024-11-08"}, {"@type", "xsd:date"}}));
  CHECK((*dataset)["dcat:keyword"].size() == 2);
  CHECK((*dataset)["dct:title"]["@value"] == "รายการจัดซื้อจัดจ้าง \"O12\"");
  CHECK((*dataset)["dcat:distribution"].size() == 2);
}

TEST_CASE("dcat: Turtle escapes strings and IRIs") {
  std::string ttl = to_turtle(catalog_triples(sample()));
  CHECK(ttl.find("@prefix dcat: <http://www.w3.org/ns/dcat#> .") != std::string::npos);
  CHECK(ttl.find("<https://www.example.go.th/opendata/#catalog>\n    a dcat:Catalog ;") !=
        std::string::npos);
  CHECK(ttl.find("dct:title \"รายการจัดซื้อจัดจ้าง \\\"O12\\\"\"@th") != std::string::npos);
  CHECK(ttl.find("\"บรรทัดแรก\\nบรรทัดสอง \\\\ จบ\"@th") != std::string::npos);
  CHECK(ttl.find("dct:issued \"2024-11-08\"^^xsd:date") != std::string::npos);
  CHECK(ttl.find("dcat:keyword \"จัดซื้อจัดจ้าง\"@th,\n        \"O12\"@th") != std::string::npos);
  CHECK(ttl.find("dcat:byteSize \"1234\"^^xsd:nonNegativeInteger") != std::string::npos);
  CHECK(safe_iri("https://x/a b<c>\"") == "https://x/a%20b%3Cc%3E%22");
}
