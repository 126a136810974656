#include "generator/opendata.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "generator/datatable.h"
#include "generator/dataset_table.h"
#include "generator/dcat.h"
#include "generator/gdcatalog.h"
#include "generator/ocds.h"
#include "core/source_file.h"
#include "generator/xlsx.h"

namespace oit {

namespace {

using json = nlohmann::json;

constexpr std::string_view kSidecarSuffix = ".dataset.toml";

struct Dataset {
  std::string path;  // content path of the CSV
  const PageView* page = nullptr;
  DatasetMeta meta;
  CsvTable table;  // normalised
  int masked = 0;
  int formulas = 0;  // cells given a leading ' in the CSV copy (csv.h: neutralise_formulas)
  std::string route;  // "opendata/<id>/"
  struct Download {
    std::string format, title, path, media_type;
    size_t size = 0;
  };
  std::vector<Download> downloads;
  std::string ocds_path;  // "opendata/ocds/<id>.json", when emitted
};

std::string human_size(size_t bytes) {
  char buf[32];
  if (bytes >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else if (bytes >= 1024) std::snprintf(buf, sizeof buf, "%.0f KB", static_cast<double>(bytes) / 1024.0);
  else std::snprintf(buf, sizeof buf, "%zu B", bytes);
  return buf;
}

std::string unescape_html(std::string s) {
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                          {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  }
  return s;
}

// The caption the page gave the table in {{< table "x.csv" caption="…" >}}: the <caption> of the rendered
// table whose CSV download link names this file.
std::string caption_in(const std::string& html, const std::string& csv_url) {
  size_t link = html.find("href=\"" + html_escape(csv_url) + "\" type=\"text/csv\"");
  if (link == std::string::npos) return {};
  size_t cap = html.rfind("<caption", link);
  if (cap == std::string::npos) return {};
  size_t open_end = html.find('>', cap);
  size_t close = html.find("</caption>", cap);
  if (open_end == std::string::npos || close == std::string::npos || close > link) return {};
  return unescape_html(html.substr(open_end + 1, close - open_end - 1));
}

// The period a table covers, from its first column whose every filled cell is a month (YYYY-MM) or an ISO
// date; "-" and empty cells are skipped.
std::optional<std::pair<Date, Date>> period_in(const CsvTable& t) {
  for (size_t c = 0; c < t.header.size(); ++c) {
    std::optional<Date> lo, hi;
    bool all = true;
    for (const auto& row : t.rows) {
      const std::string& v = row[c];
      if (v.empty() || v == "-") continue;
      std::optional<Date> first, last;
      if (auto ym = parse_year_month(v); ym && v.size() == 7) {
        first = Date{ym->year, ym->month, 1};
        int d = 31;
        while (d > 28 && !is_valid_date(ym->year, ym->month, d)) --d;
        last = Date{ym->year, ym->month, d};
      } else if (auto d = parse_iso_date(v); d && v.size() == 10) {
        first = last = *d;
      } else {
        all = false;
        break;
      }
      if (!lo || *first < *lo) lo = first;
      if (!hi || *last > *hi) hi = last;
    }
    if (all && lo) return std::pair{*lo, *hi};
  }
  return std::nullopt;
}

std::string frequency_th(const DatasetMeta& m) {
  static const std::map<std::string, std::string> words = {
      {"ปี", "รายปี"},           {"ครึ่งปี", "รายครึ่งปี"},     {"ไตรมาส", "รายไตรมาส"},     {"เดือน", "รายเดือน"},
      {"สัปดาห์", "รายสัปดาห์"},  {"วัน", "รายวัน"},          {"วันทำการ", "ทุกวันทำการ"},  {"ชั่วโมง", "รายชั่วโมง"},
      {"นาที", "รายนาที"},       {"ตามเวลาจริง", "ตามเวลาจริง"}};
  auto it = words.find(m.update_frequency_unit);
  std::string s = it == words.end() ? m.update_frequency_unit : it->second;
  if (m.update_frequency_interval && *m.update_frequency_interval > 1 && it != words.end())
    s += " (" + std::to_string(*m.update_frequency_interval) + " ครั้งต่อ" + m.update_frequency_unit + ")";
  return s;
}

std::string period_th(const DatasetMeta& m, bool thai_digits) {
  if (!m.temporal_start && !m.temporal_end) return {};
  auto whole_months = [&] {
    if (!m.temporal_start || !m.temporal_end || m.temporal_start->day != 1) return false;
    Date next = add_days(*m.temporal_end, 1);
    return next.day == 1;
  };
  if (whole_months())
    return thai_year_month({m.temporal_start->year, m.temporal_start->month}, thai_digits) + " – " +
           thai_year_month({m.temporal_end->year, m.temporal_end->month}, thai_digits);
  std::string s = m.temporal_start ? thai_date_long(*m.temporal_start, thai_digits) : "";
  s += " – ";
  if (m.temporal_end) s += thai_date_long(*m.temporal_end, thai_digits);
  return s;
}

json date_json(const std::optional<Date>& d) { return d ? json(to_iso(*d)) : json(nullptr); }

// Said in the dataset's notes (landing page, GD-Catalog, DCAT) whenever the CSV copy differs from the data.
std::string formula_note(int cells) {
  return "ในไฟล์ CSV มี " + std::to_string(cells) +
         " เซลล์ที่ขึ้นต้นด้วย = + - @ หรืออักขระแท็บ ซึ่ง Excel จะทำงานเป็นสูตร จึงเติมเครื่องหมาย ' ไว้หน้าเซลล์เหล่านั้น "
         "(ตัวเลขอย่าง -12.5 คงไว้ตามเดิม) ไฟล์ JSON และ XLSX เก็บค่าจริง / " +
         std::to_string(cells) + " CSV cell(s) starting with = + - @ or a tab were prefixed with ' so spreadsheets "
         "do not run them as formulas (plain numbers such as -12.5 are kept); the JSON and XLSX files hold the true values.";
}

// A dataset sidecar (content/…/x.dataset.toml): bounded like every source file (source_file.h).
Result<std::string> read_file(const std::filesystem::path& path, const std::string& shown, const std::filesystem::path& source) {
  return read_source_file(path, shown, SourceKind::DatasetMeta, source);
}

}  // namespace

Result<Emitted> emit_open_data(const SiteModel& site) {
  const SiteConfig& cfg = *site.config;
  const OpenDataConfig& od = cfg.opendata;
  Emitted out;

  // Which published page each CSV belongs to; tables of drafts are not published and are no dataset.
  std::map<std::string, const PageView*> owner;
  for (const auto& p : site.pages)
    for (const auto& a : p.attachments)
      if (site.tables->count(a)) owner.emplace(a, &p);
  std::set<std::string> sidecars(site.sidecars.begin(), site.sidecars.end());
  for (const auto& s : sidecars) {
    std::string csv = s.substr(0, s.size() - kSidecarSuffix.size()) + ".csv";
    if (!site.tables->count(csv)) {
      std::string name = s.substr(s.rfind('/') + 1);
      return make_error({"content/" + s, 1, 1}, "dataset sidecar " + name + " has no table: there is no " +
                                                    csv.substr(csv.rfind('/') + 1) + " beside it",
                        "name the sidecar after its CSV file (procurement.csv → procurement.dataset.toml), or remove it");
    }
  }

  std::vector<Dataset> datasets;
  std::map<std::string, std::string> id_owner;  // dataset id → CSV content path
  for (const auto& [path, raw] : *site.tables) {
    auto own = owner.find(path);
    if (own == owner.end()) continue;
    std::string stem = path.substr(0, path.size() - 4);
    std::string sidecar = stem + std::string(kSidecarSuffix);
    bool has_sidecar = sidecars.count(sidecar) > 0;
    if (!od.present && !has_sidecar) continue;
    const PageView& page = *own->second;

    Dataset d;
    d.path = path;
    d.page = &page;
    d.table = normalise_table(raw, &d.masked);

    DatasetSource src;
    src.id = derive_dataset_id(path);
    src.csv_file = "content/" + path;
    src.sidecar_file = "content/" + sidecar;
    std::string sidecar_text;
    if (has_sidecar) {
      auto text = read_file(site.content_dir / sidecar, src.sidecar_file, site.content_dir.parent_path());
      if (!text) return text.error();
      sidecar_text = std::move(*text);
      src.sidecar_text = &sidecar_text;
    }
    src.title = caption_in(page.content_html ? *page.content_html : std::string(), site.url(path));
    if (src.title.empty()) src.title = page.meta->title;
    src.notes = page.meta->summary;
    for (const auto& item_id : page.item_ids) {
      src.tags.push_back(item_id);
      for (const auto& item : site.criteria->items)
        if (item.id == item_id && !item.topics.empty()) src.tags.push_back(item.topics.front());
    }
    if (!page.item_ids.empty()) src.tags.push_back("OIT");
    src.created = page.meta->date;
    src.modified = page.updated;
    if (auto period = period_in(d.table)) {
      src.temporal_start = period->first;
      src.temporal_end = period->second;
    } else if (page.meta->fiscal_year) {
      src.temporal_start = fiscal_year_start(*page.meta->fiscal_year);
      src.temporal_end = fiscal_year_end(*page.meta->fiscal_year);
    }
    src.site = &cfg;
    auto meta = read_dataset_meta(src);
    if (!meta) return meta.error();
    d.meta = std::move(*meta);
    if (auto [it, fresh] = id_owner.emplace(d.meta.name, path); !fresh)
      return make_error({src.sidecar_file, has_sidecar ? 1 : 0, has_sidecar ? 1 : 0},
                        "datasets content/" + it->second + " and content/" + path + " have the same id `" + d.meta.name + "`",
                        "give one of them another name = \"…\" in its sidecar " + src.sidecar_file);
    d.route = "opendata/" + d.meta.name + "/";
    for (const auto& h : d.table.header) d.formulas += is_formula_cell(h);
    for (const auto& row : d.table.rows)
      for (const auto& cell : row) d.formulas += is_formula_cell(cell);
    if (d.formulas) {
      if (!d.meta.notes.empty()) d.meta.notes += "\n\n";
      d.meta.notes += formula_note(d.formulas);
    }
    datasets.push_back(std::move(d));
  }

  // Data files.
  const std::string publisher = cfg.agency.name;
  for (auto& d : datasets) {
    const std::string base = d.route + d.meta.name;
    auto add = [&](std::string format, std::string title, std::string path, std::string media_type, std::string bytes) {
      d.downloads.push_back({std::move(format), std::move(title), path, std::move(media_type), bytes.size()});
      out.files.push_back({std::move(path), std::move(bytes)});
    };
    // The CSV is the copy people open in Excel: formula cells are neutralised there (and the notes say so);
    // the JSON and the XLSX (whose cells are written as text or numbers, never formulas) keep the true value.
    add("CSV", "ไฟล์ CSV (UTF-8, เปิดด้วย Excel ได้)", base + ".csv", "text/csv", write_csv(neutralise_formulas(d.table), true));
    add("JSON", "ไฟล์ JSON", base + ".json", "application/json", table_records(d.table).dump(2) + "\n");
    XlsxOptions xo;
    xo.title = d.meta.title;
    xo.author = d.meta.owner_org;
    xo.company = publisher;
    xo.created = *d.meta.created_date;
    auto xlsx = write_xlsx(d.table, xo);
    if (!xlsx) return make_error({"content/" + d.path, 0, 0}, xlsx.error().message, xlsx.error().hint);
    add("XLSX", "ไฟล์ Excel (XLSX)", base + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        std::move(*xlsx));
  }

  // OCDS release packages of procurement tables.
  if (!od.ocid_prefix.empty()) {
    bool any = false;
    for (auto& d : datasets) {
      if (!is_procurement_table(d.table)) continue;
      any = true;
      d.ocds_path = "opendata/ocds/" + d.meta.name + ".json";
      OcdsOptions oo;
      oo.ocid_prefix = od.ocid_prefix;
      oo.package_uri = site.abs_url(d.ocds_path);
      oo.publisher_name = publisher;
      oo.publisher_uri = cfg.base_url;
      oo.license_url = d.meta.license_url;
      oo.published = *d.meta.last_updated_date;
      oo.file = "content/" + d.path;
      auto pkg = ocds_release_package(d.table, oo);
      if (!pkg) return pkg.error();
      std::string bytes = pkg->dump(2) + "\n";
      d.downloads.push_back({"OCDS", "ข้อมูลการจัดซื้อจัดจ้างตามมาตรฐาน OCDS 1.1 (JSON)", d.ocds_path, "application/json",
                             bytes.size()});
      out.files.push_back({d.ocds_path, std::move(bytes)});
    }
    if (!any)
      out.warnings.push_back({od.ocid_prefix_pos, "`ocid_prefix` is set but no dataset has the procurement columns "
                                                  "(เลขที่โครงการในระบบ e-GP, ชื่อรายการของงานที่ซื้อหรือจ้าง, วิธีการจัดซื้อจัดจ้าง): "
                                                  "no OCDS file is published"});
  }

  // GD-Catalog JSON, for the agency's CKAN.
  for (auto& d : datasets) {
    std::vector<GdResource> resources;
    for (const auto& dl : d.downloads)
      resources.push_back({dl.title, site.abs_url(dl.path), dl.format == "OCDS" ? "JSON" : dl.format});
    std::string path = d.route + d.meta.name + ".gdcatalog.json";
    out.files.push_back({path, gd_catalog_json(d.meta, site.abs_url(d.route), resources).dump(2) + "\n"});
  }

  // The DCAT catalogue.
  DcatCatalog cat;
  cat.iri = site.abs_url("opendata/") + "#catalog";
  cat.title = "ชุดข้อมูลเปิด " + cfg.title;
  cat.description = "ชุดข้อมูลที่" + publisher + " เปิดเผยในรูปแบบที่เครื่องอ่านได้ (CSV, JSON, XLSX)";
  cat.homepage = cfg.base_url;
  cat.publisher_iri = site.abs_url("opendata/") + "#publisher";
  cat.publisher_name = publisher;
  for (const auto& d : datasets) {
    const std::string landing = site.abs_url(d.route);
    DcatDataset dd;
    dd.iri = landing + "#dataset";
    dd.identifier = d.meta.name;
    dd.title = d.meta.title;
    dd.description = d.meta.notes;
    dd.keywords = d.meta.tag_string;
    dd.issued = to_iso(*d.meta.created_date);
    dd.modified = to_iso(*d.meta.last_updated_date);
    if (cat.modified < dd.modified) cat.modified = dd.modified;
    dd.license = d.meta.license_url;
    dd.accrual_periodicity = accrual_periodicity_iri(d.meta.update_frequency_unit);
    dd.landing_page = landing;
    dd.contact_iri = landing + "#contact";
    dd.contact_name = d.meta.maintainer;
    dd.contact_email = d.meta.maintainer_email;
    dd.contact_phone = d.meta.telephone_number;
    dd.temporal_iri = landing + "#period";
    if (d.meta.temporal_start) dd.temporal_start = to_iso(*d.meta.temporal_start);
    if (d.meta.temporal_end) dd.temporal_end = to_iso(*d.meta.temporal_end);
    for (const auto& dl : d.downloads) {
      std::string fragment = dl.format;
      std::transform(fragment.begin(), fragment.end(), fragment.begin(), [](unsigned char c) { return std::tolower(c); });
      dd.distributions.push_back({landing + "#" + fragment, dl.title, dl.format == "OCDS" ? "JSON" : dl.format,
                                  dl.media_type, site.abs_url(dl.path), dl.size});
    }
    cat.datasets.push_back(std::move(dd));
  }
  auto triples = catalog_triples(cat);
  out.files.push_back({"catalog.jsonld", to_jsonld(triples)});
  out.files.push_back({"catalog.ttl", to_turtle(triples)});

  // Pages: one landing page per dataset, and the index.
  const bool thai = cfg.thai_digits;
  auto thai_date = [&](const std::optional<Date>& d) { return d ? thai_date_long(*d, thai) : std::string(); };
  json index = json::array();
  for (const auto& d : datasets) {
    const DatasetMeta& m = d.meta;
    json downloads = json::array();
    json formats = json::array();
    for (const auto& dl : d.downloads) {
      downloads.push_back({{"format", dl.format},
                           {"title", dl.title},
                           {"url", site.url(dl.path)},
                           {"media_type", dl.media_type},
                           {"size", dl.size},
                           {"size_th", human_size(dl.size)}});
      formats.push_back(dl.format);
    }
    json ds = {{"id", m.name},
               {"title", m.title},
               {"notes", m.notes},
               {"url", site.url(d.route)},
               {"permalink", site.abs_url(d.route)},
               {"source_page", {{"title", d.page->meta->title}, {"url", site.url(d.page->route)}}},
               {"data_type", m.data_type},
               {"data_category", m.data_category},
               {"geo_coverage", m.geo_coverage},
               {"objective", m.objective},
               {"tags", m.tag_string},
               {"data_source", m.data_source},
               {"data_format", m.data_format},
               {"data_language", m.data_language},
               {"owner_org", m.owner_org},
               {"maintainer", m.maintainer},
               {"maintainer_email", m.maintainer_email},
               {"telephone_number", m.telephone_number},
               {"license_id", m.license_id},
               {"license_url", m.license_url},
               {"update_frequency_unit", m.update_frequency_unit},
               {"update_frequency_th", frequency_th(m)},
               {"period_th", period_th(m, thai)},
               {"temporal_start", date_json(m.temporal_start)},
               {"temporal_end", date_json(m.temporal_end)},
               {"issued", date_json(m.created_date)},
               {"issued_th", thai_date(m.created_date)},
               {"modified", date_json(m.last_updated_date)},
               {"modified_th", thai_date(m.last_updated_date)},
               {"rows", d.table.rows.size()},
               {"columns", d.table.header},
               {"masked", d.masked},
               {"formula_cells", d.formulas},
               {"downloads", downloads},
               {"formats", formats},
               {"gdcatalog_url", site.url(d.route + m.name + ".gdcatalog.json")}};
    index.push_back(ds);
    out.pages.push_back({d.route, "dataset", m.title,
                         {{"dataset", ds}, {"opendata_url", site.url("opendata/")}}});
  }
  if (!datasets.empty())
    out.pages.push_back({"opendata/", "opendata", "ชุดข้อมูลเปิด (Open Data)",
                         {{"opendata",
                           {{"datasets", index},
                            {"catalog_jsonld_url", site.url("catalog.jsonld")},
                            {"catalog_ttl_url", site.url("catalog.ttl")}}}}});
  return out;
}

}  // namespace oit
