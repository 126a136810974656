// The build's machine-readable list of the OIT items: /oit.json (every item of the round, with the page that
// publishes it) and /itas.csv (item, address, title: the sheet an officer pastes into the ITAS system).
#pragma once
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/criteria.h"
#include "core/thai_date.h"

namespace oit {

// The page that publishes an item, as the manifest names it.
struct ItemPage {
  std::string url;    // absolute: base_url + route
  std::string path;   // its file in the output: "transparency/o1/index.html"
  std::string title;  // the page's title
  std::optional<int> fiscal_year;
  std::optional<Date> updated;           // `updated`, else `date`
  std::vector<std::string> attachments;  // absolute addresses of the files it attaches
};

struct ManifestHeader {
  int round = 0;          // the ITA round (= the fiscal year assessed)
  std::string generated;  // when: "2026-01-05T03:04:05Z"
  std::string base_url, site_title;
};

// oit.json: every item of `items` in criteria order; an item without a page has null url, path, page
// title, fiscal year and date.
std::string oit_manifest_json(const ManifestHeader& header, std::span<const Item> items,
                              const std::map<std::string, ItemPage>& page_of_item);

// itas.csv: "item,url,title" and one row per item (an empty address when it has no page), written by
// core/csv.h's writer: RFC 4180 quoting, \r\n line ends, no BOM.
std::string itas_csv(std::span<const Item> items, const std::map<std::string, ItemPage>& page_of_item);

// Now, in UTC, as the manifest's `generated`.
std::string now_iso_utc();

}  // namespace oit
