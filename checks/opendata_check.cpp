#include "checks/opendata_check.h"
#include "core/text.h"
#include "checks/content_sniff.h"

#include <zlib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

namespace oit {
namespace {

using json = nlohmann::json;
const std::string kDcat = "http://www.w3.org/ns/dcat#";
const std::string kDct = "http://purl.org/dc/terms/";

// ---------------------------------------------------------------------------------------------
// JSON-LD, as much of it as a DCAT catalogue needs

struct Context {
  std::map<std::string, std::string> terms;  // prefix or term → IRI

  explicit Context(const json& doc) {
    auto add = [&](const json& c) {
      if (!c.is_object()) return;
      for (auto& [k, v] : c.items()) {
        if (v.is_string()) terms[k] = v.get<std::string>();
        else if (v.is_object() && v.contains("@id") && v["@id"].is_string()) terms[k] = v["@id"].get<std::string>();
      }
    };
    if (!doc.is_object() || !doc.contains("@context")) return;
    const json& c = doc["@context"];
    if (c.is_array())
      for (const auto& e : c) add(e);
    else
      add(c);
  }

  std::string expand(const std::string& term) const {
    if (term.starts_with("@")) return term;
    if (auto it = terms.find(term); it != terms.end()) return expand_prefix(it->second);
    return expand_prefix(term);
  }

 private:
  std::string expand_prefix(const std::string& t) const {
    auto colon = t.find(':');
    if (colon == std::string::npos || t.compare(colon, 3, "://") == 0) return t;
    auto it = terms.find(t.substr(0, colon));
    return it == terms.end() ? t : it->second + t.substr(colon + 1);
  }
};

const json* prop(const json& node, const std::string& iri, const Context& ctx) {
  if (!node.is_object()) return nullptr;
  for (auto it = node.begin(); it != node.end(); ++it)
    if (ctx.expand(it.key()) == iri) return &it.value();
  return nullptr;
}

// A literal: a string, {"@value"}, or a list of them (the Thai one preferred).
std::string text_of(const json* v) {
  if (!v) return {};
  if (v->is_string()) return v->get<std::string>();
  if (v->is_object()) {
    if (v->contains("@value") && (*v)["@value"].is_string()) return (*v)["@value"].get<std::string>();
    if (v->contains("@id") && (*v)["@id"].is_string()) return (*v)["@id"].get<std::string>();
    return {};
  }
  if (v->is_array() && !v->empty()) {
    for (const auto& e : *v)
      if (e.is_object() && e.value("@language", "") == "th") return text_of(&e);
    return text_of(&v->front());
  }
  return {};
}

std::string iri_of(const json* v, const Context& ctx) {
  if (!v) return {};
  if (v->is_string()) return ctx.expand(v->get<std::string>());
  if (v->is_object() && v->contains("@id") && (*v)["@id"].is_string()) return ctx.expand((*v)["@id"].get<std::string>());
  if (v->is_array() && !v->empty()) return iri_of(&v->front(), ctx);
  return {};
}

bool has_type(const json& node, const std::string& iri, const Context& ctx) {
  if (!node.is_object() || !node.contains("@type")) return false;
  const json& t = node["@type"];
  if (t.is_string()) return ctx.expand(t.get<std::string>()) == iri;
  if (t.is_array())
    for (const auto& e : t)
      if (e.is_string() && ctx.expand(e.get<std::string>()) == iri) return true;
  return false;
}

// "https://www.iana.org/assignments/media-types/text/csv" → "text/csv"
std::string media_type_of(std::string v) {
  const std::string iana = "://www.iana.org/assignments/media-types/";
  if (auto p = v.find(iana); p != std::string::npos) v.erase(0, p + iana.size());
  return v;
}

// "CSV", "JSON", "XLSX" for the three table copies, else the catalogue's own format name.
std::string kind_of(const CatalogDistribution& d) {
  std::string f = ascii_upper(d.format);
  if (auto slash = f.rfind('/'); slash != std::string::npos) f.erase(0, slash + 1);  // EU file-type IRIs
  const std::string& m = d.media_type;
  std::string path = d.url.substr(0, d.url.find_first_of("?#"));
  auto ends = [&](const char* ext) { return path.size() > 5 && ascii_upper(path.substr(path.rfind('.') + 1)) == ext; };
  if (f == "CSV" || m == "text/csv" || (f.empty() && ends("CSV"))) return "CSV";
  if (f == "XLSX" || m == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || (f.empty() && ends("XLSX")))
    return "XLSX";
  if (f == "JSON" || m == "application/json" || (f.empty() && ends("JSON"))) return "JSON";
  return f.empty() ? m : f;
}

// ---------------------------------------------------------------------------------------------
// XLSX: a zip whose first worksheet lists its rows as <row r="N">

uint32_t le(std::string_view z, size_t off, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(z[off + static_cast<size_t>(i)]);
  return v;
}

// Counts <row …> start tags and the highest r="N" in a stream of sheet XML.
class RowScanner {
 public:
  bool feed(std::string_view chunk) {
    buf_.append(chunk);
    size_t pos = 0, keep = std::string::npos;
    for (;;) {
      size_t lt = buf_.find("<row", pos);
      if (lt == std::string::npos) break;
      if (lt + 5 > buf_.size()) {
        keep = lt;
        break;
      }
      char c = buf_[lt + 4];
      if (c != ' ' && c != '>' && c != '/' && c != '\t' && c != '\n' && c != '\r') {  // <rowBreaks>, …
        pos = lt + 4;
        continue;
      }
      size_t gt = buf_.find('>', lt);
      if (gt == std::string::npos) {
        keep = lt;
        break;
      }
      std::string_view tag(buf_.data() + lt, gt - lt);
      ++rows_;
      for (size_t r = tag.find("r=\""); r != std::string_view::npos; r = tag.find("r=\"", r + 1)) {
        if (r == 0 || (tag[r - 1] != ' ' && tag[r - 1] != '\t' && tag[r - 1] != '\n')) continue;
        long n = 0;
        for (size_t i = r + 3; i < tag.size() && tag[i] >= '0' && tag[i] <= '9' && n < 100000000; ++i) n = n * 10 + (tag[i] - '0');
        max_r_ = std::max(max_r_, n);
        break;
      }
      pos = gt + 1;
    }
    if (keep == std::string::npos) keep = std::max(pos, buf_.size() >= 4 ? buf_.size() - 4 : 0);  // "<ro" cut in two
    buf_.erase(0, keep);
    return buf_.size() < (1u << 20);  // a start tag longer than 1 MB is not a worksheet
  }
  long data_rows() const { return std::max(0L, (max_r_ > 0 ? max_r_ : rows_) - 1); }

 private:
  std::string buf_;
  long rows_ = 0, max_r_ = 0;
};

}  // namespace

Result<long> xlsx_data_rows(std::string_view z) {
  auto bad = [](std::string what) -> Error { return make_error({}, std::move(what)); };
  if (z.size() < 22 || !z.starts_with("PK")) return bad("not an XLSX file (not a zip archive)");
  size_t eocd = std::string_view::npos;
  for (size_t i = z.size() - 22;; --i) {
    if (le(z, i, 4) == 0x06054b50) {
      eocd = i;
      break;
    }
    if (i == 0 || z.size() - i > 22 + 65535) break;
  }
  if (eocd == std::string_view::npos) return bad("not an XLSX file (no zip directory)");
  size_t entries = le(z, eocd + 10, 2), cd_off = le(z, eocd + 16, 4);
  struct Entry {
    std::string name;
    uint32_t method, csize, local;
  };
  std::vector<Entry> sheets;
  size_t p = cd_off;
  for (size_t i = 0; i < entries; ++i) {
    if (p + 46 > z.size() || le(z, p, 4) != 0x02014b50) return bad("corrupt XLSX file (zip directory)");
    size_t n = le(z, p + 28, 2), e = le(z, p + 30, 2), c = le(z, p + 32, 2);
    if (p + 46 + n > z.size()) return bad("corrupt XLSX file (zip directory)");
    std::string name(z.substr(p + 46, n));
    if (name.starts_with("xl/worksheets/") && name.ends_with(".xml") && name.find('/', 14) == std::string::npos)
      sheets.push_back({name, le(z, p + 10, 2), le(z, p + 20, 4), le(z, p + 42, 4)});
    p += 46 + n + e + c;
  }
  if (sheets.empty()) return bad("no worksheet in the XLSX file");
  // sheet1.xml is the first sheet of every workbook Excel or libxlsxwriter writes.
  std::sort(sheets.begin(), sheets.end(), [](const Entry& a, const Entry& b) {
    return a.name.size() != b.name.size() ? a.name.size() < b.name.size() : a.name < b.name;
  });
  const Entry& s = sheets.front();
  if (s.local + 30 > z.size() || le(z, s.local, 4) != 0x04034b50) return bad("corrupt XLSX file (" + s.name + ")");
  size_t data = s.local + 30 + le(z, s.local + 26, 2) + le(z, s.local + 28, 2);
  if (data > z.size() || s.csize > z.size() - data) return bad("corrupt XLSX file (" + s.name + " is cut short)");
  std::string_view packed = z.substr(data, s.csize);
  RowScanner rows;
  if (s.method == 0) {
    if (!rows.feed(packed)) return bad("corrupt XLSX file (" + s.name + ")");
    return rows.data_rows();
  }
  if (s.method != 8) return bad("XLSX compression method " + std::to_string(s.method) + " is not supported");
  z_stream zs{};
  if (inflateInit2(&zs, -15) != Z_OK) return bad("cannot inflate the XLSX file");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  zs.avail_in = static_cast<uInt>(packed.size());
  std::string out(64 * 1024, '\0');
  size_t total = 0;
  int rc = Z_OK;
  std::string problem;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    size_t got = out.size() - zs.avail_out;
    total += got;
    if ((rc != Z_OK && rc != Z_STREAM_END) || (rc == Z_OK && got == 0 && zs.avail_in == 0)) {
      problem = "corrupt XLSX file (" + s.name + ": " + (zs.msg ? zs.msg : "data cut short") + ")";
      break;
    }
    if (total > (512u << 20)) {  // a compression bomb in a workbook: stop, the file is not a table to read
      problem = "XLSX sheet larger than 512 MB once inflated";
      break;
    }
    if (!rows.feed(std::string_view(out.data(), got))) {
      problem = "corrupt XLSX file (" + s.name + ")";
      break;
    }
  }
  inflateEnd(&zs);
  if (!problem.empty()) return bad(problem);
  return rows.data_rows();
}

Result<std::vector<CatalogDataset>> read_dcat_catalog(std::string_view jsonld, const std::string& url) {
  json doc = json::parse(jsonld, nullptr, false);
  if (doc.is_discarded()) return make_error({url, 0, 0}, "the catalogue is not valid JSON", "rebuild the site, or fix the file");
  Context ctx(doc);
  std::vector<const json*> nodes;
  std::function<void(const json&)> collect = [&](const json& n) {
    if (n.is_array()) {
      for (const auto& e : n) collect(e);
    } else if (n.is_object()) {
      nodes.push_back(&n);
      for (auto it = n.begin(); it != n.end(); ++it)
        if (it.key() != "@context" && (it->is_object() || it->is_array())) collect(*it);
    }
  };
  collect(doc);
  std::map<std::string, const json*> by_id;
  for (const json* n : nodes)
    if (n->contains("@id") && (*n)["@id"].is_string() && n->size() > 1) by_id.emplace(ctx.expand((*n)["@id"].get<std::string>()), n);
  std::vector<CatalogDataset> out;
  std::set<std::string> seen;
  for (const json* n : nodes) {
    if (!has_type(*n, kDcat + "Dataset", ctx)) continue;
    CatalogDataset d;
    d.id = iri_of(n, ctx);
    if (!d.id.empty() && !seen.insert(d.id).second) continue;
    d.identifier = text_of(prop(*n, kDct + "identifier", ctx));
    d.title = text_of(prop(*n, kDct + "title", ctx));
    d.landing_page = iri_of(prop(*n, kDcat + "landingPage", ctx), ctx);
    if (const json* dist = prop(*n, kDcat + "distribution", ctx)) {
      std::vector<const json*> refs;
      if (dist->is_array())
        for (const auto& e : *dist) refs.push_back(&e);
      else
        refs.push_back(dist);
      for (const json* r : refs) {
        const json* node = r;
        if (r->is_object() && r->size() == 1 && r->contains("@id")) {
          auto it = by_id.find(iri_of(r, ctx));
          if (it != by_id.end()) node = it->second;
        } else if (r->is_string()) {
          auto it = by_id.find(ctx.expand(r->get<std::string>()));
          if (it != by_id.end()) node = it->second;
        }
        CatalogDistribution c;
        c.id = iri_of(node, ctx);
        c.format = text_of(prop(*node, kDct + "format", ctx));
        c.media_type = media_type_of(iri_of(prop(*node, kDcat + "mediaType", ctx), ctx));
        if (c.media_type.empty()) c.media_type = text_of(prop(*node, kDcat + "mediaType", ctx));
        c.url = iri_of(prop(*node, kDcat + "downloadURL", ctx), ctx);
        if (c.url.empty()) c.url = iri_of(prop(*node, kDcat + "accessURL", ctx), ctx);
        d.distributions.push_back(std::move(c));
      }
    }
    out.push_back(std::move(d));
  }
  if (out.empty() && nodes.empty()) return make_error({url, 0, 0}, "the catalogue has no JSON-LD nodes", "rebuild the site, or fix the file");
  return out;
}

// ---------------------------------------------------------------------------------------------

namespace {

bool not_checked(const FetchResult& r) { return r.error.starts_with("not checked"); }

std::string failure_text(const FetchResult& f) {
  if (!f.error.empty()) return f.status ? "HTTP " + std::to_string(f.status) + ", " + f.error : f.error;
  return "HTTP " + std::to_string(f.status);
}

// Reads one downloaded file: its rows, or the finding that says why not.
void read_file(OpenDataFile& f, const FetchResult& r, const std::string& kind, std::vector<Finding>& findings) {
  auto add = [&](Severity s, const char* code, std::string m) { findings.push_back({s, code, std::move(m) + ": " + f.url}); };
  f.status = r.status;
  f.error = r.error;
  f.content_type = r.content_type;
  if (not_checked(r)) {
    add(Severity::Warning, "unreachable", "ไม่ได้ตรวจไฟล์ " + kind + " (" + r.error + ")");
    return;
  }
  if (!r.ok()) {
    add(Severity::Error, "unreachable", "ไฟล์ " + kind + " เปิดไม่ได้ (" + failure_text(r) + ")");
    return;
  }
  if (r.body.empty()) {
    add(Severity::Error, "unreachable", "ไฟล์ " + kind + " ว่าง ไม่มีข้อมูล");
    return;
  }
  if (r.truncated) {
    add(Severity::Warning, "too-large", "ไฟล์ " + kind + " ใหญ่เกินที่ตรวจได้ นับแถวไม่ได้");
    return;
  }
  if ((kind == "CSV" || kind == "JSON" || kind == "XLSX") && looks_like_html(r.body)) {
    add(Severity::Error, "unreadable", "ไม่ใช่ไฟล์ " + kind + " (เซิร์ฟเวอร์ส่งหน้าเว็บมาแทน)");
    return;
  }
  if (kind == "CSV") {
    f.csv_bom = r.body.starts_with("\xEF\xBB\xBF");
    if (!f.csv_bom)
      add(Severity::Error, "no-bom", "ไฟล์ CSV ไม่ขึ้นต้นด้วย BOM ของ UTF-8 โปรแกรม Excel จะแสดงภาษาไทยเป็นอักษรเพี้ยน");
    f.rows = static_cast<long>(parse_csv_table(r.body).rows.size());
  } else if (kind == "JSON") {
    json j = json::parse(r.body, nullptr, false);
    if (j.is_discarded()) add(Severity::Error, "unreadable", "ไฟล์ JSON อ่านไม่ได้ (รูปแบบ JSON ไม่ถูกต้อง)");
    else if (j.is_array()) f.rows = static_cast<long>(j.size());
    // An object is another kind of JSON (an OCDS release package): not a copy of the table.
  } else if (kind == "XLSX") {
    auto n = xlsx_data_rows(r.body);
    if (n) f.rows = *n;
    else add(Severity::Error, "unreadable", "ไฟล์ XLSX อ่านไม่ได้ (" + n.error().message + ")");
  }
}

ItemStatus status_of(const std::vector<Finding>& fs) {
  bool error = std::any_of(fs.begin(), fs.end(), [](const Finding& f) { return f.severity == Severity::Error; });
  return error ? ItemStatus::Fail : fs.empty() ? ItemStatus::Pass : ItemStatus::Warn;
}

}  // namespace

bool OpenDataReport::has_errors() const {
  auto error = [](const Finding& f) { return f.severity == Severity::Error; };
  if (std::any_of(findings.begin(), findings.end(), error)) return true;
  return std::any_of(datasets.begin(), datasets.end(), [&](const OpenDataset& d) {
    return std::any_of(d.findings.begin(), d.findings.end(), error);
  });
}

std::optional<OpenDataReport> check_open_data(const OpenDataInput& in) {
  auto map = [&](const std::string& u) { return in.map ? in.map(u) : u; };
  auto cat = in.get({in.catalog_url, in.turtle_url});
  if (cat.size() != 2 || (!cat[0].ok() && !cat[1].ok())) return std::nullopt;
  OpenDataReport rep;
  OpenDataCatalog* files[2] = {&rep.jsonld, &rep.turtle};
  const char* expected[2] = {"application/ld+json", "text/turtle"};
  for (int i = 0; i < 2; ++i) {
    OpenDataCatalog& c = *files[i];
    const FetchResult& r = cat[static_cast<size_t>(i)];
    c.url = i == 0 ? in.catalog_url : in.turtle_url;
    c.expected_type = expected[i];
    c.status = r.status;
    c.error = r.error;
    if (in.over_http) c.content_type = r.content_type;
    std::string name = i == 0 ? "แค็ตตาล็อกข้อมูล (JSON-LD)" : "แค็ตตาล็อกข้อมูล (Turtle)";
    if (!r.ok()) {
      rep.findings.push_back({Severity::Error, "unreachable", name + " เปิดไม่ได้ (" + failure_text(r) + "): " + c.url});
    } else if (r.body.empty()) {
      rep.findings.push_back({Severity::Error, "unreachable", name + " ว่าง ไม่มีข้อมูล: " + c.url});
    } else if (in.over_http && r.content_type != c.expected_type) {
      rep.findings.push_back(
          {Severity::Error, "wrong-content-type",
           name + " ส่งมาเป็น " + (r.content_type.empty() ? std::string("(ไม่ระบุชนิด)") : r.content_type) + " แทน " +
               c.expected_type + " ระบบรวบรวมข้อมูล (CKAN, data.go.th) จะไม่อ่าน ให้เพิ่มชนิดไฟล์นี้ในการตั้งค่าเว็บเซิร์ฟเวอร์: " +
               c.url});
    }
  }
  if (!cat[0].ok() || cat[0].body.empty()) return rep;
  auto datasets = read_dcat_catalog(cat[0].body, in.catalog_url);
  if (!datasets) {
    rep.findings.push_back({Severity::Error, "unreadable", "แค็ตตาล็อกข้อมูลอ่านไม่ได้ (" + datasets.error().message + "): " + in.catalog_url});
    return rep;
  }
  const std::string& turtle = cat[1].body;
  for (const auto& d : *datasets) {
    OpenDataset out;
    out.id = d.id;
    out.identifier = d.identifier;
    out.title = d.title;
    out.landing_page = d.landing_page;
    // The Turtle copy of the catalogue must list the same datasets.
    if (cat[1].ok() && !d.id.empty() && turtle.find("<" + d.id + ">") == std::string::npos)
      out.findings.push_back({Severity::Error, "catalogue-mismatch", "ชุดข้อมูลนี้ไม่อยู่ในแค็ตตาล็อกแบบ Turtle: " + d.id});
    std::vector<std::string> urls;
    if (!d.landing_page.empty()) urls.push_back(map(d.landing_page));
    for (const auto& c : d.distributions)
      if (!c.url.empty()) urls.push_back(map(c.url));
    auto got = in.get(urls);
    size_t k = 0;
    if (!d.landing_page.empty()) {
      const FetchResult& r = got[k++];
      if (!r.ok() && !not_checked(r))
        out.findings.push_back({Severity::Error, "unreachable", "หน้าชุดข้อมูลเปิดไม่ได้ (" + failure_text(r) + "): " + d.landing_page});
    }
    if (d.distributions.empty())
      out.findings.push_back({Severity::Error, "unreachable", "ชุดข้อมูลไม่มีไฟล์ให้ดาวน์โหลด (dcat:distribution): " + d.id});
    for (const auto& c : d.distributions) {
      OpenDataFile f;
      f.format = kind_of(c);
      f.url = c.url;
      if (c.url.empty()) {
        out.findings.push_back({Severity::Error, "unreachable", "ไฟล์ " + f.format + " ไม่มี URL ดาวน์โหลด: " + c.id});
      } else {
        read_file(f, got[k++], f.format, out.findings);
      }
      out.files.push_back(std::move(f));
    }
    // The copies of one table hold the same rows.
    std::map<std::string, long> counts;
    for (const auto& f : out.files)
      if (f.rows >= 0 && !counts.count(f.format)) counts[f.format] = f.rows;
    std::set<long> distinct;
    for (const auto& [fmt, n] : counts) distinct.insert(n);
    if (distinct.size() > 1) {
      std::string list;
      for (const auto& [fmt, n] : counts) list += (list.empty() ? "" : ", ") + fmt + " " + std::to_string(n);
      out.findings.push_back({Severity::Error, "rows-differ", "ไฟล์ของชุดข้อมูลเดียวกันมีจำนวนแถวไม่เท่ากัน (" + list + "): " + d.id});
    }
    out.status = status_of(out.findings);
    switch (out.status) {
      case ItemStatus::Pass: ++rep.datasets_pass; break;
      case ItemStatus::Warn: ++rep.datasets_warn; break;
      case ItemStatus::Fail: ++rep.datasets_fail; break;
    }
    rep.datasets.push_back(std::move(out));
  }
  return rep;
}

}  // namespace oit
