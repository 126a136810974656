// The public face of the template engine (core/template.h). Its parts: core/template_ast.h (the tree and
// limits), core/template_values (value and text helpers), core/template_lexer, core/template_parser,
// core/template_render and core/template_filters.
#include "core/template.h"

#include <algorithm>
#include <set>

#include "core/source_file.h"
#include "core/template_ast.h"
#include "core/template_parser.h"
#include "core/template_render.h"
#include "core/template_values.h"

namespace oit::tmpl {

struct Environment::Impl : EnvState {};

namespace {

std::string utf8_path(const std::filesystem::path& p) {
  auto u = p.generic_u8string();
  return std::string(u.begin(), u.end());
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Environment

Environment::Environment() : impl_(std::make_unique<Impl>()) {}
Environment::~Environment() = default;
Environment::Environment(Environment&&) noexcept = default;
Environment& Environment::operator=(Environment&&) noexcept = default;

void Environment::add_filter(std::string name, Filter f) { impl_->filters[std::move(name)] = std::move(f); }

Result<void> Environment::add_template(std::string name, std::string source, std::string file) {
  if (source.size() > kMaxSource)
    return make_error({file, 0, 0}, "template is larger than " + std::to_string(kMaxSource >> 20) + " MiB");
  if (source.rfind("\xEF\xBB\xBF", 0) == 0) source.erase(0, 3);  // a BOM would be printed, or break `extends`
  auto t = std::make_unique<Template>();
  t->name = std::move(name);
  t->file = std::move(file);
  t->source = std::move(source);
  t->line_starts.push_back(0);
  for (size_t i = 0; i < t->source.size(); ++i)
    if (t->source[i] == '\n') t->line_starts.push_back(uint32_t(i + 1));
  try {
    if (auto err = parse_template(*t, *impl_)) return *err;
  } catch (const std::exception& ex) {
    return make_error({t->file, 0, 0}, std::string("internal error while parsing the template: ") + ex.what());
  }
  std::string key = t->name;
  impl_->templates[key] = std::move(t);
  return {};
}

Result<void> Environment::load_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return make_error({utf8_path(dir), 0, 0}, "template folder not found", "check the theme name in site.toml");
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    auto ext = it->path().extension();
    if (it->is_regular_file(ec) && (ext == ".html" || ext == ".xml" || ext == ".txt")) files.push_back(it->path());
  }
  if (ec) return make_error({utf8_path(dir), 0, 0}, "cannot list the template folder: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    auto text = read_source_file(p, utf8_path(p), SourceKind::Template, dir);  // bounded, inside `dir`
    if (!text) return text.error();
    auto r = add_template(utf8_path(p.lexically_relative(dir)), std::move(*text), utf8_path(p));
    if (!r) return r;
  }
  return {};
}

Result<void> Environment::validate() const {
  for (const auto& [name, t] : impl_->templates) {
    if (!t->parent.empty()) {
      if (!has(t->parent))
        return t->error(t->parent_off, "`{% extends %}`: template " + ticked(t->parent) + " not found",
                        "templates are named relative to the templates folder, e.g. \"baseof.html\"");
      std::vector<const Template*> chain{t.get()};
      while (!chain.back()->parent.empty()) {
        auto it = impl_->templates.find(chain.back()->parent);
        if (it == impl_->templates.end()) break;  // reported for that template
        if (std::find(chain.begin(), chain.end(), it->second.get()) != chain.end()) {
          std::string cycle;
          for (auto* c : chain) cycle += c->name + " → ";
          return t->error(t->parent_off, "`{% extends %}` cycle: " + cycle + it->first);
        }
        chain.push_back(it->second.get());
      }
    }
    for (const auto& [target, off] : t->includes)
      if (!has(target))
        return t->error(off, "`{% include %}`: template " + ticked(target) + " not found",
                        "templates are named relative to the templates folder, e.g. \"partials/header.html\"");
  }
  return {};
}

bool Environment::has(std::string_view name) const { return impl_->templates.find(name) != impl_->templates.end(); }

Result<std::string> Environment::render(std::string_view name, const json& context, std::string_view page) const {
  std::string suffix = page.empty() ? "" : " (rendering " + std::string(page) + ")";
  auto it = impl_->templates.find(name);
  if (it == impl_->templates.end())
    return make_error({}, "template " + ticked(name) + " not found" + suffix, "check the page's `layout`, or add the template to the theme");
  if (!context.is_object()) return make_error({}, "the template context must be a JSON object" + suffix);
  return render_page(*impl_, *it->second, context, page);
}

std::vector<std::string> Environment::dependencies(std::string_view name) const {
  std::set<std::string> seen{std::string(name)};
  std::vector<std::string> todo{std::string(name)};
  while (!todo.empty()) {
    std::string n = std::move(todo.back());
    todo.pop_back();
    auto it = impl_->templates.find(n);
    if (it == impl_->templates.end()) continue;
    const Template& t = *it->second;
    auto visit = [&](const std::string& target) {
      if (seen.insert(target).second) todo.push_back(target);
    };
    if (!t.parent.empty()) visit(t.parent);
    for (const auto& inc : t.includes) visit(inc.first);
  }
  return {seen.begin(), seen.end()};
}

}  // namespace oit::tmpl
