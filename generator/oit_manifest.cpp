#include "generator/oit_manifest.h"

#include <ctime>

#include <nlohmann/json.hpp>

#include "core/csv.h"

using json = nlohmann::json;

namespace oit {

std::string oit_manifest_json(const ManifestHeader& header, std::span<const Item> items,
                              const std::map<std::string, ItemPage>& page_of_item) {
  json list = json::array();
  for (const auto& item : items) {
    auto it = page_of_item.find(item.id);
    const ItemPage* p = it == page_of_item.end() ? nullptr : &it->second;
    json atts = json::array();
    if (p)
      for (const auto& a : p->attachments) atts.push_back(a);
    list.push_back({{"id", item.id},
                    {"topics", item.topics},
                    {"title", item.title},
                    {"indicator", item.indicator},
                    {"sub_indicator", item.sub_indicator},
                    {"url", p ? json(p->url) : json(nullptr)},
                    {"path", p ? json(p->path) : json(nullptr)},
                    {"page_title", p ? json(p->title) : json(nullptr)},
                    {"fiscal_year", p && p->fiscal_year ? json(*p->fiscal_year) : json(nullptr)},
                    {"updated", p && p->updated ? json(to_iso(*p->updated)) : json(nullptr)},
                    {"attachments", atts}});
  }
  json manifest = {{"generator", "oit"},
                   {"round", header.round},
                   {"fiscal_year", header.round},
                   {"generated", header.generated},
                   {"base_url", header.base_url},
                   {"site_title", header.site_title},
                   {"items", list}};
  return manifest.dump(2) + "\n";
}

std::string itas_csv(std::span<const Item> items, const std::map<std::string, ItemPage>& page_of_item) {
  CsvTable sheet;
  sheet.header = {"item", "url", "title"};
  for (const auto& item : items) {
    auto it = page_of_item.find(item.id);
    sheet.rows.push_back({item.id, it == page_of_item.end() ? std::string() : it->second.url, item.title});
  }
  return write_csv(sheet, /*with_bom=*/false);
}

std::string now_iso_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace oit
