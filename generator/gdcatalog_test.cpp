#include "generator/gdcatalog.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {

SiteConfig site_with(const std::string& opendata_toml = "") {
  std::string text =
      "[site]\ntitle = \"สำนักงานตัวอย่าง\"\nbase_url = \"https://www.example.go.th/\"\n"
      "[agency]\nname = \"สำนักงานตัวอย่าง\"\nemail = \"saraban@example.go.th\"\nphone = \"0 2123 4567\"\n"
      "[oit]\nround = 2568\n" +
      opendata_toml;  // [opendata] starts on line 10
  auto c = parse_site_config(text, "site.toml");
  REQUIRE(c.ok());
  return *c;
}

// A sidecar with every field that has no default.
const std::string kSidecar =
    "data_type = \"ข้อมูลระเบียน\"\n"                       // 1
    "objective = [\"พันธกิจหน่วยงาน\"]\n"                    // 2
    "update_frequency_unit = \"เดือน\"\n"                    // 3
    "geo_coverage = \"ประเทศ\"\n"                            // 4
    "data_category = \"ข้อมูลสาธารณะ\"\n"                    // 5
    "license_id = \"Creative Commons Attributions\"\n";     // 6

struct Fixture {
  SiteConfig site;
  std::string text;
  DatasetSource src;
  Fixture(std::string sidecar, SiteConfig s = site_with()) : site(std::move(s)), text(std::move(sidecar)) {
    src.id = "procurement-monthly";
    src.csv_file = "content/procurement/monthly/procurement.csv";
    src.sidecar_file = "content/procurement/monthly/procurement.dataset.toml";
    src.sidecar_text = &text;
    src.title = "รายการจัดซื้อจัดจ้าง";
    src.notes = "รายการจัดซื้อจัดจ้างรายเดือน";
    src.tags = {"O12", "procurement-monthly"};
    src.created = Date{2024, 11, 8};
    src.modified = Date{2025, 4, 8};
    src.site = &site;
  }
  Result<DatasetMeta> read() const { return read_dataset_meta(src); }
  Error error() const {
    auto r = read();
    REQUIRE_FALSE(r.ok());
    return r.error();
  }
};

std::string where(const Error& e) { return e.pos.file + ":" + std::to_string(e.pos.line) + ":" + std::to_string(e.pos.col); }

}  // namespace

TEST_CASE("GD-Catalog: 14 required fields, choice lists as the catalogue spells them") {
  int required = 0;
  for (const auto& f : gd_fields()) required += f.required;
  CHECK(required == 14);
  REQUIRE(gd_field("data_type"));
  CHECK(gd_field("data_type")->choices.size() == 5);
  CHECK(gd_field("update_frequency_unit")->choices.size() == 13);
  CHECK(gd_field("data_category")->choices.front() == "ข้อมูลสาธารณะ");
  CHECK(gd_field("objective")->multiple);
  CHECK(gd_field("nonexistent") == nullptr);
}

TEST_CASE("metadata: sidecar values, then the page and [agency] for the rest") {
  Fixture f(kSidecar);
  auto m = f.read();
  REQUIRE(m.ok());
  CHECK(m->name == "procurement-monthly");
  CHECK(m->title == "รายการจัดซื้อจัดจ้าง");
  CHECK(m->notes == "รายการจัดซื้อจัดจ้างรายเดือน");
  CHECK(m->owner_org == "สำนักงานตัวอย่าง");
  CHECK(m->maintainer_email == "saraban@example.go.th");
  CHECK(m->telephone_number == "0 2123 4567");
  CHECK(m->tag_string == std::vector<std::string>{"O12", "procurement-monthly"});
  CHECK(m->data_format == std::vector<std::string>{"CSV"});
  CHECK(m->data_language == std::vector<std::string>{"ไทย"});
  CHECK(m->objective == std::vector<std::string>{"พันธกิจหน่วยงาน"});
  CHECK(m->license_url == "https://creativecommons.org/licenses/by/4.0/");
  CHECK(to_iso(*m->created_date) == "2024-11-08");
  CHECK(to_iso(*m->last_updated_date) == "2025-04-08");
}

TEST_CASE("metadata: [opendata] defaults fill in, the sidecar wins, values are canonicalised") {
  SiteConfig site = site_with(
      "[opendata]\n"
      "data_category = \"ข้อมูลสาธารณะ\"\n"
      "license_id = \"creative commons attributions\"\n"
      "geo_coverage = \"ประเทศ\"\n"
      "objective = [\"พันธกิจหน่วยงาน\", \"กฎหมายที่เกี่ยวข้อง\"]\n"
      "maintainer = \"กลุ่มงานพัสดุ\"\n");
  Fixture f(
      "data_type = \"ข้อมูลสถิติ\"\n"
      "update_frequency_unit = \"เดือน\"\n"
      "objective = \"อื่น ๆ\"\n"
      "tag_string = \"สถิติ, ร้องเรียน\"\n"
      "name = \"complaints-2568\"\n"
      "update_frequency_interval = 1\n"
      "temporal_start = 2024-10-01\n"
      "temporal_end = \"2025-03-31\"\n",
      site);
  auto m = f.read();
  REQUIRE(m.ok());
  CHECK(m->name == "complaints-2568");
  CHECK(m->license_id == "Creative Commons Attributions");
  CHECK(m->maintainer == "กลุ่มงานพัสดุ");
  CHECK(m->objective == std::vector<std::string>{"อื่นๆ"});
  CHECK(m->tag_string == std::vector<std::string>{"สถิติ", "ร้องเรียน"});
  CHECK(*m->update_frequency_interval == 1);
  CHECK(to_iso(*m->temporal_start) == "2024-10-01");
  CHECK(to_iso(*m->temporal_end) == "2025-03-31");
}

TEST_CASE("metadata errors name the file, line, column, dataset and field, with the allowed values") {
  Fixture bad_choice("data_type = \"ข้อมูลทั่วไป\"\n" + kSidecar.substr(kSidecar.find('\n') + 1));
  Error e = bad_choice.error();
  CHECK(where(e) == "content/procurement/monthly/procurement.dataset.toml:1:13");
  CHECK(e.message ==
        "dataset `procurement-monthly` (content/procurement/monthly/procurement.csv): `data_type` \"ข้อมูลทั่วไป\" is not a "
        "GD-Catalog value");
  CHECK(e.hint ==
        "allowed values: ข้อมูลระเบียน, ข้อมูลสถิติ, ข้อมูลภูมิสารสนเทศเชิงพื้นที่, ข้อมูลหลากหลายประเภท, ข้อมูลประเภทอื่นๆ");

  Fixture missing(kSidecar.substr(kSidecar.find('\n') + 1));
  e = missing.error();
  CHECK(where(e) == "content/procurement/monthly/procurement.dataset.toml:1:1");
  CHECK(e.message == "dataset `procurement-monthly` (content/procurement/monthly/procurement.csv) has no `data_type` "
                     "(ประเภทชุดข้อมูล), one of the 14 fields GD-Catalog requires");
  CHECK(e.hint.rfind("add data_type = \"…\" to content/procurement/monthly/procurement.dataset.toml or to [opendata]", 0) == 0);
  CHECK(e.hint.find("allowed values: ข้อมูลระเบียน") != std::string::npos);

  Fixture typo(kSidecar + "licence_id = \"x\"\n");
  e = typo.error();
  CHECK(where(e) == "content/procurement/monthly/procurement.dataset.toml:7:1");
  CHECK(e.message == "dataset `procurement-monthly` (content/procurement/monthly/procurement.csv): unknown key `licence_id`");
  CHECK(e.hint == "did you mean `license_id`?");

  Fixture list_for_one(kSidecar + "geo_coverage = [\"ประเทศ\"]\n");
  CHECK(list_for_one.error().message.find("TOML syntax error") != std::string::npos);  // a key written twice

  Fixture list_for_one2("data_type = [\"ข้อมูลระเบียน\"]\n" + kSidecar.substr(kSidecar.find('\n') + 1));
  e = list_for_one2.error();
  CHECK(e.message.find("`data_type` takes one value, not a list") != std::string::npos);

  Fixture syntax("data_type = ข้อมูลระเบียน\n");
  e = syntax.error();
  CHECK(where(e) == "content/procurement/monthly/procurement.dataset.toml:1:13");
  CHECK(e.message.rfind("TOML syntax error: ", 0) == 0);

  Fixture bad_name(kSidecar + "name = \"จัดซื้อ\"\n");
  CHECK(bad_name.error().message.find("`name` \"จัดซื้อ\" is not a CKAN dataset name") != std::string::npos);

  Fixture bad_date(kSidecar + "temporal_start = \"31/03/2025\"\n");
  CHECK(where(bad_date.error()) == "content/procurement/monthly/procurement.dataset.toml:7:18");

  Fixture reversed(kSidecar + "temporal_start = 2025-03-31\ntemporal_end = 2024-10-01\n");
  CHECK(reversed.error().message.find("`temporal_end` 2024-10-01 is before `temporal_start` 2025-03-31") != std::string::npos);

  Fixture interval(kSidecar + "update_frequency_interval = 0\n");
  CHECK(interval.error().message.find("update_frequency_interval") != std::string::npos);
}

TEST_CASE("metadata errors in [opendata] defaults point into site.toml") {
  SiteConfig site = site_with("[opendata]\ngeo_coverage = \"ทั้งประเทศ\"\n");
  Fixture f("data_type = \"ข้อมูลระเบียน\"\n", site);
  Error e = f.error();
  CHECK(where(e) == "site.toml:11:16");
  CHECK(e.message.find("`geo_coverage` \"ทั้งประเทศ\" is not a GD-Catalog value (the default in [opendata] of site.toml)") !=
        std::string::npos);
}

TEST_CASE("metadata without a sidecar: a missing field points at the CSV and says to create the sidecar") {
  Fixture f("");
  f.src.sidecar_text = nullptr;
  Error e = f.error();
  CHECK(where(e) == "content/procurement/monthly/procurement.csv:1:1");
  CHECK(e.hint.find("(a new file beside the CSV)") != std::string::npos);
}

TEST_CASE("metadata: e-mail, licence without a known address, missing dates") {
  SiteConfig no_email = site_with();
  no_email.agency.email = "saraban";
  Fixture email(kSidecar, no_email);
  CHECK(email.error().message.find("`maintainer_email` \"saraban\" is not an e-mail address") != std::string::npos);

  Fixture odc(kSidecar.substr(0, kSidecar.find("license_id")) + "license_id = \"Open Data Common\"\n");
  Error e = odc.error();
  CHECK(where(e) == "content/procurement/monthly/procurement.dataset.toml:6:14");
  CHECK(e.message.find("licence \"Open Data Common\" has no web address oit knows") != std::string::npos);
  Fixture odc_url(kSidecar.substr(0, kSidecar.find("license_id")) +
                  "license_id = \"Open Data Common\"\nlicense_url = \"https://data.go.th/pages/conditions\"\n");
  auto m = odc_url.read();
  REQUIRE(m.ok());
  CHECK(m->license_url == "https://data.go.th/pages/conditions");

  Fixture undated(kSidecar);
  undated.src.created.reset();
  undated.src.modified.reset();
  CHECK(undated.error().message.find("has no date") != std::string::npos);
  Fixture only_updated(kSidecar);
  only_updated.src.created.reset();
  auto m2 = only_updated.read();
  REQUIRE(m2.ok());
  CHECK(to_iso(*m2->created_date) == "2025-04-08");
}

TEST_CASE("dataset ids are stable ASCII kebab-case made from the content path") {
  CHECK(derive_dataset_id("procurement/monthly-2568/procurement-2568.csv") == "procurement-monthly-2568");
  CHECK(derive_dataset_id("plans/action-plan-2568/progress-2568-h1.csv") == "plans-action-plan-2568-progress-h1");
  CHECK(derive_dataset_id("Services/Stats_2568/data.CSV") == "services-stats-2568-data");
  std::string thai = derive_dataset_id("ข่าว/สถิติ.csv");
  CHECK(thai.rfind("dataset-", 0) == 0);
  CHECK(thai == derive_dataset_id("ข่าว/สถิติ.csv"));
  CHECK(thai != derive_dataset_id("ข่าว/สถิติอื่น.csv"));
  CHECK(valid_dataset_id(thai));
  CHECK(derive_dataset_id(std::string(300, 'a') + "/b.csv").size() <= 100);
  CHECK(valid_dataset_id("procurement-2568"));
  CHECK_FALSE(valid_dataset_id("Procurement"));
  CHECK_FALSE(valid_dataset_id("a"));
  CHECK_FALSE(valid_dataset_id("จัดซื้อ"));
}

TEST_CASE("GD-Catalog JSON: CKAN field names, tags joined, lists kept, resources") {
  Fixture f(kSidecar + "tag_string = [\"จัดซื้อจัดจ้าง\", \"O12\"]\nupdate_frequency_interval = 1\n");
  auto m = f.read();
  REQUIRE(m.ok());
  auto j = gd_catalog_json(*m, "https://www.example.go.th/opendata/procurement-monthly/",
                           {{"CSV", "https://www.example.go.th/opendata/procurement-monthly/procurement-monthly.csv", "CSV"}});
  CHECK(j["tag_string"] == "จัดซื้อจัดจ้าง,O12");
  CHECK(j["objective"] == nlohmann::ordered_json::array({"พันธกิจหน่วยงาน"}));
  CHECK(j["update_frequency_interval"] == "1");
  CHECK(j["last_updated_date"] == "2025-04-08");
  CHECK(j["resources"][0]["format"] == "CSV");
  for (const auto& field : gd_fields())
    if (field.required) CHECK_MESSAGE(j.contains(field.name), field.name);
}
