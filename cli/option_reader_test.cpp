#include "cli/option_reader.h"

#include <doctest/doctest.h>

using namespace oit::cli;
using Args = std::vector<std::string>;

namespace {

// A command with --name VALUE (-n), --count N (digits only), --quiet and positional words, worded plainly.
struct Command {
  std::vector<std::string> names, words;
  int count = 0;
  int quiet = 0;
  OptionReader reader{ReaderWording{
      [](const std::string& token, const std::string& name, const std::vector<std::string>& known) {
        std::string list;
        for (const auto& k : known) list += k + " ";
        return UsageError{"unknown " + token + " [" + name + "] among " + list};
      },
      [](const std::string& option) { return UsageError{option + " needs a value"}; },
      [](const std::string& option, const std::string& token) { return UsageError{option + " refuses " + token}; }}};
  Command(bool positional = true) {
    reader.value("-n,--name", [this](const std::string& v) { names.push_back(v); });
    reader.value("--count", [this](const std::string& v) {
      if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) OptionReader::fail(UsageError{"bad count " + v});
      count = std::stoi(v);
    });
    reader.flag("--quiet", [this] { ++quiet; });
    if (positional) reader.positional([this](const std::string& w) { words.push_back(w); });
  }
};

std::string error_of(const Args& a, bool positional = true) {
  Command c(positional);
  auto r = c.reader.read(a);
  REQUIRE(r.error);
  return r.error->message;
}

}  // namespace

TEST_CASE("option reader: `--opt value`, `--opt=value`, the alias, flags and positionals, in order") {
  Command c;
  auto r = c.reader.read({"w1", "--name", "a", "--name=b", "-n", "c", "w2", "--quiet", "--count=7", "--quiet"});
  REQUIRE_FALSE(r.error);
  CHECK_FALSE(r.help);
  CHECK(c.names == Args{"a", "b", "c"});  // every occurrence is read, in order
  CHECK(c.words == Args{"w1", "w2"});
  CHECK(c.count == 7);
  CHECK(c.quiet == 2);
  CHECK(c.reader.long_names() == Args{"--name", "--count", "--quiet", "--help"});
}

TEST_CASE("option reader: a value is whatever follows, an empty `--opt=` is the empty value") {
  Command c;
  REQUIRE_FALSE(c.reader.read({"--name", "--quiet", "--name", "-h", "--name=", "--name", "-", "--name", ""}).error);
  CHECK(c.names == Args{"--quiet", "-h", "", "-", ""});
  CHECK(c.quiet == 0);
  CHECK(error_of({"--count="}) == "bad count ");
}

TEST_CASE("option reader: what is wrong is worded by the command, and the first wrong argument wins") {
  CHECK(error_of({"--nme=x"}) == "unknown --nme=x [--nme] among --name --count --quiet --help ");
  CHECK(error_of({"-x"}).starts_with("unknown -x [-x]"));
  CHECK(error_of({"--"}).starts_with("unknown -- [--]"));
  CHECK(error_of({"word"}, false).starts_with("unknown word [word]"));
  CHECK(error_of({"--quiet", "--name"}) == "--name needs a value");
  CHECK(error_of({"-n"}) == "--name needs a value");
  CHECK(error_of({"--quiet=yes"}) == "--quiet refuses --quiet=yes");
  CHECK(error_of({"--quiet="}) == "--quiet refuses --quiet=");
  CHECK(error_of({"--quiet=true"}) == "--quiet refuses --quiet=true");
  CHECK(error_of({"--help=yes"}).starts_with("unknown --help=yes [--help]"));
  CHECK(error_of({"--count", "x", "--bogus"}) == "bad count x");
  CHECK(error_of({"--bogus", "--count", "x"}).starts_with("unknown --bogus"));
  CHECK(error_of({"--count", "1", "--count", "x", "--name"}) == "bad count x");
}

TEST_CASE("option reader: -h/--help stops the reading, unless something wrong came before it") {
  for (const Args& a : {Args{"--help"}, Args{"-h"}, Args{"--help", "--bogus"}, Args{"w", "-h", "--count", "x"},
                        Args{"--count", "3", "-h", "--name"}}) {
    Command c;
    auto r = c.reader.read(a);
    CHECK(r.help);
    CHECK_FALSE(r.error);
  }
  CHECK(error_of({"--bogus", "--help"}).starts_with("unknown --bogus"));
  CHECK(error_of({"--count", "x", "--help"}) == "bad count x");
  CHECK(error_of({"extra", "--help"}, false).starts_with("unknown extra"));
}
