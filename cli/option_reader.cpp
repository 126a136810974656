#include "cli/option_reader.h"

#include <CLI/CLI.hpp>

namespace oit::cli {

namespace {

// Thrown through CLI11 by a reader (fail) or by -h/--help: CLI11 stops where the argument was read, so
// what is reported is the first wrong argument, and nothing after --help is read.
struct Stopped {
  UsageError error;
};
struct HelpAsked {};

bool looks_like_option(const std::string& a) { return a.size() > 1 && a[0] == '-'; }

// CLI11 gives a flag's `--flag=` the same empty value as `--flag`; read() gives it this value instead, so
// the flag can refuse it as it refuses any other. (A control character: not typed by anyone.)
const std::string kEmptyFlagValue = "\x1f";

std::string name_of(const std::string& token) {
  return token.starts_with("--") ? token.substr(0, token.find('=')) : token;
}

}  // namespace

struct OptionReader::Cli11 {
  CLI::App app;
};

OptionReader::OptionReader(ReaderWording wording) : cli11_(std::make_unique<Cli11>()), wording_(std::move(wording)) {
  CLI::App& app = cli11_->app;
  // Arguments CLI11 does not know are kept, in order, for read() to word (an unknown option, a positional).
  app.allow_extras();
  // Our help texts, not CLI11's: its help flag is replaced by one that stops the reading.
  app.set_help_flag();
  flag("-h,--help", [] { throw HelpAsked{}; });
}

// `--help=yes` is not the help, but an unknown option near --help.
UsageError OptionReader::refused_value(const std::string& long_name, const std::string& value) const {
  const std::string token = long_name + "=" + (value == kEmptyFlagValue ? "" : value);
  if (long_name == "--help") return wording_.unknown_option(token, long_name, long_names());
  return wording_.flag_with_value(long_name, token);
}

OptionReader::~OptionReader() = default;

void OptionReader::value(const std::string& names, std::function<void(const std::string&)> read) {
  auto* option = cli11_->app.add_option(
      names,
      [read = std::move(read)](const CLI::results_t& given) {
        if (!given.empty()) read(given.back());
        return true;
      },
      "", false);
  // Read at once, so an error stops at its argument; given again, the new value is read (and wins).
  option->trigger_on_parse()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  if (option->get_lnames().size()) long_names_.push_back("--" + option->get_lnames().front());
}

void OptionReader::flag(const std::string& names, std::function<void()> set) {
  const std::string long_name = names.substr(names.find("--"));
  auto* option = cli11_->app.add_option(
      names,
      [this, set = std::move(set), long_name](const CLI::results_t& given) {
        if (!given.empty() && !given.back().empty()) fail(refused_value(long_name, given.back()));
        set();
        return true;
      },
      "", false);
  // No value expected, and not "flag-like": CLI11 then passes `--name=value`'s value through (as "" for
  // `--name`) instead of reading true/false/yes/no from it, so a value can be refused.
  option->expected(0, 0);
  option->trigger_on_parse()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  if (long_name != "--help") long_names_.push_back(long_name);
}

std::vector<std::string> OptionReader::long_names() const {
  auto names = long_names_;
  names.push_back("--help");
  return names;
}

void OptionReader::positional(std::function<void(const std::string&)> read) { positional_ = std::move(read); }

void OptionReader::fail(UsageError error) { throw Stopped{std::move(error)}; }

OptionReader::Outcome OptionReader::read(const std::vector<std::string>& args) {
  CLI::App& app = cli11_->app;
  // CLI11 reads `--opt=` (an empty value) as `--opt` followed by the next argument: for an option with a
  // value it is given as `--opt ""`, which CLI11 reads as the empty value it is; for a flag, with a value
  // the flag refuses (CLI11 cannot tell `--flag=` from `--flag`).
  std::vector<std::string> tokens;
  for (const auto& a : args) {
    if (a.starts_with("--") && a.size() > 3 && a.find('=') == a.size() - 1) {
      const std::string name = a.substr(0, a.size() - 1);
      if (const CLI::Option* option = app.get_option_no_throw(name)) {
        if (option->get_expected_max() > 0) {
          tokens.push_back(name);
          tokens.emplace_back();
        } else {
          tokens.push_back(a + kEmptyFlagValue);
        }
        continue;
      }
    }
    tokens.push_back(a);
  }
  Outcome out;
  std::optional<UsageError> stopped;
  std::vector<std::string> reversed(tokens.rbegin(), tokens.rend());  // CLI11 reads the vector from its end
  try {
    app.parse(reversed);
  } catch (const Stopped& s) {
    stopped = s.error;
  } catch (const HelpAsked&) {
    out.help = true;
  } catch (const CLI::ArgumentMismatch&) {
    // Thrown only when the last argument is an option that needs a value (CLI11 takes whatever follows
    // an option as its value, so a missing value is always at the end).
    const CLI::Option* option = app.get_option_no_throw(tokens.back());
    stopped = option ? wording_.missing_value(option->get_name()) : UsageError{tokens.back() + " needs a value"};
  } catch (const CLI::Error& e) {
    stopped = UsageError{e.what()};
  }
  // What CLI11 did not take, in order; all of it came before the argument that stopped the reading, so
  // an error here is reported first.
  for (const std::string& extra : app.remaining()) {
    if (looks_like_option(extra) || !positional_) return Outcome{false, wording_.unknown_option(extra, name_of(extra), long_names())};
    try {
      positional_(extra);
    } catch (const Stopped& s) {
      return Outcome{false, s.error};
    }
  }
  if (stopped) return Outcome{false, stopped};
  return out;
}

}  // namespace oit::cli
