// The arguments of `oit check`, read on CLI11 with the convention every command shares
// (cli/option_reader.h), into the plain options checks/check_command.h runs with.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "checks/check_command.h"
#include "cli/option_reader.h"

namespace oit::cli {

// `oit check --help`.
extern const char* const kCheckUsage;

// The options, whether help was asked for, or what is wrong. check's usage errors are printed as
// "oit check: message" and "  hint: hint" (no usage after them), exit status 2.
struct CheckParse {
  CheckOptions options;
  bool help = false;
  std::optional<UsageError> error;
};
// args are those after "check".
CheckParse parse_check_args(const std::vector<std::string>& args);

}  // namespace oit::cli
