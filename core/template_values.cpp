#include "core/template_values.h"

#include <algorithm>
#include <climits>
#include <cstdint>

#include "core/text.h"

namespace oit::tmpl {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

size_t utf8_step(std::string_view s, size_t i, uint32_t* cp) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  uint32_t v = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  if (len == 0 || i + len > s.size()) {
    if (cp) *cp = 0xFFFD;
    return 1;
  }
  for (size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      if (cp) *cp = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (c & 0x3F);
  }
  if (cp) *cp = v;
  return len;
}

size_t utf8_count(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); i += utf8_step(s, i)) ++n;
  return n;
}

bool is_combining(uint32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) ||
         (cp >= 0x0E47 && cp <= 0x0E4E) || cp == 0x200D;
}

void append_escaped(std::string& out, std::string_view s) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&#34;"; break;
      case '\'': rep = "&#39;"; break;
      default: continue;
    }
    out.append(s.data() + start, i - start);
    out += rep;
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

std::string ticked(std::string_view s) { return "`" + std::string(s) + "`"; }

std::string suggest(std::string_view wrong, const std::vector<std::string_view>& names, std::string_view where) {
  std::string_view best;
  size_t best_d = SIZE_MAX;
  for (auto n : names) {
    size_t d = size_t(oit::edit_distance(wrong, n));
    if (d < best_d) best_d = d, best = n;
  }
  if (!best.empty() && best_d < wrong.size() && best_d <= std::max<size_t>(2, wrong.size() / 3)) return "did you mean " + ticked(best) + "?";
  if (names.empty()) return "use `is defined` or `| default(...)` when it may be absent";
  // "known filters: a, b" lists everything (a theme author needs the whole set); "`page` has: …" the first 15.
  const bool known = where.starts_with("known ");
  const size_t shown = known ? names.size() : 15;
  std::string s = std::string(where) + (known ? ": " : " has: ");
  for (size_t i = 0; i < names.size() && i < shown; ++i) s += (i ? ", " : "") + std::string(names[i]);
  if (names.size() > shown) s += ", ...";
  return s;
}

const char* type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::string: return "string";
    case json::value_t::array: return "list";
    case json::value_t::object: return "object";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "number";
    default: return "value";
  }
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void append_plain(std::string& out, const json& j) {
  switch (j.type()) {
    case json::value_t::string: out += j.get_ref<const std::string&>(); break;
    case json::value_t::null: break;
    case json::value_t::boolean: out += j.get<bool>() ? "true" : "false"; break;
    case json::value_t::number_integer: out += std::to_string(j.get<int64_t>()); break;
    case json::value_t::number_unsigned: out += std::to_string(j.get<uint64_t>()); break;
    default: out += dump(j);
  }
}

std::string plain(const json& j) {
  std::string s;
  append_plain(s, j);
  return s;
}

bool truthy(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return false;
    case json::value_t::boolean: return j.get<bool>();
    case json::value_t::string: return !j.get_ref<const std::string&>().empty();
    case json::value_t::array:
    case json::value_t::object: return !j.empty();
    case json::value_t::number_integer: return j.get<int64_t>() != 0;
    case json::value_t::number_unsigned: return j.get<uint64_t>() != 0;
    case json::value_t::number_float: return j.get<double>() != 0.0;
    default: return false;
  }
}

std::optional<int64_t> as_int(const json& j) {
  if (j.is_number_unsigned()) {
    auto u = j.get<uint64_t>();
    if (u <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(u);
    return std::nullopt;
  }
  if (j.is_number_integer()) return j.get<int64_t>();
  return std::nullopt;
}

void take_element(Value& v, const Value& base, const json& elem) {
  if (base.ref) v.set_ref(elem);
  else v.set_own(elem);
}

std::string describe(const Expr& e) {
  switch (e.op) {
    case Op::Var: return e.name;
    case Op::Attr: return describe(*e.kids[0]) + "." + e.name;
    case Op::Index: {
      const Expr& i = *e.kids[1];
      return describe(*e.kids[0]) + "[" + (i.op == Op::Lit ? dump(i.lit) : i.op == Op::Var ? i.name : "...") + "]";
    }
    case Op::Lit: return dump(e.lit).substr(0, 40);
    case Op::Filter: return describe(*e.kids[0]) + " | " + e.name;
    default: return "expression";
  }
}

}  // namespace oit::tmpl
