#include "generator/ocds.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <map>

namespace oit {

namespace {

using oj = nlohmann::ordered_json;

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// The first column whose header contains one of the words, or -1.
int column(const CsvTable& t, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    for (size_t c = 0; c < t.header.size(); ++c)
      if (t.header[c].find(w) != std::string::npos) return static_cast<int>(c);
  return -1;
}

struct Columns {
  int project, title, method, budget, budget_source, status, reference_price, agreed_price, supplier, buyer, month,
      contract_no, contract_date;
  explicit Columns(const CsvTable& t)
      : project(column(t, {"เลขที่โครงการ", "e-GP"})),
        title(column(t, {"ชื่อรายการ", "งานที่จัดซื้อหรือจัดจ้าง", "งานที่ซื้อหรือจ้าง"})),
        method(column(t, {"วิธีการจัดซื้อจัดจ้าง", "วิธีซื้อหรือจ้าง", "วิธีการจัดหา"})),
        budget(column(t, {"วงเงินงบประมาณ", "วงเงินที่จะซื้อหรือจ้าง", "วงเงิน"})),
        budget_source(column(t, {"แหล่งที่มาของงบประมาณ"})),
        status(column(t, {"สถานะการจัดซื้อจัดจ้าง", "สถานะ"})),
        reference_price(column(t, {"ราคากลาง"})),
        agreed_price(column(t, {"ราคาที่ตกลง"})),
        supplier(column(t, {"ผู้ประกอบการที่ได้รับการคัดเลือก", "ผู้ได้รับการคัดเลือก", "ผู้ประกอบการ"})),
        buyer(column(t, {"ชื่อหน่วยงาน"})),
        month(-1),
        contract_no(column(t, {"เลขที่สัญญา"})),
        contract_date(column(t, {"วันที่ลงนาม", "วันที่ทำสัญญา", "วันที่สัญญา"})) {
    for (size_t c = 0; c < t.header.size(); ++c)
      if (trim(t.header[c]) == "เดือน") month = static_cast<int>(c);
  }
};

std::string cell(const std::vector<std::string>& row, int c) { return c < 0 ? std::string() : trim(row[c]); }

bool is_blank(const std::string& v) { return v.empty() || v == "-" || v == "–"; }

std::optional<double> amount_of(const std::string& v) {
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || end != v.data() + v.size() || v.empty()) return std::nullopt;
  return d;
}

oj value_of(double amount) { return {{"amount", amount}, {"currency", "THB"}}; }

std::string date_time(const Date& d) { return to_iso(d) + "T00:00:00+07:00"; }

Date last_day_of(const YearMonth& ym) {
  for (int day = 31; day >= 28; --day)
    if (is_valid_date(ym.year, ym.month, day)) return Date{ym.year, ym.month, day};
  return Date{ym.year, ym.month, 28};
}

}  // namespace

bool is_procurement_table(const CsvTable& table) {
  Columns c(table);
  return c.project >= 0 && c.title >= 0 && c.method >= 0;
}

std::optional<std::string> ocds_procurement_method(std::string_view thai_method) {
  std::string m = lower_ascii(thai_method);
  for (std::string_view w : {"e-bidding", "ebidding", "e-market", "emarket", "ประกวดราคา", "สอบราคา", "ตลาดอิเล็กทรอนิกส์"})
    if (m.find(w) != std::string::npos) return "open";
  if (m.find("คัดเลือก") != std::string::npos) return "limited";
  if (m.find("เฉพาะเจาะจง") != std::string::npos) return "direct";
  return std::nullopt;
}

Result<oj> ocds_release_package(const CsvTable& table, const OcdsOptions& o) {
  Columns col(table);
  oj releases = oj::array();
  std::map<std::string, int> seen;  // release id → source line
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const int line = r < table.row_lines.size() ? table.row_lines[r] : 0;
    std::string project = cell(row, col.project);
    if (project.empty() || !std::all_of(project.begin(), project.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;  // no e-GP project: the "no procurement this month" row
    const std::string ocid = o.ocid_prefix + "-" + project;

    std::string method_text = cell(row, col.method);
    auto method = ocds_procurement_method(method_text);
    if (!method)
      return make_error({o.file, line, 0},
                        "procurement method \"" + method_text + "\" of e-GP project " + project + " cannot be mapped to OCDS",
                        "write the method as the Procurement Act names it: e-bidding, e-market, สอบราคา, คัดเลือก or "
                        "เฉพาะเจาะจง");

    Date date = o.published;
    std::string suffix = "line-" + std::to_string(line);
    if (auto ym = parse_year_month(cell(row, col.month))) {
      date = std::min(last_day_of(*ym), o.published);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d", ym->year, ym->month);
      suffix = buf;
    }
    const std::string release_id = ocid + "-" + suffix;
    if (auto [it, fresh] = seen.emplace(release_id, line); !fresh)
      return make_error({o.file, line, 0},
                        "e-GP project " + project + " is listed twice for the same month (lines " +
                            std::to_string(it->second) + " and " + std::to_string(line) + ")",
                        "keep one row per project and month");

    std::string buyer_name = cell(row, col.buyer);
    if (is_blank(buyer_name)) buyer_name = o.publisher_name;
    oj buyer = {{"id", "buyer"}, {"name", buyer_name}};
    oj parties = oj::array({{{"id", "buyer"}, {"name", buyer_name}, {"roles", {"buyer", "procuringEntity"}}}});

    oj tender = {{"id", project}, {"title", cell(row, col.title)}};
    std::string status_text = cell(row, col.status);
    std::string supplier = cell(row, col.supplier);
    auto agreed = amount_of(cell(row, col.agreed_price));
    bool awarded = !is_blank(supplier);
    bool cancelled = status_text.find("ยกเลิก") != std::string::npos;
    tender["status"] = cancelled ? "cancelled" : awarded ? "complete" : "active";
    tender["procurementMethod"] = *method;
    tender["procurementMethodDetails"] = method_text;
    if (auto v = amount_of(cell(row, col.reference_price))) tender["value"] = value_of(*v);
    tender["procuringEntity"] = buyer;

    oj release = {{"ocid", ocid}, {"id", release_id}, {"date", date_time(date)}, {"tag", oj::array({"tender"})},
                  {"initiationType", "tender"}, {"language", "th"}};
    if (auto budget = amount_of(cell(row, col.budget))) {
      oj b = {{"amount", value_of(*budget)}};
      if (std::string src = cell(row, col.budget_source); !is_blank(src)) b["description"] = src;
      release["planning"] = {{"budget", b}};
    }
    release["tender"] = tender;
    release["buyer"] = buyer;

    if (awarded && !cancelled) {
      parties.push_back({{"id", "supplier-1"}, {"name", supplier}, {"roles", {"supplier"}}});
      oj award = {{"id", project + "-award-1"}, {"status", "active"}};
      if (agreed) award["value"] = value_of(*agreed);
      award["suppliers"] = oj::array({{{"id", "supplier-1"}, {"name", supplier}}});
      release["awards"] = oj::array({award});
      release["tag"].push_back("award");

      std::string contract_no = cell(row, col.contract_no);
      std::string contract_status;
      if (status_text.find("อยู่ระหว่างระยะสัญญา") != std::string::npos) contract_status = "active";
      else if (status_text.find("สิ้นสุดระยะสัญญา") != std::string::npos) contract_status = "terminated";
      else if (!is_blank(contract_no)) contract_status = "active";
      if (!contract_status.empty()) {
        oj contract = {{"id", is_blank(contract_no) ? project + "-contract-1" : contract_no},
                       {"awardID", project + "-award-1"},
                       {"status", contract_status}};
        if (agreed) contract["value"] = value_of(*agreed);
        std::string signed_text = cell(row, col.contract_date);
        if (auto d = parse_iso_date(signed_text); d && !is_blank(signed_text)) contract["dateSigned"] = date_time(*d);
        release["contracts"] = oj::array({contract});
        release["tag"].push_back("contract");
      }
    }
    release["parties"] = parties;
    releases.push_back(std::move(release));
  }
  return oj{{"uri", o.package_uri},
            {"version", "1.1"},
            {"publishedDate", date_time(o.published)},
            {"publisher", {{"name", o.publisher_name}, {"uri", o.publisher_uri}}},
            {"license", o.license_url},
            {"releases", releases}};
}

}  // namespace oit
