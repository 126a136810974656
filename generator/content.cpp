#include "generator/content.h"

#include <algorithm>
#include <map>

namespace fs = std::filesystem;

namespace oit {

namespace {
std::string parent_dir(std::string_view rel) {
  size_t slash = rel.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(rel.substr(0, slash));
}
std::string base_name(std::string_view rel) {
  size_t slash = rel.rfind('/');
  return std::string(slash == std::string_view::npos ? rel : rel.substr(slash + 1));
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

ContentPlan plan_content(std::vector<std::string> rel_files) {
  std::sort(rel_files.begin(), rel_files.end());
  ContentPlan plan;
  std::map<std::string, int> section_of_dir;  // folder → index of its _index.md
  std::map<std::string, int> page_of_rel;
  for (auto& rel : rel_files) {
    if (ends_with(rel, ".en.md")) {
      plan.twins.push_back({std::move(rel), -1});
      continue;
    }
    if (ends_with(rel, ".dataset.toml")) {
      plan.sidecars.push_back(std::move(rel));
      continue;
    }
    if (!ends_with(rel, ".md")) {
      plan.assets.push_back(std::move(rel));
      continue;
    }
    PageSource p;
    p.rel = rel;
    p.dir = parent_dir(rel);
    std::string name = base_name(rel);
    if (name == "_index.md") {
      p.kind = p.dir.empty() ? PageKind::Home : PageKind::Section;
      p.bundle = true;
      section_of_dir[p.dir] = static_cast<int>(plan.pages.size());
    } else if (name == "index.md") {
      p.bundle = true;
    } else {
      p.stem = name.substr(0, name.size() - 3);
    }
    page_of_rel[rel] = static_cast<int>(plan.pages.size());
    plan.pages.push_back(std::move(p));
  }
  for (auto& t : plan.twins)
    if (auto it = page_of_rel.find(t.rel.substr(0, t.rel.size() - 6) + ".md"); it != page_of_rel.end()) t.page = it->second;
  // Parent section: nearest folder above the page's own route folder that has an _index.md.
  for (auto& p : plan.pages) {
    if (p.kind == PageKind::Home) continue;
    std::string d = (p.bundle) ? parent_dir(p.dir) : p.dir;
    if (p.bundle && p.dir.empty()) d.clear();
    for (;;) {
      auto it = section_of_dir.find(d);
      if (it != section_of_dir.end()) {
        p.parent = it->second;
        break;
      }
      if (d.empty()) break;
      d = parent_dir(d);
    }
  }
  return plan;
}

std::string page_route(const PageSource& page, std::string_view slug) {
  if (page.bundle) return page.dir.empty() ? std::string() : page.dir + "/";
  std::string leaf = slug.empty() ? page.stem : std::string(slug);
  return (page.dir.empty() ? std::string() : page.dir + "/") + leaf + "/";
}

namespace {
bool is_inside(const fs::path& root, const fs::path& p) {
  return std::mismatch(root.begin(), root.end(), p.begin(), p.end()).first == root.end();
}
}  // namespace

Result<std::vector<std::string>> list_source_files(const fs::path& dir, const fs::path& source_root,
                                                   const std::string& shown_prefix, bool skip_hidden) {
  std::error_code ec;
  fs::path root = fs::canonical(source_root, ec);
  if (ec) return make_error({source_root.string(), 0, 0}, "cannot read the source folder: " + ec.message());
  // The folder itself may be a link: what it leads to must be inside the source folder too.
  fs::path real_dir = fs::canonical(dir, ec);
  if (ec || !is_inside(root, real_dir))
    return make_error({shown_prefix, 0, 0}, "folder is a symlink that leads outside the source folder",
                      "keep the site's files inside the source folder; copy them instead of linking");
  std::vector<std::string> files;
  const size_t dir_prefix = (dir / "").generic_string().size();
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  if (ec) return make_error({shown_prefix, 0, 0}, "cannot read folder: " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return make_error({shown_prefix, 0, 0}, "cannot read folder: " + ec.message());
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (skip_hidden && !name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    // The iterator's paths start with `dir` and a separator: cutting it is exact (lexically_relative is slow).
    std::string rel = p.generic_string().substr(dir_prefix);
    if (it->is_symlink(ec)) {
      const std::string shown = shown_prefix + rel;
      fs::path real = fs::canonical(p, ec);
      if (ec == std::errc::too_many_symbolic_link_levels)
        return make_error({shown, 0, 0}, "symlink loop: following this link never reaches a file",
                          "remove the link, or replace it by the file it should point at");
      if (ec) {
        std::error_code ec2;
        return make_error({shown, 0, 0}, "symlink points at nothing: `" + fs::read_symlink(p, ec2).string() + "` does not exist",
                          "remove the link, or replace it by the file it should point at");
      }
      if (!is_inside(root, real))
        return make_error({shown, 0, 0}, "symlink points outside the source folder",
                          "copy the file into the source folder instead of linking to it");
      if (!fs::is_regular_file(real, ec))
        return make_error({shown, 0, 0}, "symlink does not point at a regular file",
                          "only links to files are followed; replace a linked folder by a real one");
      files.push_back(rel);
      continue;
    }
    const fs::file_type type = it->symlink_status(ec).type();
    if (ec) return make_error({shown_prefix + rel, 0, 0}, "cannot read: " + ec.message());
    if (type == fs::file_type::directory && it.depth() + 1 > kMaxFolderDepth)
      return make_error({shown_prefix + rel, 0, 0}, "folders nested more than " + std::to_string(kMaxFolderDepth) + " levels deep",
                        "a site's addresses follow its folders: keep them a few levels deep");
    if (type == fs::file_type::regular) {
      files.push_back(rel);
    } else if (type != fs::file_type::directory) {
      // A FIFO, socket or device is never read (reading one can hang or never end), and never silently
      // left out of the site either.
      const char* what = type == fs::file_type::fifo     ? "a FIFO (named pipe)"
                         : type == fs::file_type::socket ? "a socket"
                                                         : "a device or other special file";
      return make_error({shown_prefix + rel, 0, 0}, std::string("is ") + what + ", not a regular file",
                        "oit publishes only regular files; remove it from the site's folders");
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::vector<std::string>> list_content_files(const fs::path& content_dir, const fs::path& source_root) {
  std::error_code ec;
  if (!fs::is_directory(content_dir, ec))
    return make_error({content_dir.string(), 0, 0}, "content folder not found",
                      "create it, or pass --source pointing at a folder with site.toml and content/");
  return list_source_files(content_dir, source_root, "content/", true);
}

}  // namespace oit
