// What `oit new`'s two halves share (generator/scaffold.cpp makes a new site, generator/migrate.cpp carries one
// to the next round): the marks placeholders carry, small text helpers, and the page texts of a new site,
// which are embedded files (generator/scaffold/…, like the default theme) with {{name}} slots.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/criteria.h"
#include "core/thai_date.h"

namespace oit::scaffold_detail {

inline constexpr std::string_view kPlaceholderMark = "# oit-new: placeholder, round ";
inline constexpr std::string_view kFollowsMark = "# oit-new: follows ";
inline constexpr std::string_view kKeptMark = "# oit-new: kept, round ";
inline constexpr std::string_view kDroppedMark = "# oit-new: not in round ";
inline constexpr std::string_view kSection = "transparency";

// A TOML basic string of s.
std::string toml_quote(std::string_view s);

// Text from the criteria shown in Markdown: characters Markdown would read as markup are escaped.
std::string md_text(std::string_view s);

// "1 ต.ค. 67 – 30 ก.ย. 68": the days of fiscal year fy.
std::string fy_range(int fy);

// The lines of text, each with its '\n' (the last may have none).
std::vector<std::string> split_lines(std::string_view text);

// Without leading spaces and tabs and trailing spaces, tabs and line ends (not core/text.h's trim, which
// also takes leading line ends and form feeds: front matter values are read as they were).
std::string trim_blanks(std::string_view s);

// "a/b" of "a/b/c", "" of "c"; and "c" of "a/b/c".
std::string dir_of(std::string_view path);
std::string name_of(std::string_view path);

// Folder name of an item's page in a new site: its primary topic, and the fiscal year it asks for.
std::string scaffold_folder(const Criteria& c, const Item& item);

// A page of front matter (`comment` lines first, then title, summary, updated, weight) and body.
std::string simple_page(const std::string& title, const std::string& summary, const Date& updated, int weight,
                        const std::string& body, const std::string& comment = {});

// The embedded page text generator/scaffold/<name> with each {{key}} replaced by its value.
std::string scaffold_text(std::string_view name, const std::map<std::string, std::string>& values);

// README.md of a new site: the steps, and the page file of every item.
std::string site_readme(const Criteria& c);

}  // namespace oit::scaffold_detail
