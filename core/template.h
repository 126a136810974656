// A small Jinja-style template engine over nlohmann::json (contract: docs/DESIGN.md §"Template engine").
//
// Templates are parsed once into a tree; `render` walks it, appending into one string, and reads the
// context through a chain of scopes without copying it. Everything a theme can get wrong is an
// `oit::Error` naming file:line:col (columns count Unicode code points):
//   - at load time (`add_template`/`load_dir`): syntax errors, unknown tags, unknown filters, unknown
//     tests. Custom filters must therefore be added with `add_filter` BEFORE the templates that use them.
//   - at `validate()`: include/extends targets that do not exist, extends cycles.
//   - at render time: undefined variables and keys (only `is defined` and `| default(...)` tolerate them),
//     type errors, missing include/extends targets, runaway recursion. The message ends with
//     "(rendering <page>)" so a build log names the page too.
//
// Scoping of `{% set %}` (kept simpler than Jinja, same in the common cases):
//   - a template render (the page template, or each `include`) has its own scope; `set` at its top
//     level is visible until the end of that render, and never leaks back out of an include;
//   - each `for` iteration and each `block` has its own scope: `set` inside them stays inside;
//   - `if` has no scope of its own;
//   - `set` at the top level of a template that `extends` another runs before the parent is rendered,
//     so a child can configure its layout (`{% set nav = "news" %}`).
// An included template sees every variable visible at the include, loop variables included.
// Includes may recurse (a tree partial including itself); depth is limited to 64.
//
// Small extras beyond docs/DESIGN.md, all as in Jinja: `a if cond else b` (no else → ""), `//` floor
// division (`%` and `//` follow the divisor's sign), `a and b` / `a or b` return an operand, negative
// list indexes, `loop.revindex`/`revindex0`, tests `none string number mapping sequence boolean odd
// even`, filter aliases `e`, `d`, `count`, `tojson`. `sort("a.b")` sorts by a nested key. `truncate(n)`
// keeps n code points plus any Thai vowel/tone marks that belong to the last one, then adds "…".
// Printing: null prints nothing, booleans print true/false, lists/objects print as JSON.
//
// Escaping: `{{ x }}` escapes & < > " ' unless x is "safe": produced by `| safe`, `| escape`, `| json`
// (which escapes < > & ' inside strings, like Jinja's tojson) or `super()`. `~`, `join`, `replace`,
// `truncate` etc. produce unsafe text (they are escaped when printed); `default` and `string` keep
// the safety of their input.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace oit::tmpl {

// A filter added by the caller: `{{ value | name(arg, ...) }}`. Its Error only needs a message (and
// maybe a hint): the engine adds the template position and the page. Called concurrently from many
// render threads, so it must not touch shared mutable state.
using Filter = std::function<oit::Result<nlohmann::json>(const nlohmann::json& value,
                                                         const std::vector<nlohmann::json>& args)>;

class Environment {
 public:
  Environment();
  ~Environment();
  Environment(Environment&&) noexcept;
  Environment& operator=(Environment&&) noexcept;
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  // Registers (or replaces) a filter. Must happen before templates using it are added.
  void add_filter(std::string name, Filter f);

  // Adds a template from text and parses it at once. `name` is how includes/extends refer to it
  // ("partials/header.html"); `file` is the path shown in error messages. Replaces a template of the
  // same name. On error nothing is added.
  Result<void> add_template(std::string name, std::string source, std::string file);

  // Adds every *.html, *.xml and *.txt file under `dir` (recursively); names are relative to `dir`
  // with '/' separators, files are `dir / name`. Stops at the first error.
  Result<void> load_dir(const std::filesystem::path& dir);

  // After all templates are added: every include/extends target exists and no extends chain loops.
  Result<void> validate() const;

  bool has(std::string_view name) const;

  // Renders template `name` with `context` (a JSON object). `page` names what is being rendered
  // (e.g. "content/about.md") for error messages. Thread-safe: const and without shared mutable state.
  Result<std::string> render(std::string_view name, const nlohmann::json& context,
                             std::string_view page) const;

  // Names of the templates a render of `name` can touch: itself, its parents and everything they
  // include, transitively; sorted. Missing targets are listed too (adding them later matters).
  std::vector<std::string> dependencies(std::string_view name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oit::tmpl
