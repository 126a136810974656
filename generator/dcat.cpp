#include "generator/dcat.h"

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

namespace oit {

namespace {

constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
    {"dcat", "http://www.w3.org/ns/dcat#"},          {"dct", "http://purl.org/dc/terms/"},
    {"foaf", "http://xmlns.com/foaf/0.1/"},          {"vcard", "http://www.w3.org/2006/vcard/ns#"},
    {"xsd", "http://www.w3.org/2001/XMLSchema#"},    {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
};

RdfObject iri(std::string v) { return {RdfObject::Kind::Iri, safe_iri(v), "", ""}; }
RdfObject thai(std::string v) { return {RdfObject::Kind::Literal, std::move(v), "th", ""}; }
RdfObject plain(std::string v) { return {RdfObject::Kind::Literal, std::move(v), "", ""}; }
RdfObject typed(std::string v, std::string type) { return {RdfObject::Kind::Literal, std::move(v), "", std::move(type)}; }

// Groups triples by subject, keeping the order subjects first appear in.
std::vector<std::pair<std::string, std::vector<const Triple*>>> by_subject(const std::vector<Triple>& triples) {
  std::vector<std::pair<std::string, std::vector<const Triple*>>> out;
  std::map<std::string, size_t> index;
  for (const auto& t : triples) {
    auto [it, fresh] = index.emplace(t.subject, out.size());
    if (fresh) out.push_back({t.subject, {}});
    out[it->second].second.push_back(&t);
  }
  return out;
}

std::string turtle_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string turtle_object(const RdfObject& o, bool is_class) {
  if (o.kind == RdfObject::Kind::Iri) {
    if (is_class)  // classes are plain words in one of the prefixes' namespaces: write "dcat:Dataset"
      for (auto [prefix, ns] : kPrefixes)
        if (o.value.rfind(ns, 0) == 0) return std::string(prefix) + ":" + o.value.substr(ns.size());
    return "<" + o.value + ">";
  }
  std::string s = turtle_string(o.value);
  if (!o.language.empty()) return s + "@" + o.language;
  if (!o.datatype.empty()) return s + "^^" + o.datatype;
  return s;
}

}  // namespace

std::string safe_iri(std::string_view iri) {
  std::string out;
  for (char ch : iri) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f || std::string_view("<>\"{}|^`\\").find(ch) != std::string_view::npos) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out;
}

std::string accrual_periodicity_iri(std::string_view unit) {
  static const std::map<std::string_view, std::string_view> codes = {
      {"ปี", "ANNUAL"},       {"ครึ่งปี", "ANNUAL_2"},   {"ไตรมาส", "QUARTERLY"},   {"เดือน", "MONTHLY"},
      {"สัปดาห์", "WEEKLY"},   {"วัน", "DAILY"},         {"วันทำการ", "DAILY"},     {"ชั่วโมง", "HOURLY"},
      {"นาที", "1MIN"},        {"ตามเวลาจริง", "UPDATE_CONT"}, {"ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล", "NEVER"},
      {"ไม่ทราบ", "UNKNOWN"}, {"อื่นๆ", "OTHER"},
  };
  auto it = codes.find(unit);
  return "http://publications.europa.eu/resource/authority/frequency/" +
         std::string(it == codes.end() ? "UNKNOWN" : it->second);
}

std::vector<Triple> catalog_triples(const DcatCatalog& c) {
  std::vector<Triple> t;
  auto add = [&](const std::string& s, std::string p, RdfObject o) { t.push_back({safe_iri(s), std::move(p), std::move(o)}); };
  const std::string thai_language = "http://id.loc.gov/vocabulary/iso639-1/th";

  add(c.iri, "rdf:type", iri("http://www.w3.org/ns/dcat#Catalog"));
  add(c.iri, "dct:title", thai(c.title));
  if (!c.description.empty()) add(c.iri, "dct:description", thai(c.description));
  add(c.iri, "dct:publisher", iri(c.publisher_iri));
  add(c.iri, "foaf:homepage", iri(c.homepage));
  add(c.iri, "dct:language", iri(thai_language));
  if (!c.modified.empty()) add(c.iri, "dct:modified", typed(c.modified, "xsd:date"));
  for (const auto& d : c.datasets) add(c.iri, "dcat:dataset", iri(d.iri));

  add(c.publisher_iri, "rdf:type", iri("http://xmlns.com/foaf/0.1/Organization"));
  add(c.publisher_iri, "foaf:name", thai(c.publisher_name));

  for (const auto& d : c.datasets) {
    add(d.iri, "rdf:type", iri("http://www.w3.org/ns/dcat#Dataset"));
    add(d.iri, "dct:identifier", plain(d.identifier));
    add(d.iri, "dct:title", thai(d.title));
    add(d.iri, "dct:description", thai(d.description));
    for (const auto& k : d.keywords) add(d.iri, "dcat:keyword", thai(k));
    add(d.iri, "dct:issued", typed(d.issued, "xsd:date"));
    add(d.iri, "dct:modified", typed(d.modified, "xsd:date"));
    add(d.iri, "dct:publisher", iri(c.publisher_iri));
    add(d.iri, "dct:license", iri(d.license));
    add(d.iri, "dct:accrualPeriodicity", iri(d.accrual_periodicity));
    add(d.iri, "dct:language", iri(thai_language));
    add(d.iri, "dcat:landingPage", iri(d.landing_page));
    add(d.iri, "dcat:contactPoint", iri(d.contact_iri));
    if (!d.temporal_start.empty() || !d.temporal_end.empty()) add(d.iri, "dct:temporal", iri(d.temporal_iri));
    for (const auto& dist : d.distributions) add(d.iri, "dcat:distribution", iri(dist.iri));

    add(d.contact_iri, "rdf:type", iri("http://www.w3.org/2006/vcard/ns#Organization"));
    add(d.contact_iri, "vcard:fn", thai(d.contact_name));
    if (!d.contact_email.empty()) add(d.contact_iri, "vcard:hasEmail", iri("mailto:" + d.contact_email));
    if (!d.contact_phone.empty()) add(d.contact_iri, "vcard:hasTelephone", plain(d.contact_phone));

    if (!d.temporal_start.empty() || !d.temporal_end.empty()) {
      add(d.temporal_iri, "rdf:type", iri("http://purl.org/dc/terms/PeriodOfTime"));
      if (!d.temporal_start.empty()) add(d.temporal_iri, "dcat:startDate", typed(d.temporal_start, "xsd:date"));
      if (!d.temporal_end.empty()) add(d.temporal_iri, "dcat:endDate", typed(d.temporal_end, "xsd:date"));
    }
    for (const auto& dist : d.distributions) {
      add(dist.iri, "rdf:type", iri("http://www.w3.org/ns/dcat#Distribution"));
      add(dist.iri, "dct:title", thai(dist.title));
      add(dist.iri, "dct:format", plain(dist.format));
      add(dist.iri, "dcat:mediaType", iri("https://www.iana.org/assignments/media-types/" + dist.media_type));
      add(dist.iri, "dcat:downloadURL", iri(dist.download_url));
      add(dist.iri, "dcat:accessURL", iri(dist.download_url));
      add(dist.iri, "dct:license", iri(d.license));
      add(dist.iri, "dct:modified", typed(d.modified, "xsd:date"));
      add(dist.iri, "dcat:byteSize", typed(std::to_string(dist.byte_size), "xsd:nonNegativeInteger"));
    }
  }
  return t;
}

std::string to_jsonld(const std::vector<Triple>& triples) {
  using oj = nlohmann::ordered_json;
  oj context = oj::object();
  for (auto [prefix, ns] : kPrefixes)
    if (prefix != "rdf") context[std::string(prefix)] = ns;
  oj graph = oj::array();
  for (const auto& [subject, ts] : by_subject(triples)) {
    oj node = {{"@id", subject}};
    for (const Triple* t : ts) {
      oj value;
      if (t->predicate == "rdf:type") {
        // @type takes compact IRIs: the class's namespace is one of the prefixes.
        std::string type = t->object.value;
        for (auto [prefix, ns] : kPrefixes)
          if (type.rfind(ns, 0) == 0) type = std::string(prefix) + ":" + type.substr(ns.size());
        value = type;
      } else if (t->object.kind == RdfObject::Kind::Iri) {
        value = {{"@id", t->object.value}};
      } else if (!t->object.language.empty()) {
        value = {{"@value", t->object.value}, {"@language", t->object.language}};
      } else if (!t->object.datatype.empty()) {
        value = {{"@value", t->object.value}, {"@type", t->object.datatype}};
      } else {
        value = t->object.value;
      }
      std::string key = t->predicate == "rdf:type" ? "@type" : t->predicate;
      if (!node.contains(key)) node[key] = std::move(value);
      else if (node[key].is_array()) node[key].push_back(std::move(value));
      else node[key] = oj::array({node[key], std::move(value)});
    }
    graph.push_back(std::move(node));
  }
  return oj{{"@context", context}, {"@graph", graph}}.dump(2) + "\n";
}

std::string to_turtle(const std::vector<Triple>& triples) {
  std::string out;
  for (auto [prefix, ns] : kPrefixes) out += "@prefix " + std::string(prefix) + ": <" + std::string(ns) + "> .\n";
  for (const auto& [subject, ts] : by_subject(triples)) {
    out += "\n<" + subject + ">";
    for (size_t i = 0; i < ts.size(); ++i) {
      const Triple* t = ts[i];
      bool same_predicate = i > 0 && ts[i - 1]->predicate == t->predicate;
      if (same_predicate) {
        out += ",\n        " + turtle_object(t->object, t->predicate == "rdf:type");
      } else {
        out += std::string(i == 0 ? "\n" : " ;\n") + "    " + (t->predicate == "rdf:type" ? "a" : t->predicate) + " " +
               turtle_object(t->object, t->predicate == "rdf:type");
      }
    }
    out += " .\n";
  }
  return out;
}

}  // namespace oit
