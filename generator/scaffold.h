// `oit new`: a complete site for an ITA round, made from the round's criteria file, and the carrying of a
// site from one round to the next.
//
// Pages still to be written ("placeholders") are published, so the author sees the guidance in the
// browser, but their `oit` line is commented out: the page stands for no item, so the hub shows the item
// as missing and `oit check` reports it as missing until the author writes the page and removes the `# `.
// (`draft = true` would hide the guidance; tagging a page full of guidance would let the checker find the
// required words in the guidance itself and pass an empty page.) A placeholder is recognised by the
// comment `# oit-new: placeholder, round N` in its front matter and a commented `# oit = "topic"` line.
//
// Planning is pure (texts in, files to write and a report out); only create_site and migrate_site touch
// the disk.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/criteria.h"
#include "core/error.h"
#include "core/thai_date.h"

namespace oit {

// A file to write, relative to the site folder ('/'-separated).
struct SiteFile {
  std::string path;
  std::string text;
};

// The round `oit new` uses without --round: the fiscal year of `today` when its criteria are embedded,
// else the newest embedded round before it (else the oldest embedded round).
int default_round(const Date& today);

// Where the page of an item goes in a new site: "transparency/<primary topic>[-<fiscal year>]/index.md";
// the item whose topics include the news section ("news") is the news section itself.
std::string scaffold_page_path(const Criteria& c, const Item& item);

// The placeholder page of an item: front matter (commented `oit` line, title, fiscal year the item asks for,
// `updated`, summary, weight) and a Markdown body with the item's guidance, required elements and period rule.
// `path` is the page's own content path; `previous` (content path, may be empty) names last year's page it
// follows, linked from the body.
std::string placeholder_page(const Criteria& c, const Item& item, const Date& updated, const std::string& path,
                             const std::string& previous = {});

// Every file of a new site for round c.round: site.toml, README.md, .gitignore, content/ (home page, news
// section, one placeholder per item, the five policy pages).
std::vector<SiteFile> scaffold_site(const Criteria& c, const Date& today);

struct ScaffoldSummary {
  std::filesystem::path dir;
  int round = 0;
  int item_pages = 0;  // placeholders written
  int files = 0;
};

// Writes scaffold_site into `dir`, which must not exist or be empty (never overwrites anything). The files
// are written into a temporary folder beside `dir` and renamed into place, so a failure leaves nothing.
Result<ScaffoldSummary> create_site(const std::filesystem::path& dir, const Criteria& c, const Date& today);

// ---- carrying a site to the next round ----

struct MigrationInput {
  std::string site_toml;                      // text of site.toml
  std::string readme;                         // text of README.md ("" when none): rewritten when oit new's is untouched
  std::map<std::string, std::string> pages;   // content path ("news/_index.md") → text, every *.md file
  std::vector<std::string> files;             // every other file under content/ (bundle attachments)
  const Criteria* from = nullptr;
  const Criteria* to = nullptr;
  Date today;
};

struct MigrationPlan {
  std::vector<SiteFile> writes;     // site paths ("site.toml", "content/…") with their new text
  std::vector<std::string> removes; // site paths of unfilled placeholders moved to a new folder name
  std::vector<std::string> actions; // what this run changes, one line each (empty when already done)
  std::vector<std::string> notes;   // what it left alone and why
  std::string report_path;          // "oit-round-2569.md"
  std::string report;               // Markdown: numbers, merged and new items, what to update, kept pages
  int todo = 0;                     // items of the new round still to be filled in or updated
};

// Plans the move of a site from round from->round to to->round. Idempotent: planning again on the result
// gives no writes besides the same report. Never removes a page the author wrote: last year's pages stay
// published (assessors look at previous-year reports), their `oit` line commented out when a new page
// for the new fiscal year takes the item over.
Result<MigrationPlan> plan_migration(const MigrationInput& in);

// Reads `dir`, plans and applies the migration; writes the report into `dir`.
Result<MigrationPlan> migrate_site(const std::filesystem::path& dir, int from_round, int to_round, const Date& today);

}  // namespace oit
