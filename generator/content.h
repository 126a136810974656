// The shape of a site's content/ folder: which files are pages, which are published beside them, and
// where each lands in the output. Planning is pure (a list of relative paths in, a plan out); only
// list_content_files touches the disk.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace oit {

enum class PageKind { Home, Section, Page };

struct PageSource {
  std::string rel;     // path under content/, '/'-separated: "news/a.md", "about/structure/index.md"
  PageKind kind = PageKind::Page;
  bool bundle = false;  // index.md / _index.md: the files of its folder are its attachments
  std::string dir;      // folder of the file under content/ ("" at the root)
  std::string stem;     // leaf pages: file name without ".md" (the default slug); empty for bundles
  int parent = -1;      // index of the nearest ancestor section (_index.md) in ContentPlan::pages, -1 for none
};

// An English twin: `news/a.en.md` beside `news/a.md` (also `index.en.md`, `_index.en.md`), published under
// /en/ as the translation of the Thai page.
struct TwinSource {
  std::string rel;  // "news/a.en.md"
  int page = -1;    // index of the Thai page in ContentPlan::pages; -1 when there is none (an error to report)
};

struct ContentPlan {
  std::vector<PageSource> pages;    // sorted by rel (Thai pages: every .md file that is not a twin)
  std::vector<TwinSource> twins;    // sorted by rel
  std::vector<std::string> assets;    // every other file, published at the same relative path
  std::vector<std::string> sidecars;  // *.dataset.toml: metadata read by the build, never published
};

// Classifies files (relative to content/) into pages and assets and links pages to their sections.
ContentPlan plan_content(std::vector<std::string> rel_files);

// The folder URL path of a page, relative to the site root, without a leading '/', ending in '/' except
// for the home page (""): "news/a/", "about/structure/". `slug` replaces a leaf page's file stem.
std::string page_route(const PageSource& page, std::string_view slug = {});

// How deep folders may nest under content/ (and a theme's folders): deeper ones are an error, found before
// the walk goes further down (a 50,000-deep nest would hold a folder handle and a path per level).
inline constexpr int kMaxFolderDepth = 32;

// Every regular file under `content_dir` (hidden files and folders skipped), relative, '/'-separated,
// sorted. A symlink is followed only when it stays inside the source folder and points at a file;
// otherwise (outside, a folder, a loop, a dangling link) it is an error naming the link. A FIFO, socket or
// device is an error too (never read, never silently left out).
Result<std::vector<std::string>> list_content_files(const std::filesystem::path& content_dir,
                                                    const std::filesystem::path& source_root);

// The same for any folder of the source (a theme's templates/ and static/): errors name files as
// `shown_prefix` + relative path; `dir` itself must lead to a folder inside `source_root`.
Result<std::vector<std::string>> list_source_files(const std::filesystem::path& dir,
                                                   const std::filesystem::path& source_root,
                                                   const std::string& shown_prefix, bool skip_hidden);

}  // namespace oit
