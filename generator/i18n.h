// The theme's fixed strings ("ข้ามไปยังเนื้อหาหลัก" / "Skip to main content") in each language the site
// publishes: themes/<name>/i18n/<lang>.toml, a flat table of key = "text". Templates read them as `t.key`;
// a text may hold placeholders like {year} that the template fills with `replace`.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace oit {

struct Translations {
  std::string file;                          // where the strings were read, for errors
  std::map<std::string, std::string> text;   // key → text
  std::map<std::string, SourcePos> pos;      // key → where it was written
};

// Reads one translation table; every value must be a non-empty string, keys letters, digits and '_'.
Result<Translations> parse_translations(std::string_view toml_text, const std::string& file);

// Entries of `over` replace those of `base` (a site's theme overriding some of the default theme's strings).
void overlay(Translations& base, const Translations& over);

// Every key of `reference` (the Thai table) must be in `other` and no other key: the first key missing
// or extra is an error naming other's file.
Result<void> check_same_keys(const Translations& reference, const Translations& other);

nlohmann::json to_json(const Translations&);

}  // namespace oit
