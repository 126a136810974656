#include "checks/unchecked.h"

#include <doctest/doctest.h>

using namespace oit;

namespace {

SiteResource answered(int status, const std::string& type = "text/html") {
  SiteResource r;
  r.checked = true;
  r.fetch.status = status;
  r.fetch.content_type = type;
  return r;
}

// An item page at /o1/ linking to a page, a PDF and a slow page; the crawl's deadline cut the slow one.
SiteData site_with_cut_link() {
  SiteData site;
  site.base = *parse_url("https://www.agency.go.th/");
  SiteResource item = answered(200);
  Page page;
  page.links = {{"/news/", "a", "ข่าว", false}, {"/docs/plan.pdf", "a", "แผน", false}, {"/slow/", "a", "ช้า", false},
                {"/menu-slow/", "a", "เมนู", true}};
  item.page = page;
  site.resources["https://www.agency.go.th/o1/"] = item;
  site.resources["https://www.agency.go.th/news/"] = answered(200);
  site.resources["https://www.agency.go.th/docs/plan.pdf"] = answered(200, "application/pdf");
  SiteResource slow;
  slow.fetch.cut = Cut::Deadline;
  slow.fetch.error = "not checked: stopped at the audit's overall time limit (--deadline)";
  site.resources["https://www.agency.go.th/slow/"] = slow;
  site.pages = {"https://www.agency.go.th/o1/"};
  return site;
}

AuditReport report_of(const std::string& url) {
  AuditReport r;
  r.items.push_back({"O1", "โครงสร้าง", url, ItemStatus::Pass, {}, {}});
  r.items.push_back({"O2", "ผู้บริหาร", "", ItemStatus::Fail, {{Severity::Error, "missing", "ไม่มี URL"}}, {}});
  r.summary = {2, 1, 0, 1, 50.0, 3, 0};
  r.rating = rating_for_score(50);
  return r;
}

}  // namespace

TEST_CASE("find_unchecked lists what the bounds cut, with the pages that link to it") {
  SiteData site = site_with_cut_link();
  SiteResource bomb = answered(200);
  bomb.fetch.truncated = true;
  bomb.fetch.content_cut = Cut::Limit;
  bomb.content_problem = "หน้าเว็บยาวเกิน 10 MB";
  site.resources["https://www.agency.go.th/news/"] = bomb;
  SiteResource big_pdf = answered(200, "application/pdf");
  big_pdf.fetch.content_cut = Cut::Limit;  // the audit's "too-large" warning says it already
  site.resources["https://www.agency.go.th/docs/plan.pdf"] = big_pdf;
  auto list = find_unchecked(site);
  REQUIRE(list.size() == 2);
  CHECK(list[0].url == "https://www.agency.go.th/news/");
  CHECK(list[0].why == Cut::Limit);
  CHECK(list[0].content_only);
  CHECK(list[0].detail == "หน้าเว็บยาวเกิน 10 MB");
  CHECK(list[0].pages == std::vector<std::string>{"https://www.agency.go.th/o1/"});
  CHECK(list[1].url == "https://www.agency.go.th/slow/");
  CHECK(list[1].why == Cut::Deadline);
  CHECK_FALSE(list[1].content_only);
  CHECK(count_unchecked(list, Cut::Deadline) == 1);
  CHECK(unchecked_note(list) == "2 links not checked (1 by --deadline, 1 by a size limit): the audit is incomplete");
  CHECK(find_unchecked(SiteData{}).empty());
}

TEST_CASE("an item whose page links to something the deadline cut fails as not checked, never passes") {
  SiteData site = site_with_cut_link();
  AuditReport r = report_of("https://www.agency.go.th/o1/");
  fail_items_left_unchecked(r, site);
  REQUIRE(r.items[0].findings.size() == 1);
  CHECK(r.items[0].status == ItemStatus::Fail);
  CHECK(r.items[0].findings[0].code == "not-checked");
  CHECK(r.items[0].findings[0].message.find("https://www.agency.go.th/slow/") != std::string::npos);
  CHECK(r.items[0].findings[0].message.find("menu-slow") == std::string::npos);  // the page's chrome is not its evidence
  CHECK(r.summary.items_pass == 0);
  CHECK(r.summary.items_fail == 2);
  CHECK(r.summary.score == 0);
  CHECK(r.rating == rating_for_score(0));

  // Nothing cut: nothing changes.
  SiteData whole = site_with_cut_link();
  whole.resources["https://www.agency.go.th/slow/"] = answered(200);
  AuditReport ok = report_of("https://www.agency.go.th/o1/");
  fail_items_left_unchecked(ok, whole);
  CHECK(ok.items[0].status == ItemStatus::Pass);
  CHECK(ok.summary.score == 50.0);
}

TEST_CASE("an item whose own page the deadline cut fails with that reason alone") {
  SiteData site = site_with_cut_link();
  AuditReport r = report_of("https://www.agency.go.th/slow/#top");
  r.items[0].status = ItemStatus::Warn;
  r.items[0].findings = {{Severity::Warning, "unreachable", "ไม่ได้ตรวจ URL นี้ (--offline หรือ --no-external)"}};
  fail_items_left_unchecked(r, site);
  REQUIRE(r.items[0].findings.size() == 1);
  CHECK(r.items[0].status == ItemStatus::Fail);
  CHECK(r.items[0].findings[0].severity == Severity::Error);
  CHECK(r.items[0].findings[0].message.find("time limit") != std::string::npos);
  CHECK(r.summary.items_warn == 0);
  CHECK(unchecked_by_deadline("https://x/").cut == Cut::Deadline);
}
