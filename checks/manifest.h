// A site's oit.json as `oit check` reads it: which URL the site gives for each item, and how the items of
// the round it was built for map to the round being checked.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/criteria.h"

namespace oit {

// The generator's oit.json.
struct ManifestItem {
  std::string id, url;              // url "" for null
  std::vector<std::string> topics;  // stable topic keys (may be absent in older manifests)
};
struct Manifest {
  int round = 0;
  std::string base_url;
  std::string site_title;  // the agency's site name ("" in older manifests)
  std::vector<ManifestItem> items;
};
Result<Manifest> parse_manifest(std::string_view json, const std::string& file);

// Item URLs of `target`'s round from a manifest built for another round (or the same): items are
// matched by topic key, so a site built for 2568 is re-checked against 2569 although the O-numbers
// moved. `built_for` is the manifest round's criteria, used when the manifest lists no topics.
std::map<std::string, std::string> manifest_item_urls(const Manifest& m, const Criteria& target,
                                                      const Criteria* built_for);

}  // namespace oit
