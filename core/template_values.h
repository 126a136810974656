// Values and text as the template engine sees them: UTF-8 stepping, HTML escaping, how a value prints and
// whether it is true, "did you mean" hints, and the Value an expression evaluates to. Shared by the lexer,
// parser, renderer and filters of the template engine (internal; the rest of oit includes core/template.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/template_ast.h"

namespace oit::tmpl {

bool is_space(char c);

// Length of the UTF-8 sequence starting at s[i], 1 for an invalid byte, never past the end.
size_t utf8_step(std::string_view s, size_t i, uint32_t* cp = nullptr);
size_t utf8_count(std::string_view s);

// Marks that belong to the letter before them: cutting text between the two would change the letter.
bool is_combining(uint32_t cp);

// & < > " ' escaped, `"` as `&#34;` (as Jinja/MarkupSafe does). Not oit::html_escape (core/text.h), which
// writes `&quot;`: themes' output must stay byte-identical, so the template engine keeps its own.
void append_escaped(std::string& out, std::string_view s);

std::string ticked(std::string_view s);

// "did you mean `title`?" or the list of what exists, for undefined-name errors.
std::string suggest(std::string_view wrong, const std::vector<std::string_view>& names, std::string_view where);

const char* type_name(const json& j);
std::string dump(const json& j);

// How a value is printed: strings as they are, null as nothing, lists/objects as JSON.
void append_plain(std::string& out, const json& j);
std::string plain(const json& j);

bool truthy(const json& j);
std::optional<int64_t> as_int(const json& j);

// An expression's result: borrowed from the context/AST/a scope when possible, owned otherwise.
struct Value {
  const json* ref = nullptr;
  json own;
  bool safe = false;
  const json& get() const { return ref ? *ref : own; }
  void set_ref(const json& j, bool s = false) { ref = &j, safe = s; }
  void set_own(json j, bool s = false) { ref = nullptr, own = std::move(j), safe = s; }
};

// The result of element `elem` of `base`: borrowed when base is, else copied out of it.
void take_element(Value& v, const Value& base, const json& elem);

// `page.title`, `items[0]`: how an expression is named in messages.
std::string describe(const Expr& e);

}  // namespace oit::tmpl
