// The one way every `oit` command reads its arguments, on CLI11 (Debian's libcli11-dev): `--opt value` and
// `--opt=value`, a one-letter alias taking the next argument, flags that take no value, -h/--help, and
// arguments read in order, so the first wrong one is the one reported. CLI11 tokenises and assigns; the
// messages stay ours (each command gives its wording), and CLI11's own help and error texts are never printed.
// Where CLI11 alone would read differently, read() makes up for it: an empty `--opt=`, a flag's `--flag=`,
// unknown options (CLI11 collects them; they are reported in order with the errors), a missing value
// (CLI11's ArgumentMismatch text). Not made up for: a one-letter alias also takes its value attached, as
// POSIX options do (`-j3`, `-ofile`; `-p=80` reads `=80`), where oit before CLI11 called these unknown.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oit::cli {

// What is wrong with a command line. main prints "oit CMD: message" and, when show_usage, a blank line
// and the command's usage (`oit check` prints the hint instead); the exit status is then 2.
struct UsageError {
  UsageError(std::string message_, bool show_usage_ = true, std::string hint_ = "")
      : message(std::move(message_)), show_usage(show_usage_), hint(std::move(hint_)) {}
  std::string message;
  bool show_usage;
  std::string hint;
};

// How a command words what the reader itself finds wrong; each command keeps its own wording.
struct ReaderWording {
  // token: the argument as typed; name: the part before `=` of a `--name=value` token, else the token;
  // known: the long names of the command's options and --help, for "did you mean".
  std::function<UsageError(const std::string& token, const std::string& name, const std::vector<std::string>& known)>
      unknown_option;
  // option: the option's long name (its short one when it has no long name).
  std::function<UsageError(const std::string& option)> missing_value;
  std::function<UsageError(const std::string& option, const std::string& token)> flag_with_value;
};

class OptionReader {
 public:
  explicit OptionReader(ReaderWording wording);
  ~OptionReader();
  OptionReader(const OptionReader&) = delete;
  OptionReader& operator=(const OptionReader&) = delete;

  // An option with a value. names: CLI11's form, "-o,--out" or "--round". read is called for every
  // occurrence, at once and in argument order (the last one given wins where read assigns); it stops the
  // reading with fail().
  void value(const std::string& names, std::function<void(const std::string&)> read);
  // An option without a value, with a long name ("--drafts"); `--drafts=anything` is a usage error.
  void flag(const std::string& names, std::function<void()> set);
  // The positional arguments, in order; without one, a positional argument is an unknown option.
  void positional(std::function<void(const std::string&)> read);
  // Stops the reading at the argument being read, with this error.
  [[noreturn]] static void fail(UsageError error);

  // The long names of the options and --help, for "did you mean".
  std::vector<std::string> long_names() const;

  struct Outcome {
    bool help = false;                // -h/--help came before anything wrong; what follows it is not read
    std::optional<UsageError> error;  // the first wrong argument
  };
  Outcome read(const std::vector<std::string>& args);

 private:
  UsageError refused_value(const std::string& long_name, const std::string& value) const;

  struct Cli11;
  std::unique_ptr<Cli11> cli11_;
  ReaderWording wording_;
  std::function<void(const std::string&)> positional_;
  std::vector<std::string> long_names_;  // in the order given, --help not among them
};

}  // namespace oit::cli
