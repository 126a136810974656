#include "core/template_filters.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>

#include "core/text.h"

namespace oit::tmpl {

namespace {

bool type_error(FilterHost& h, const Expr& e, const Value& base, const char* wants) {
  return h.fail(e.off, "filter " + ticked(e.name) + " needs " + wants + ", " + ticked(describe(*e.kids[0])) + " is a " + type_name(base.get()));
}

bool truncate(FilterHost& h, const Expr& e, const Value& base, const json& n_arg, Value& v) {
  const json& j = base.get();
  if (!j.is_string()) return type_error(h, e, base, "text");
  auto n = as_int(n_arg);
  if (!n || *n < 0) return h.fail(e.off, "filter `truncate` needs a length of 0 or more, got " + dump(n_arg));
  const std::string& s = j.get_ref<const std::string&>();
  size_t i = 0;
  for (int64_t count = 0; i < s.size() && count < *n; ++count) i += utf8_step(s, i);
  while (i < s.size()) {  // keep vowel and tone marks with their consonant
    uint32_t cp;
    size_t len = utf8_step(s, i, &cp);
    if (!is_combining(cp)) break;
    i += len;
  }
  if (i >= s.size()) {
    v.set_own(s);
    return true;
  }
  std::string r = s.substr(0, i);
  while (!r.empty() && is_space(r.back())) r.pop_back();
  r += "…";
  v.set_own(std::move(r));
  return true;
}


bool sort(FilterHost& h, const Expr& e, const Value& base, const std::vector<Value>& args, Value& v) {
  const json& j = base.get();
  if (!j.is_array()) return type_error(h, e, base, "a list");
  std::vector<std::string> path;  // sort("a.b") sorts by item.a.b
  if (!args.empty()) {
    if (!args[0].get().is_string()) return h.fail(e.off, "filter `sort` takes an attribute name, got a " + std::string(type_name(args[0].get())));
    std::string_view p = args[0].get().get_ref<const std::string&>();
    for (size_t dot; (dot = p.find('.')) != std::string_view::npos; p.remove_prefix(dot + 1)) path.emplace_back(p.substr(0, dot));
    path.emplace_back(p);
  }
  std::vector<const json*> keys;
  keys.reserve(j.size());
  for (const json& item : j) {
    const json* k = &item;
    for (const auto& part : path) {
      auto it = k->is_object() ? k->find(part) : k->end();
      if (!k->is_object() || it == k->end())
        return h.fail(e.off, "filter `sort`: an item has no " + ticked(args[0].get().get<std::string>()), "every item needs the attribute sorted by");
      k = &*it;
    }
    keys.push_back(k);
  }
  bool numbers = std::all_of(keys.begin(), keys.end(), [](const json* k) { return k->is_number(); });
  bool strings = std::all_of(keys.begin(), keys.end(), [](const json* k) { return k->is_string(); });
  if (!numbers && !strings) return h.fail(e.off, "filter `sort` needs all numbers or all text to compare");
  std::vector<size_t> order(j.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    if (numbers) return keys[x]->get<double>() < keys[y]->get<double>();
    return keys[x]->get_ref<const std::string&>() < keys[y]->get_ref<const std::string&>();
  });
  if (!h.charge_copy(e.off, j)) return false;
  json r = json::array();
  for (size_t i : order) r.push_back(j[i]);
  v.set_own(std::move(r));
  return true;
}

}  // namespace

bool apply_builtin_filter(FilterHost& h, const Expr& e, Value& base, std::vector<Value>& args, Value& v) {
  const json& j = base.get();
  switch (e.builtin) {
    case Builtin::Safe:
      v = std::move(base);
      v.safe = true;
      return true;
    case Builtin::Escape: {
      if (base.safe) {
        v = std::move(base);
        return true;
      }
      std::string s;
      append_escaped(s, plain(j));
      v.set_own(std::move(s), true);
      return true;
    }
    case Builtin::String:
      v.set_own(plain(j), base.safe);
      return true;
    case Builtin::Length:
      if (j.is_string()) v.set_own(utf8_count(j.get_ref<const std::string&>()));
      else if (j.is_array() || j.is_object()) v.set_own(j.size());
      else return type_error(h, e, base, "text, a list or an object");
      return true;
    case Builtin::Upper:
    case Builtin::Lower: {
      if (!j.is_string()) return type_error(h, e, base, "text");
      const std::string& s = j.get_ref<const std::string&>();
      v.set_own(e.builtin == Builtin::Upper ? ascii_upper(s) : ascii_lower(s));  // ASCII only: Thai has no case
      return true;
    }
    case Builtin::Trim: {
      if (!j.is_string()) return type_error(h, e, base, "text");
      v.set_own(std::string(oit::trim(j.get_ref<const std::string&>())));
      return true;
    }
    case Builtin::Truncate: return truncate(h, e, base, args[0].get(), v);
    case Builtin::Join: {
      if (!j.is_array()) return type_error(h, e, base, "a list");
      std::string sep = args.empty() ? "" : plain(args[0].get());
      // Not oit::join: items are any JSON values (printed as `{{ }}` would) and the output budget is
      // checked after each one, so a huge list cannot build a huge string first.
      std::string s;
      for (size_t i = 0; i < j.size(); ++i) {
        if (i) s += sep;
        append_plain(s, j[i]);
        if (!h.check_size(e.off, s.size())) return false;
      }
      v.set_own(std::move(s));
      return true;
    }
    case Builtin::First:
    case Builtin::Last: {
      bool first = e.builtin == Builtin::First;
      if (j.is_array()) {
        if (j.empty()) v.set_own(nullptr);
        else take_element(v, base, first ? j.front() : j.back());
      } else if (j.is_string()) {
        const std::string& s = j.get_ref<const std::string&>();
        if (s.empty()) {
          v.set_own("");
        } else if (first) {
          v.set_own(s.substr(0, utf8_step(s, 0)));
        } else {
          size_t i = 0, last = 0;
          for (; i < s.size(); i += utf8_step(s, i)) last = i;
          v.set_own(s.substr(last));
        }
      } else {
        return type_error(h, e, base, "a list or text");
      }
      return true;
    }
    case Builtin::Json: {
      // Like Jinja's tojson: safe to put inside <script> and single-quoted attributes.
      std::string s;
      for (char c : dump(j)) {
        switch (c) {
          case '<': s += "\\u003c"; break;
          case '>': s += "\\u003e"; break;
          case '&': s += "\\u0026"; break;
          case '\'': s += "\\u0027"; break;
          default: s += c;
        }
      }
      if (!h.check_size(e.off, s.size())) return false;
      v.set_own(std::move(s), true);
      return true;
    }
    case Builtin::Urlencode: {
      if (j.is_array() || j.is_object() || j.is_null()) return type_error(h, e, base, "text or a number");
      static const char hex[] = "0123456789ABCDEF";
      std::string s;
      for (char ch : plain(j)) {
        auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
          s += ch;
        } else {
          s += '%';
          s += hex[c >> 4];
          s += hex[c & 15];
        }
      }
      if (!h.check_size(e.off, s.size())) return false;
      v.set_own(std::move(s));
      return true;
    }
    case Builtin::Replace: {
      if (!j.is_string()) return type_error(h, e, base, "text");
      std::string from = plain(args[0].get()), to = plain(args[1].get());
      const std::string& s = j.get_ref<const std::string&>();
      if (from.empty()) {
        v.set_own(s);
        return true;
      }
      std::string r;
      size_t pos = 0;
      for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
        r.append(s, pos, hit - pos);
        r += to;
        if (!h.check_size(e.off, r.size())) return false;
      }
      r.append(s, pos);
      v.set_own(std::move(r));
      return true;
    }
    case Builtin::Sort: return sort(h, e, base, args, v);
    case Builtin::Reverse:
      if (j.is_array()) {
        if (!h.charge_copy(e.off, j)) return false;
        json r = json::array();
        for (auto it = j.rbegin(); it != j.rend(); ++it) r.push_back(*it);
        v.set_own(std::move(r));
      } else if (j.is_string()) {
        const std::string& s = j.get_ref<const std::string&>();
        std::string r;
        r.reserve(s.size());
        for (size_t end = s.size(); end > 0;) {  // by code point, so UTF-8 stays valid
          size_t start = end - 1;
          while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && end - start < 4) --start;
          r.append(s, start, end - start);
          end = start;
        }
        v.set_own(std::move(r));
      } else {
        return type_error(h, e, base, "a list or text");
      }
      return true;
    case Builtin::Int: {
      if (j.is_number_integer()) {
        v.set_own(j);
      } else if (j.is_boolean()) {
        v.set_own(j.get<bool>() ? 1 : 0);
      } else if (j.is_number_float() || j.is_string()) {
        double d = 0;
        if (j.is_string()) {
          std::string_view s = j.get_ref<const std::string&>();
          while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
          if (!s.empty() && s.front() == '+') s.remove_prefix(1);
          if (std::from_chars(s.data(), s.data() + s.size(), d).ec != std::errc())
            return h.fail(e.off, "filter `int`: " + ticked(s) + " is not a number");
        } else {
          d = j.get<double>();
        }
        if (!(std::fabs(d) < 9.2e18)) return h.fail(e.off, "filter `int`: " + dump(j) + " is out of range");
        v.set_own(static_cast<int64_t>(d));
      } else {
        return type_error(h, e, base, "a number or text");
      }
      return true;
    }
    default: return h.fail(e.off, "internal error: filter " + ticked(e.name) + " has no implementation");
  }
}


}  // namespace oit::tmpl
