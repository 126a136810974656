#include "generator/i18n.h"

#include <toml++/toml.h>

#include "generator/config.h"

namespace oit {

Result<Translations> parse_translations(std::string_view toml_text, const std::string& file) {
  const TomlGuard guard(toml_text);
  Translations t;
  t.file = file;
  try {
    toml::table root = toml::parse(guard.text(), std::string_view(file));
    for (auto&& [k, v] : root) {
      SourcePos at{file, int(v.source().begin.line), int(v.source().begin.column)};
      std::string key = guard.restore(k.str());
      if (key.empty() || key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
        return make_error({file, int(k.source().begin.line), int(k.source().begin.column)},
                          "translation key `" + key + "` is not a template name",
                          "use lowercase letters, digits and '_' (templates read it as t." + key + ")");
      if (!v.is_string() || v.value<std::string>()->empty())
        return make_error(at, "`" + key + "` must be a non-empty string", "write " + key + " = \"…\"");
      t.text[key] = guard.restore(*v.value<std::string>());
      t.pos[key] = at;
    }
  } catch (const toml::parse_error& e) {
    auto [message, hint] = guard.describe_error(int(e.source().begin.line), int(e.source().begin.column), e.description(),
                                                "write one `key = \"text\"` per line");
    return make_error({file, int(e.source().begin.line), int(e.source().begin.column)}, message, hint);
  }
  return t;
}

void overlay(Translations& base, const Translations& over) {
  for (const auto& [k, v] : over.text) {
    base.text[k] = v;
    base.pos[k] = over.pos.at(k);
  }
}

Result<void> check_same_keys(const Translations& reference, const Translations& other) {
  for (const auto& [k, v] : reference.text)
    if (!other.text.count(k))
      return make_error({other.file, 0, 0}, "no translation for `" + k + "` (" + reference.file + " has it: \"" + v + "\")",
                        "add " + k + " = \"…\" to " + other.file);
  for (const auto& [k, v] : other.text)
    if (!reference.text.count(k))
      return make_error(other.pos.at(k), "`" + k + "` is not a key of " + reference.file,
                        "check the spelling, or add it to " + reference.file + " too");
  return {};
}

nlohmann::json to_json(const Translations& t) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : t.text) j[k] = v;
  return j;
}

}  // namespace oit
