#include "generator/gdcatalog.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/toml_node.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <tuple>

#include "generator/url_policy.h"

namespace oit {

namespace {

constexpr std::string_view kOther = "อื่นๆ";

std::vector<GdField> make_fields() {
  // Allowed values as the thai-gdc CKAN schema spells them.
  return {
      {"data_type", "ประเภทชุดข้อมูล", true, false,
       {"ข้อมูลระเบียน", "ข้อมูลสถิติ", "ข้อมูลภูมิสารสนเทศเชิงพื้นที่", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ"}},
      {"title", "ชื่อชุดข้อมูล", true, false, {}},
      {"owner_org", "หน่วยงานเจ้าของข้อมูล", true, false, {}},
      {"maintainer", "ชื่อฝ่ายงานสำหรับติดต่อ", true, false, {}},
      {"maintainer_email", "อีเมลสำหรับติดต่อ", true, false, {}},
      {"notes", "รายละเอียดชุดข้อมูล", true, false, {}},
      {"tag_string", "คำสำคัญ", true, true, {}},
      {"objective", "วัตถุประสงค์", true, true,
       {"ยุทธศาสตร์ชาติ", "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ", "แผนความมั่นคงแห่งชาติ", "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ",
        "แผนปฏิรูปประเทศ", "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)", "นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี", "มติคณะรัฐมนตรี",
        "เพื่อการให้บริการประชาชน", "กฎหมายที่เกี่ยวข้อง", "พันธกิจหน่วยงาน", "ดัชนี/ตัวชี้วัดระดับนานาชาติ", "ไม่ทราบ",
        kOther}},
      {"update_frequency_unit", "หน่วยความถี่ของการปรับปรุงข้อมูล", true, false,
       {"ไม่ทราบ", "ปี", "ครึ่งปี", "ไตรมาส", "เดือน", "สัปดาห์", "วัน", "วันทำการ", "ชั่วโมง", "นาที", "ตามเวลาจริง",
        "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล", kOther}},
      {"geo_coverage", "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", true, false,
       {"ไม่มี", "โลก", "ทวีป/กลุ่มประเทศในทวีป", "กลุ่มประเทศทางเศรษฐกิจ", "ประเทศ", "ภาค", "จังหวัด", "อำเภอ", "ตำบล",
        "หมู่บ้าน", "เทศบาล/อบต.", "พิกัด", "ไม่ทราบ", kOther}},
      {"data_source", "แหล่งที่มา", true, false, {}},
      {"data_format", "รูปแบบการเก็บข้อมูล", true, true,
       {"Database", "CSV", "XML", "Image", "Video", "Audio", "Text", "JSON", "HTML", "DOC/DOCX", "XLS", "PDF", "RDF",
        "NoSQL", "Arc/Info Coverage", "Shapefile", "GeoTiff", "GML", "ไม่ทราบ", kOther}},
      {"data_category", "หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ", true, false,
       {"ข้อมูลสาธารณะ", "ข้อมูลใช้ภายใน", "ข้อมูลส่วนบุคคล", "ข้อมูลความมั่นคง", "ข้อมูลความลับทางราชการ"}},
      {"license_id", "สัญญาอนุญาต", true, false,
       {"Open Data Common", "Creative Commons Attributions", "Creative Commons Attribution Non-Commercial",
        "Creative Commons Attribution Share-Alike", "Creative Commons Attribution Non-Commercial Share-Alike",
        "Creative Commons Attribution Non-Commercial No-Derivs", "Creative Commons Attribution No-Derivs", kOther}},
      {"telephone_number", "เบอร์โทรผู้ติดต่อ", false, false, {}},
      {"update_frequency_interval", "ค่าความถี่ของการปรับปรุงข้อมูล", false, false, {}},
      {"data_language", "ภาษาที่ใช้", false, true,
       {"ไทย", "อังกฤษ", "จีน", "มลายู", "พม่า", "ลาว", "เขมร", "ญี่ปุ่น", "เกาหลี", "ฝรั่งเศส", "เยอรมัน", "อารบิก", "ไม่ทราบ",
        kOther}},
      {"created_date", "วันที่เริ่มต้นสร้าง", false, false, {}},
      {"last_updated_date", "วันที่ปรับปรุงชุดข้อมูล", false, false, {}},
  };
}

// Sidecar keys that are not GD-Catalog fields.
constexpr std::string_view kExtraKeys[] = {"name", "license_url", "temporal_start", "temporal_end"};

std::string match_key(std::string_view s) {
  std::string k;
  for (char c : s)
    if (c != ' ' && c != '\t') k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// A field's value as written somewhere, with where.
struct Written {
  std::vector<std::string> values;
  bool is_list = false;
  SourcePos pos;
  std::string where;  // "" for the sidecar, "[opendata] in site.toml" for a site default
};

class MetaReader {
 public:
  explicit MetaReader(const DatasetSource& s) : src_(s) {}

  Result<DatasetMeta> read() {
    if (src_.sidecar_text) {
      try {
        doc_ = toml::parse(*src_.sidecar_text, std::string_view(src_.sidecar_file));
      } catch (const toml::parse_error& e) {
        return make_error(at(e.source()), "TOML syntax error: " + std::string(e.description()),
                          "check quotes and brackets on this line; strings need \"double quotes\"");
      }
      if (auto e = unknown_key()) return *e;
    }
    DatasetMeta m;
    m.name = src_.id;
    if (const toml::node* n = doc_.get("name")) {
      if (!n->is_string()) return wrong_type(*n, "name", "a string like \"procurement-2568\"");
      m.name = *n->value<std::string>();
      if (!valid_dataset_id(m.name))
        return make_error(at(n->source()), dataset() + ": `name` \"" + m.name + "\" is not a CKAN dataset name",
                          "use 2-100 lowercase ASCII letters, digits, '-' or '_', like name = \"procurement-2568\"");
    }

    const AgencyInfo& ag = src_.site->agency;
    struct Target {
      std::string_view field;
      std::string* one;
      std::vector<std::string>* many;
      std::vector<std::string> fallback;
    };
    std::vector<Target> targets = {
        {"data_type", &m.data_type, nullptr, {}},
        {"title", &m.title, nullptr, {src_.title}},
        {"owner_org", &m.owner_org, nullptr, {ag.name}},
        {"maintainer", &m.maintainer, nullptr, {ag.name}},
        {"maintainer_email", &m.maintainer_email, nullptr, {ag.email}},
        {"notes", &m.notes, nullptr, {src_.notes}},
        {"tag_string", nullptr, &m.tag_string, src_.tags},
        {"objective", nullptr, &m.objective, {}},
        {"update_frequency_unit", &m.update_frequency_unit, nullptr, {}},
        {"geo_coverage", &m.geo_coverage, nullptr, {}},
        {"data_source", &m.data_source, nullptr, {ag.name}},
        {"data_format", nullptr, &m.data_format, {"CSV"}},
        {"data_category", &m.data_category, nullptr, {}},
        {"license_id", &m.license_id, nullptr, {}},
        {"telephone_number", &m.telephone_number, nullptr, {ag.phone}},
        {"data_language", nullptr, &m.data_language, {"ไทย"}},
    };
    // Values written wrongly are reported before fields not written at all.
    const GdField* first_missing = nullptr;
    for (auto& t : targets) {
      const GdField& f = *gd_field(t.field);
      auto w = written(f);
      if (!w) return w.error();
      std::vector<std::string> values;
      if (w->values.empty()) {
        for (const auto& v : t.fallback)
          if (!trim(v).empty()) values.push_back(trim(v));
      } else {
        if (w->is_list && !f.multiple)
          return make_error(w->pos, dataset() + ": `" + std::string(f.name) + "` takes one value, not a list" + w->where,
                            "write " + std::string(f.name) + " = \"…\"" + allowed_hint(f));
        for (const auto& v : w->values) {
          std::string value = trim(v);
          if (value.empty()) continue;
          if (!f.choices.empty()) {
            auto it = std::find_if(f.choices.begin(), f.choices.end(),
                                   [&](std::string_view c) { return match_key(c) == match_key(value); });
            if (it == f.choices.end())
              return make_error(w->pos,
                                dataset() + ": `" + std::string(f.name) + "` \"" + value + "\" is not a GD-Catalog value" +
                                    w->where,
                                "allowed values: " + join(f.choices, ", "));
            value = std::string(*it);
          }
          if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
        }
      }
      if (values.empty()) {
        if (f.required && !first_missing) first_missing = &f;
        continue;
      }
      if (t.one) *t.one = values.front();
      else *t.many = values;
    }
    if (first_missing) return missing(*first_missing);
    if (auto e = check_email(m.maintainer_email)) return *e;
    for (const auto& tag : m.tag_string)
      if (tag.find(',') != std::string::npos || tag.size() < 2 || tag.size() > 100)
        return make_error(pos_of("tag_string"), dataset() + ": tag \"" + tag + "\" cannot be a CKAN tag",
                          "a tag has 2-100 characters and no comma; write tag_string = [\"จัดซื้อจัดจ้าง\", \"งบประมาณ\"]");

    if (const toml::node* n = doc_.get("update_frequency_interval")) {
      auto v = n->value<int64_t>();
      if (!n->is_integer() || *v < 1 || *v > 1000)
        return make_error(at(n->source()), dataset() + ": `update_frequency_interval` must be a whole number from 1 to 1000",
                          "how many times per " + (m.update_frequency_unit.empty() ? std::string("unit") : m.update_frequency_unit) +
                              " the data is updated, like update_frequency_interval = 1");
      m.update_frequency_interval = static_cast<int>(*v);
    }

    for (auto [key, out, fallback] :
         {std::tuple{"created_date", &m.created_date, src_.created}, std::tuple{"last_updated_date", &m.last_updated_date, src_.modified},
          std::tuple{"temporal_start", &m.temporal_start, src_.temporal_start},
          std::tuple{"temporal_end", &m.temporal_end, src_.temporal_end}}) {
      auto d = date_key(key);
      if (!d) return d.error();
      *out = *d ? *d : fallback;
    }
    if (!m.created_date) m.created_date = m.last_updated_date;
    if (!m.last_updated_date) m.last_updated_date = m.created_date;
    if (!m.created_date)
      return make_error(where_to_write(), dataset() + " has no date",
                        "give its page a `date` in the front matter, or write created_date = " + std::string("2025-01-31") +
                            " in " + src_.sidecar_file);
    if (m.temporal_start && m.temporal_end && *m.temporal_end < *m.temporal_start)
      return make_error(pos_of("temporal_end"), dataset() + ": `temporal_end` " + to_iso(*m.temporal_end) +
                                                    " is before `temporal_start` " + to_iso(*m.temporal_start),
                        "the period the data covers runs from temporal_start to temporal_end");

    if (const toml::node* n = doc_.get("license_url")) {
      if (!n->is_string()) return wrong_type(*n, "license_url", "a string like \"https://…\"");
      m.license_url = *n->value<std::string>();
      if (UrlVerdict v = check_url(m.license_url, UrlUse::WebAddress); !v.ok())
        return make_error(at(n->source()), dataset() + ": `license_url` \"" + m.license_url + "\" is not a web address: " + v.reason,
                          "write the licence's full web address, starting with https://");
    } else if (!src_.site->opendata.license_url.empty()) {
      m.license_url = src_.site->opendata.license_url;
    } else {
      m.license_url = license_url_of(m.license_id);
    }
    if (m.license_url.empty())
      return make_error(pos_of("license_id"),
                        dataset() + ": licence \"" + m.license_id + "\" has no web address oit knows",
                        "add license_url = \"https://…\" (the licence's terms) to " + src_.sidecar_file +
                            " or to [opendata] in site.toml");
    return m;
  }

 private:
  SourcePos at(const toml::source_region& r) const { return toml_pos(src_.sidecar_file, r); }

  std::string dataset() const { return "dataset `" + src_.id + "` (" + src_.csv_file + ")"; }

  // Where a missing value should be written: the sidecar, or the CSV when there is none yet.
  SourcePos where_to_write() const { return src_.sidecar_text ? SourcePos{src_.sidecar_file, 1, 1} : SourcePos{src_.csv_file, 1, 1}; }

  SourcePos pos_of(std::string_view key) const {
    if (const toml::node* n = doc_.get(key)) return at(n->source());
    auto it = src_.site->opendata.defaults.find(std::string(key));
    if (it != src_.site->opendata.defaults.end()) return it->second.pos;
    return where_to_write();
  }

  static std::string allowed_hint(const GdField& f) {
    return f.choices.empty() ? std::string() : "; allowed values: " + join(f.choices, ", ");
  }

  Error wrong_type(const toml::node& n, std::string_view key, std::string_view what) const {
    return make_error(at(n.source()),
                      dataset() + ": `" + std::string(key) + "` must be " + std::string(what) + ", not " + std::string(toml_type_name(n)));
  }

  Error missing(const GdField& f) const {
    std::string example = f.multiple ? " = [\"…\"]" : " = \"…\"";
    std::string hint = "add " + std::string(f.name) + example + " to " + src_.sidecar_file +
                       (src_.sidecar_text ? "" : " (a new file beside the CSV)") + " or to [opendata] in site.toml" +
                       allowed_hint(f);
    return make_error(where_to_write(),
                      dataset() + " has no `" + std::string(f.name) + "` (" + std::string(f.label) +
                          "), one of the 14 fields GD-Catalog requires",
                      hint);
  }

  // The field as written in the sidecar, else as an [opendata] default; no values when neither has it.
  Result<Written> written(const GdField& f) const {
    Written w;
    if (const toml::node* n = doc_.get(f.name)) {
      w.pos = at(n->source());
      if (n->is_string()) {
        std::string s = *n->value<std::string>();
        if (f.name == "tag_string") {  // CKAN's own form: tags separated by commas
          for (size_t b = 0;;) {
            size_t e = s.find(',', b);
            w.values.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
            if (e == std::string::npos) break;
            b = e + 1;
          }
        } else {
          w.values.push_back(s);
        }
        return w;
      }
      if (const toml::array* a = n->as_array()) {
        w.is_list = true;
        for (const toml::node& item : *a) {
          if (!item.is_string())
            return make_error(at(item.source()), dataset() + ": `" + std::string(f.name) + "` must list strings, not " +
                                                     std::string(toml_type_name(item)));
          w.values.push_back(*item.value<std::string>());
        }
        return w;
      }
      return wrong_type(*n, f.name, f.multiple ? "a string or a list of strings" : "a string");
    }
    auto it = src_.site->opendata.defaults.find(std::string(f.name));
    if (it != src_.site->opendata.defaults.end()) {
      w.values = it->second.values;
      w.is_list = it->second.is_list;
      w.pos = it->second.pos;
      w.where = " (the default in [opendata] of site.toml)";
    }
    return w;
  }

  Result<std::optional<Date>> date_key(std::string_view key) const {
    const toml::node* n = doc_.get(key);
    if (!n) return std::optional<Date>();
    if (n->is_date()) {
      auto d = *n->value<toml::date>();
      if (!is_valid_date(d.year, d.month, d.day))
        return make_error(at(n->source()), dataset() + ": `" + std::string(key) + "` is not a calendar date");
      return std::optional<Date>(Date{d.year, d.month, d.day});
    }
    if (n->is_string()) {
      auto d = parse_iso_date(*n->value<std::string>());
      if (d) return std::optional<Date>(*d);
      return make_error(at(n->source()), dataset() + ": `" + std::string(key) + "`: " + d.error().message,
                        "write an ISO date (Gregorian), like " + std::string(key) + " = 2024-10-01");
    }
    return wrong_type(*n, key, "a date like 2024-10-01");
  }

  std::optional<Error> check_email(const std::string& email) const {
    size_t at_sign = email.find('@');
    bool ok = at_sign != std::string::npos && at_sign > 0 && email.find('.', at_sign) != std::string::npos &&
              email.find(' ') == std::string::npos && email.back() != '.';
    if (ok) return std::nullopt;
    return make_error(pos_of("maintainer_email"), dataset() + ": `maintainer_email` \"" + email + "\" is not an e-mail address",
                      "write the contact unit's address, like maintainer_email = \"saraban@example.go.th\"");
  }

  std::optional<Error> unknown_key() const {
    std::vector<std::string_view> allowed;
    for (const auto& f : gd_fields()) allowed.push_back(f.name);
    for (auto k : kExtraKeys) allowed.push_back(k);
    const toml::key* first = nullptr;
    for (auto&& [k, v] : doc_) {
      if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
      auto b = k.source().begin;
      if (!first || b.line < first->source().begin.line ||
          (b.line == first->source().begin.line && b.column < first->source().begin.column))
        first = &k;
    }
    if (!first) return std::nullopt;
    return make_error(at(first->source()), dataset() + ": unknown key `" + std::string(first->str()) + "`",
                      unknown_key_hint(first->str(), allowed));
  }

  const DatasetSource& src_;
  toml::table doc_;
};

}  // namespace

const std::vector<GdField>& gd_fields() {
  static const std::vector<GdField> fields = make_fields();
  return fields;
}

const GdField* gd_field(std::string_view name) {
  for (const auto& f : gd_fields())
    if (f.name == name) return &f;
  return nullptr;
}

Result<DatasetMeta> read_dataset_meta(const DatasetSource& source) { return MetaReader(source).read(); }

std::string license_url_of(std::string_view license_id) {
  static const std::map<std::string_view, std::string_view> urls = {
      {"Creative Commons Attributions", "https://creativecommons.org/licenses/by/4.0/"},
      {"Creative Commons Attribution Non-Commercial", "https://creativecommons.org/licenses/by-nc/4.0/"},
      {"Creative Commons Attribution Share-Alike", "https://creativecommons.org/licenses/by-sa/4.0/"},
      {"Creative Commons Attribution Non-Commercial Share-Alike", "https://creativecommons.org/licenses/by-nc-sa/4.0/"},
      {"Creative Commons Attribution Non-Commercial No-Derivs", "https://creativecommons.org/licenses/by-nc-nd/4.0/"},
      {"Creative Commons Attribution No-Derivs", "https://creativecommons.org/licenses/by-nd/4.0/"},
  };
  auto it = urls.find(license_id);
  return it == urls.end() ? std::string() : std::string(it->second);
}

std::string derive_dataset_id(std::string_view content_path) {
  std::string_view p = content_path;
  if (size_t dot = p.rfind('.'); dot != std::string_view::npos && p.find('/', dot) == std::string_view::npos)
    p = p.substr(0, dot);
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
    word.clear();
  };
  for (char ch : p) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80 && std::isalnum(c)) word += static_cast<char>(std::tolower(c));
    else flush();
  }
  flush();
  std::string id;
  for (const auto& w : words) {
    if (id.size() + 1 + w.size() > 100) break;
    id += (id.empty() ? "" : "-") + w;
  }
  if (id.size() < 2) {  // Thai-only names: a stable hash of the path (FNV-1a)
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", fnv1a32(content_path));
    id = (id.empty() ? "dataset-" : "dataset-" + id + "-") + buf;
  }
  return id;
}

bool valid_dataset_id(std::string_view id) {
  if (id.size() < 2 || id.size() > 100) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

nlohmann::ordered_json gd_catalog_json(const DatasetMeta& m, const std::string& landing_url,
                                       const std::vector<GdResource>& resources) {
  using oj = nlohmann::ordered_json;
  std::string tags;
  for (const auto& t : m.tag_string) tags += (tags.empty() ? "" : ",") + t;
  oj j = {{"name", m.name},
          {"data_type", m.data_type},
          {"title", m.title},
          {"owner_org", m.owner_org},
          {"maintainer", m.maintainer},
          {"maintainer_email", m.maintainer_email},
          {"notes", m.notes},
          {"tag_string", tags},
          {"objective", m.objective},
          {"update_frequency_unit", m.update_frequency_unit},
          {"geo_coverage", m.geo_coverage},
          {"data_source", m.data_source},
          {"data_format", m.data_format},
          {"data_category", m.data_category},
          {"license_id", m.license_id}};
  if (!m.telephone_number.empty()) j["telephone_number"] = m.telephone_number;
  if (m.update_frequency_interval) j["update_frequency_interval"] = std::to_string(*m.update_frequency_interval);
  if (!m.data_language.empty()) j["data_language"] = m.data_language;
  if (m.created_date) j["created_date"] = to_iso(*m.created_date);
  if (m.last_updated_date) j["last_updated_date"] = to_iso(*m.last_updated_date);
  j["url"] = landing_url;
  oj res = oj::array();
  for (const auto& r : resources) res.push_back({{"name", r.name}, {"url", r.url}, {"format", r.format}});
  j["resources"] = res;
  return j;
}

}  // namespace oit
