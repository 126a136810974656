#include "cli/args.h"

#include <cstdlib>

#include "core/criteria.h"
#include "core/suggest.h"

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

// The wording of build, new and serve: "unknown option `X` (did you mean `Y`?)", with the usage after it.
ReaderWording wording() {
  ReaderWording w;
  w.unknown_option = [](const std::string& token, const std::string& name, const std::vector<std::string>& known) {
    return UsageError{"unknown option `" + token + "`" + (token.starts_with("--") ? suggestion_suffix(name, known) : "")};
  };
  w.missing_value = [](const std::string& option) { return UsageError{option + " needs a value"}; };
  w.flag_with_value = [](const std::string& option, const std::string& token) {
    return UsageError{option + " takes no value, not `" + token + "`"};
  };
  return w;
}

// A whole number in [lo, hi]; otherwise the reading stops with the error that says which numbers the
// option takes.
long read_number(const std::string& flag, const std::string& v, long lo, long hi) {
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || !end || *end || n < lo || n > hi)
    OptionReader::fail(UsageError{
        flag + " takes a number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not `" + v + "`", false});
  return n;
}

// Reads `args` into `r`, which the options of `reader` fill as they are read: --help and the first usage error.
template <class Parse>
Parse finish(OptionReader& reader, const std::vector<std::string>& args, Parse& r) {
  auto outcome = reader.read(args);
  r.args.help = outcome.help;
  r.error = outcome.error;
  return r;
}

}  // namespace

BuildParse parse_build_args(const std::vector<std::string>& args) {
  BuildParse r;
  OptionReader reader(wording());
  reader.value("-s,--source", [&](const std::string& v) { r.args.source = v; });
  reader.value("-o,--out", [&](const std::string& v) { r.args.out = v; });
  reader.flag("--force", [&] { r.args.force = true; });
  reader.flag("--drafts", [&] { r.args.drafts = true; });
  reader.value("-j,--jobs",
               [&](const std::string& v) { r.args.jobs = static_cast<unsigned>(read_number("--jobs", v, 1, 256)); });
  return finish(reader, args, r);
}

NewParse parse_new_args(const std::vector<std::string>& args) {
  NewParse r;
  OptionReader reader(wording());
  auto round = [](const char* flag, int& into) {
    return [flag, &into](const std::string& v) { into = static_cast<int>(read_number(flag, v, kFirstRound, kLastRound)); };
  };
  reader.value("--round", round("--round", r.args.round));
  reader.value("--from-round", round("--from-round", r.args.from_round));
  reader.value("--to-round", round("--to-round", r.args.to_round));
  reader.positional([&](const std::string& folder) { r.args.folders.push_back(folder); });
  return finish(reader, args, r);
}

ServeParse parse_serve_args(const std::vector<std::string>& args) {
  ServeParse r;
  OptionReader reader(wording());
  reader.value("-s,--source", [&](const std::string& v) { r.args.source = v; });
  reader.value("-p,--port", [&](const std::string& v) { r.args.port = static_cast<int>(read_number("--port", v, 0, 65535)); });
  reader.flag("--drafts", [&] { r.args.drafts = true; });
  return finish(reader, args, r);
}

}  // namespace oit::cli
