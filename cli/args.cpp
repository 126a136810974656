#include "cli/args.h"

#include <cstdlib>
#include <functional>

#include "core/criteria.h"
#include "core/suggest.h"
#include "core/text.h"

namespace oit::cli {

std::string suggestion_suffix(std::string_view typed, const std::vector<std::string>& known) {
  auto near = did_you_mean(typed, known);
  return near ? " (did you mean `" + *near + "`?)" : "";
}

const std::vector<std::string>& command_names() {
  static const std::vector<std::string> names = {"new", "serve", "build", "check", "version", "help"};
  return names;
}

namespace {

// One option of a command: its long name, its one-letter alias ("" for none), whether it takes a value.
struct Option {
  std::string name;
  std::string alias;
  bool takes_value;
};

// An option as read: its long name and its value ("" for a flag).
struct Given {
  const Option* option = nullptr;  // nullptr: a positional argument, in value
  std::string value;
};

// Reads args with the convention every command shares: `--opt value`, `--opt=value` (long names only:
// a one-letter alias takes the next argument), -h/--help anywhere stops reading and asks for the help.
// on_arg returns an error to stop at it. positional_is_error: commands without positional arguments
// report one as an unknown option, as they always have.
std::optional<UsageError> read_args(const std::vector<std::string>& args, const std::vector<Option>& options,
                                    bool positional_is_error, bool& help,
                                    const std::function<std::optional<UsageError>(const Given&)>& on_arg) {
  std::vector<std::string> names;
  for (const auto& o : options) names.push_back(o.name);
  names.push_back("--help");
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      help = true;
      return std::nullopt;
    }
    std::string name = a;
    std::optional<std::string> inline_value;
    if (a.starts_with("--") && a.find('=') != std::string::npos) {
      name = a.substr(0, a.find('='));
      inline_value = a.substr(a.find('=') + 1);
    }
    const Option* option = nullptr;
    for (const auto& o : options)
      if (name == o.name || (!o.alias.empty() && name == o.alias)) option = &o;
    if (!option) {
      bool looks_like_option = a.starts_with("-") && a.size() > 1;
      if (!looks_like_option && !positional_is_error) {
        if (auto e = on_arg(Given{nullptr, a})) return e;
        continue;
      }
      return UsageError{"unknown option `" + a + "`" + (a.starts_with("--") ? suggestion_suffix(name, names) : "")};
    }
    Given g{option, ""};
    if (option->takes_value) {
      if (inline_value) {
        g.value = *inline_value;
      } else if (i + 1 < args.size()) {
        g.value = args[++i];
      } else {
        return UsageError{option->name + " needs a value"};
      }
    } else if (inline_value) {
      return UsageError{option->name + " takes no value, not `" + a + "`"};
    }
    if (auto e = on_arg(g)) return e;
  }
  return std::nullopt;
}

// A whole number in [lo, hi], or the error that says which numbers the option takes.
std::optional<UsageError> read_number(const std::string& flag, const std::string& v, long lo, long hi, long& into) {
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || !end || *end || n < lo || n > hi)
    return UsageError{flag + " takes a number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not `" + v + "`",
                      false};
  into = n;
  return std::nullopt;
}

}  // namespace

BuildParse parse_build_args(const std::vector<std::string>& args) {
  static const std::vector<Option> options = {
      {"--source", "-s", true}, {"--out", "-o", true}, {"--force", "", false}, {"--drafts", "", false}, {"--jobs", "-j", true}};
  BuildParse r;
  r.error = read_args(args, options, true, r.args.help, [&](const Given& g) -> std::optional<UsageError> {
    const std::string& n = g.option->name;
    if (n == "--source") r.args.source = g.value;
    if (n == "--out") r.args.out = g.value;
    if (n == "--force") r.args.force = true;
    if (n == "--drafts") r.args.drafts = true;
    if (n == "--jobs") {
      long jobs = 0;
      if (auto e = read_number(n, g.value, 1, 256, jobs)) return e;
      r.args.jobs = static_cast<unsigned>(jobs);
    }
    return std::nullopt;
  });
  return r;
}

NewParse parse_new_args(const std::vector<std::string>& args) {
  static const std::vector<Option> options = {{"--round", "", true}, {"--from-round", "", true}, {"--to-round", "", true}};
  NewParse r;
  r.error = read_args(args, options, false, r.args.help, [&](const Given& g) -> std::optional<UsageError> {
    if (!g.option) {
      r.args.folders.push_back(g.value);
      return std::nullopt;
    }
    const std::string& n = g.option->name;
    long round = 0;
    if (auto e = read_number(n, g.value, kFirstRound, kLastRound, round)) return e;
    (n == "--round" ? r.args.round : n == "--from-round" ? r.args.from_round : r.args.to_round) = static_cast<int>(round);
    return std::nullopt;
  });
  return r;
}

ServeParse parse_serve_args(const std::vector<std::string>& args) {
  static const std::vector<Option> options = {{"--source", "-s", true}, {"--port", "-p", true}, {"--drafts", "", false}};
  ServeParse r;
  r.error = read_args(args, options, true, r.args.help, [&](const Given& g) -> std::optional<UsageError> {
    const std::string& n = g.option->name;
    if (n == "--source") r.args.source = g.value;
    if (n == "--drafts") r.args.drafts = true;
    if (n == "--port") {
      long port = 0;
      if (auto e = read_number(n, g.value, 0, 65535, port)) return e;
      r.args.port = static_cast<int>(port);
    }
    return std::nullopt;
  });
  return r;
}

}  // namespace oit::cli
