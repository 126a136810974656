// Procurement disclosures (OIT item O12, columns of the NACC form) as an Open Contracting Data Standard 1.1
// release package. The e-GP project number makes the ocid (prefix registered with the Open Contracting
// Partnership + "-" + number) and tender.id; one release per table row that has an e-GP number (the
// "ไม่มีการจัดซื้อจัดจ้าง" row of an empty month has none and is skipped).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/error.h"
#include "core/thai_date.h"

namespace oit {

struct OcdsOptions {
  std::string ocid_prefix;                   // "ocds-213czf"
  std::string package_uri;                   // the package's own absolute URL
  std::string publisher_name, publisher_uri; // the agency
  std::string license_url;
  Date published;                            // the dataset's last update: publishedDate, latest release date
  std::string file;                          // "content/…/procurement.csv", for row errors
};

// A procurement table: it has the columns of the e-GP project number, the item and the method.
bool is_procurement_table(const CsvTable& table);

// Thai procurement method (Procurement Act 2560) → OCDS procurementMethod: e-bidding, e-market, ประกวดราคา,
// สอบราคา → "open"; วิธีคัดเลือก → "limited"; วิธีเฉพาะเจาะจง → "direct". nullopt for anything else.
std::optional<std::string> ocds_procurement_method(std::string_view thai_method);

// The release package for a normalised table (personal IDs already masked). Mapping: item → tender.title,
// วงเงินงบประมาณ → planning.budget.amount (THB) with the budget source as its description, ราคากลาง →
// tender.value, method → tender.procurementMethod with the Thai text in procurementMethodDetails, the
// selected supplier and agreed price → awards[0], the contract (when the status or a contract-number column
// says there is one) → contracts[0] with its id and dateSigned when given. The month column (YYYY-MM) dates a
// row's release (the month's last day, never after `published`) and tells rows of one project apart.
// Errors (file:line): an unknown method, the same project twice in one month.
Result<nlohmann::ordered_json> ocds_release_package(const CsvTable& table, const OcdsOptions& options);

}  // namespace oit
