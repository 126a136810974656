// The arguments of `oit new`, `oit serve` and `oit build`, read on CLI11 with the convention every command
// shares (cli/option_reader.h: `--opt value` and `--opt=value`), and the "did you mean" suggestions for a
// mistyped command or option. `oit check`'s are read the same way in cli/check_args.h.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/option_reader.h"

namespace oit::cli {

// " (did you mean `X`?)" for an unknown command or option, "" when no known name is near (core/suggest.h).
std::string suggestion_suffix(std::string_view typed, const std::vector<std::string>& known);

// The commands `oit` knows, for "did you mean" and `oit help COMMAND`.
const std::vector<std::string>& command_names();

struct BuildArgs {
  bool help = false;
  std::filesystem::path source = ".";
  std::filesystem::path out;  // empty: SOURCE/public
  bool force = false;
  bool drafts = false;
  unsigned jobs = 0;  // 0: one per core
};

struct NewArgs {
  bool help = false;
  std::vector<std::string> folders;  // positional: at most one is valid (main says which are too many)
  int round = 0, from_round = 0, to_round = 0;  // 0: not given
};

struct ServeArgs {
  bool help = false;
  std::filesystem::path source = ".";
  int port = 8080;
  bool drafts = false;
};

// Each returns the arguments, or the usage error to print. args are those after the command's name.
struct BuildParse { BuildArgs args; std::optional<UsageError> error; };
struct NewParse { NewArgs args; std::optional<UsageError> error; };
struct ServeParse { ServeArgs args; std::optional<UsageError> error; };
BuildParse parse_build_args(const std::vector<std::string>& args);
NewParse parse_new_args(const std::vector<std::string>& args);
ServeParse parse_serve_args(const std::vector<std::string>& args);

}  // namespace oit::cli
