// The open-data part of `oit check` (beyond the OIT): a site's DCAT catalogue (/catalog.jsonld and
// /catalog.ttl, as `oit build` writes them, or any site's) is read, and for every dataset its landing
// page and files must be reachable and agree — CSV, JSON (array of records) and XLSX holding the same
// number of rows, the CSV starting with a UTF-8 BOM so Excel reads Thai right. Over HTTP the catalogue
// must be served with the media types harvesters pick their parser by (application/ld+json,
// text/turtle). Pure logic over a `get` function, so a folder and a server are checked alike.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "checks/audit.h"
#include "checks/fetch.h"

namespace oit {

// Bodies of URLs, in order (GET), the way the crawl gets them: from the folder, or over HTTP within the
// crawl's bound. A URL not looked at (--offline, --no-external) comes back with an error starting
// "not checked".
using BodyGetter = std::function<std::vector<FetchResult>(const std::vector<std::string>& urls)>;

struct OpenDataInput {
  std::string catalog_url;  // …/catalog.jsonld
  std::string turtle_url;   // …/catalog.ttl
  bool over_http = false;   // Content-Types are judged only when a server sent them
  BodyGetter get;
  std::function<std::string(const std::string&)> map;  // catalogue URL → where it is served (alias); may be empty
};

// nullopt when the site publishes no catalogue (neither file answers 200).
std::optional<OpenDataReport> check_open_data(const OpenDataInput& in);

// A dataset as the JSON-LD catalogue describes it.
struct CatalogDistribution {
  std::string id, format, media_type, url;  // url: dcat:downloadURL, else dcat:accessURL
};
struct CatalogDataset {
  std::string id, identifier, title, landing_page;
  std::vector<CatalogDistribution> distributions;
};
// Reads dcat:Dataset nodes of a JSON-LD document (@graph or a single node; prefixed names from its
// @context or full IRIs; distributions embedded or by @id). Errors: not JSON, no @graph/node.
Result<std::vector<CatalogDataset>> read_dcat_catalog(std::string_view jsonld, const std::string& url);

// Data rows of an .xlsx workbook's first sheet (the highest row number minus the header row), read with
// zlib from the zip; the sheet is inflated in a stream, so a large or hostile file costs little memory.
// Errors say what is wrong (not a zip, no worksheet, corrupt data).
Result<long> xlsx_data_rows(std::string_view xlsx);

}  // namespace oit
