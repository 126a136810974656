// A page's front matter: TOML between `+++` lines (primary) or YAML between `---` lines.
// Same keys and checks for both; every error points at file:line:col in the whole page file.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/thai_date.h"

namespace oit {

enum class FrontMatterFormat { Toml, Yaml };

struct FrontMatterSplit {
  FrontMatterFormat format = FrontMatterFormat::Toml;
  std::string_view front;  // text between the fences (views into the text given to split_front_matter)
  std::string_view body;   // Markdown after the closing fence
  int front_line = 0;      // 1-based line of the first front-matter line in the file
  int body_line = 0;       // 1-based line of the first body line
};

// `+++` fences → TOML, `---` fences → YAML. The opening fence must be the first line (a UTF-8 BOM before it
// is allowed); fence lines may end in spaces and CRLF. Errors: no front matter (with a hint showing the
// minimal `+++` block), an unterminated block (at the opening fence), NUL bytes ("file looks binary").
Result<FrontMatterSplit> split_front_matter(std::string_view text, const std::string& file);

struct PageMeta {
  std::string title;
  std::vector<std::string> oit;    // as written: "O12" or topic keys; a single string becomes one entry
  std::optional<int> fiscal_year;  // BE 2400..2700
  std::optional<Date> date;        // publication date (Bangkok calendar day)
  std::optional<Date> updated;
  bool draft = false;
  std::string summary;
  std::optional<int> weight;
  std::string layout, slug;
  std::map<std::string, SourcePos> key_pos;  // where each key was written (file, line, col in the whole file)
};

// Reads the front matter; positions are in terms of the whole file. Columns count characters, not bytes.
// Unknown keys, wrong types, empty title, bad dates/slugs/layouts are errors; the first one in the file wins.
Result<PageMeta> parse_front_matter(const FrontMatterSplit& split, const std::string& file);

}  // namespace oit
