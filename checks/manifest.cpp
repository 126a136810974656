#include "checks/manifest.h"

#include <nlohmann/json.hpp>

#include "checks/json_limits.h"

namespace oit {

Result<Manifest> parse_manifest(std::string_view json, const std::string& file) {
  auto j = json_too_big(json) ? nlohmann::json(nullptr) : nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error({file, 0, 0}, "not a JSON object: the manifest cannot be read", "rebuild the site with `oit build`");
  Manifest m;
  if (j.contains("round") && j["round"].is_number_integer()) m.round = j["round"].get<int>();
  if (j.contains("base_url") && j["base_url"].is_string()) m.base_url = j["base_url"].get<std::string>();
  if (j.contains("site_title") && j["site_title"].is_string()) m.site_title = j["site_title"].get<std::string>();
  if (!j.contains("items") || !j["items"].is_array())
    return make_error({file, 0, 0}, "the manifest has no `items` list", "rebuild the site with `oit build`");
  for (const auto& it : j["items"]) {
    if (!it.is_object() || !it.contains("id") || !it["id"].is_string()) continue;
    ManifestItem mi;
    mi.id = it["id"].get<std::string>();
    mi.url = it.contains("url") && it["url"].is_string() ? it["url"].get<std::string>() : "";
    if (it.contains("topics") && it["topics"].is_array())
      for (const auto& t : it["topics"])
        if (t.is_string()) mi.topics.push_back(t.get<std::string>());
    m.items.push_back(std::move(mi));
  }
  return m;
}

std::map<std::string, std::string> manifest_item_urls(const Manifest& m, const Criteria& target, const Criteria* built_for) {
  std::map<std::string, std::string> out;
  if (m.round == target.round || m.round == 0) {
    for (const auto& mi : m.items)
      if (const Item* it = target.find(mi.id)) out[it->id] = mi.url;
    return out;
  }
  // topic → URL of the manifest's item carrying it
  std::map<std::string, std::string> by_topic;
  for (const auto& mi : m.items) {
    std::vector<std::string> topics = mi.topics;
    if (topics.empty() && built_for)
      if (const Item* src = built_for->find(mi.id)) topics = src->topics;
    for (const auto& t : topics)
      if (!by_topic.count(t) || by_topic[t].empty()) by_topic[t] = mi.url;
  }
  for (const auto& it : target.items) {
    for (const auto& t : it.topics) {  // the primary topic first
      auto f = by_topic.find(t);
      if (f != by_topic.end() && !f->second.empty()) {
        out[it.id] = f->second;
        break;
      }
    }
  }
  return out;
}

}  // namespace oit
