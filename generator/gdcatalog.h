// Dataset metadata in the Thai Government Data Catalog schema (GD-Catalog: CKAN with the thai-gdc
// scheming fields), which agency catalogues and data.go.th use. A dataset's metadata is read from its sidecar
// `<name>.dataset.toml` (GD-Catalog field names as keys), then [opendata] defaults in site.toml, then what
// the site already says (the page's title and summary, [agency] contacts). The 14 required fields are checked
// here, with the allowed Thai values of each choice field.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "generator/config.h"
#include "core/error.h"
#include "core/thai_date.h"

namespace oit {

struct GdField {
  std::string_view name;   // CKAN field name ("data_type")
  std::string_view label;  // the Thai label of the CKAN form ("ประเภทชุดข้อมูล")
  bool required = false;   // one of the 14 the catalogue refuses a dataset without
  bool multiple = false;   // a list of values (tag_string, objective, data_format, data_language)
  std::vector<std::string_view> choices;  // the allowed values; empty for free text
};

// The fields oit reads: the 14 required ones in the order of the CKAN form, then the optional ones.
const std::vector<GdField>& gd_fields();
const GdField* gd_field(std::string_view name);

struct DatasetMeta {
  std::string name;  // CKAN `name`: the dataset id, ASCII kebab-case; its URLs are /opendata/<name>/
  std::string data_type, title, owner_org, maintainer, maintainer_email, notes, update_frequency_unit,
      geo_coverage, data_source, data_category, license_id;
  std::vector<std::string> tag_string, objective, data_format, data_language;
  std::string telephone_number;
  std::optional<int> update_frequency_interval;
  std::optional<Date> created_date, last_updated_date;     // issued and modified in DCAT
  std::optional<Date> temporal_start, temporal_end;        // the period the data covers
  std::string license_url;                                 // the licence's web address
};

// Everything besides the sidecar that a dataset's metadata is made from.
struct DatasetSource {
  std::string id;            // derived from the content path (derive_dataset_id); the sidecar's `name` replaces it
  std::string csv_file;      // "content/procurement/monthly/procurement.csv", for messages
  std::string sidecar_file;  // "content/procurement/monthly/procurement.dataset.toml", whether it exists or not
  const std::string* sidecar_text = nullptr;  // null when there is no sidecar
  std::string title, notes;                   // from the page: table caption or title; summary
  std::vector<std::string> tags;              // from the page: its OIT items and topics
  std::optional<Date> created, modified;      // the page's date and updated
  std::optional<Date> temporal_start, temporal_end;  // derived from the data or the page's fiscal year
  const SiteConfig* site = nullptr;                  // [agency] contacts, [opendata] defaults
};

// Sidecar keys: every field of gd_fields(), plus `name` (the dataset id), `license_url`, `temporal_start`
// and `temporal_end` (ISO dates). Unknown keys, wrong types and values outside a field's choices are errors
// at the value's file:line:col naming the dataset, the field and the allowed values; a required field with
// no value anywhere is an error naming the sidecar to write it in. Choice values match ignoring spaces and
// ASCII case ("อื่น ๆ" is "อื่นๆ") and come out as the catalogue spells them.
Result<DatasetMeta> read_dataset_meta(const DatasetSource& source);

// The licence's web address for a GD-Catalog licence (Creative Commons 4.0 for the CC ones), or "" when
// the licence has none of its own (Open Data Common, อื่นๆ): then `license_url` must say.
std::string license_url_of(std::string_view license_id);

// "procurement/monthly-2568/procurement-2568.csv" → "procurement-monthly-2568": the folders and the file
// name, lowercased, runs of anything but ASCII letters and digits made '-', words already used dropped,
// at most 100 characters. Names with no ASCII word get "dataset-" and a hash of the path. Stable: the same
// path always gives the same id.
std::string derive_dataset_id(std::string_view content_path);
// CKAN's rule for `name`: 2-100 characters, lowercase ASCII letters, digits, '-' and '_'.
bool valid_dataset_id(std::string_view id);

struct GdResource {
  std::string name, url, format;
};
// The dataset in GD-Catalog field names, for package_create on the agency's CKAN: tag_string joined with
// commas, multiple-choice fields as lists, dates ISO, `url` the landing page, `resources` the downloads.
nlohmann::ordered_json gd_catalog_json(const DatasetMeta& meta, const std::string& landing_url,
                                       const std::vector<GdResource>& resources);

}  // namespace oit
