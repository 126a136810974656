// The site's DCAT catalogue, which CKAN's DCAT harvester (ckanext-dcat) reads: /catalog.jsonld and
// /catalog.ttl hold the same triples, written from one list so they cannot drift apart. Every node has a
// stable absolute IRI (no blank nodes), dates are Gregorian ISO xsd:date, Thai text is tagged "th".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace oit {

struct DcatDistribution {
  std::string iri;            // "https://…/opendata/<id>/#csv"
  std::string title;          // Thai
  std::string format;         // "CSV"
  std::string media_type;     // "text/csv" (written as its IANA IRI)
  std::string download_url;
  std::uintmax_t byte_size = 0;
};

struct DcatDataset {
  std::string iri, identifier, title, description;  // title and description are Thai
  std::vector<std::string> keywords;                 // Thai
  std::string issued, modified;                      // ISO dates
  std::string license;                               // IRI
  std::string accrual_periodicity;                   // IRI (accrual_periodicity_iri)
  std::string landing_page;
  std::string contact_iri, contact_name, contact_email, contact_phone;
  std::string temporal_iri, temporal_start, temporal_end;  // ISO dates; no period when both are empty
  std::vector<DcatDistribution> distributions;
};

struct DcatCatalog {
  std::string iri, title, description, homepage, modified;  // modified: ISO date, may be empty
  std::string publisher_iri, publisher_name;
  std::vector<DcatDataset> datasets;
};

// An RDF statement: subject IRI, predicate as a prefixed name ("dct:title", "rdf:type"), object.
struct RdfObject {
  enum class Kind { Iri, Literal } kind = Kind::Literal;
  std::string value;
  std::string language;  // "th" for Thai text
  std::string datatype;  // prefixed name ("xsd:date"), or empty
};
struct Triple {
  std::string subject, predicate;
  RdfObject object;
};

std::vector<Triple> catalog_triples(const DcatCatalog& catalog);
// JSON-LD: a @context of prefixes and a @graph of one node object per subject, in order of first appearance.
std::string to_jsonld(const std::vector<Triple>& triples);
// Turtle with the same prefixes, one block per subject.
std::string to_turtle(const std::vector<Triple>& triples);

// The EU frequency authority IRI for a GD-Catalog update_frequency_unit ("เดือน" → …/frequency/MONTHLY).
std::string accrual_periodicity_iri(std::string_view update_frequency_unit);

// An IRI made safe for Turtle's <…> and JSON-LD alike: spaces, <>"{}|^`\ and control characters are
// percent-encoded.
std::string safe_iri(std::string_view iri);

}  // namespace oit
