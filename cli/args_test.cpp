#include "cli/args.h"

#include <doctest/doctest.h>

#include "core/criteria.h"

using namespace oit::cli;
using Args = std::vector<std::string>;

TEST_CASE("args: build, new and serve take `--opt value` and `--opt=value` alike") {
  for (const Args& a : {Args{"--source", "site", "--out", "/tmp/o", "--jobs", "3", "--drafts", "--force"},
                        Args{"--source=site", "--out=/tmp/o", "--jobs=3", "--drafts", "--force"},
                        Args{"-s", "site", "-o", "/tmp/o", "-j", "3", "--drafts", "--force"}}) {
    auto r = parse_build_args(a);
    REQUIRE_FALSE(r.error);
    CHECK(r.args.source == "site");
    CHECK(r.args.out == "/tmp/o");
    CHECK(r.args.jobs == 3);
    CHECK(r.args.drafts);
    CHECK(r.args.force);
  }
  for (const Args& a : {Args{"--source", "s", "--port", "0", "--drafts"}, Args{"--source=s", "--port=0", "--drafts"}}) {
    auto r = parse_serve_args(a);
    REQUIRE_FALSE(r.error);
    CHECK(r.args.source == "s");
    CHECK(r.args.port == 0);
    CHECK(r.args.drafts);
  }
  for (const Args& a : {Args{"site", "--from-round", "2568", "--to-round", "2569"}, Args{"--from-round=2568", "site", "--to-round=2569"}}) {
    auto r = parse_new_args(a);
    REQUIRE_FALSE(r.error);
    CHECK(r.args.folders == std::vector<std::string>{"site"});
    CHECK(r.args.from_round == 2568);
    CHECK(r.args.to_round == 2569);
    CHECK(r.args.round == 0);
  }
  auto r = parse_new_args({"my-agency", "--round=2568"});
  REQUIRE_FALSE(r.error);
  CHECK(r.args.round == 2568);
}

TEST_CASE("args: defaults when nothing is given") {
  auto b = parse_build_args({});
  REQUIRE_FALSE(b.error);
  CHECK(b.args.source == ".");
  CHECK(b.args.out.empty());
  CHECK(b.args.jobs == 0);
  CHECK_FALSE(b.args.force);
  auto s = parse_serve_args({});
  REQUIRE_FALSE(s.error);
  CHECK(s.args.port == 8080);
  auto n = parse_new_args({});
  REQUIRE_FALSE(n.error);
  CHECK(n.args.folders.empty());
}

TEST_CASE("args: --round takes the one range of rounds in new, the same as in check") {
  CHECK(oit::kFirstRound == 2560);
  CHECK(oit::kLastRound == 2700);
  for (const char* opt : {"--round", "--from-round", "--to-round"}) {
    CHECK_FALSE(parse_new_args({opt, "2560"}).error);
    CHECK_FALSE(parse_new_args({opt, "2700"}).error);
    auto low = parse_new_args({opt, "2559"});
    REQUIRE(low.error);
    CHECK(low.error->message == std::string(opt) + " takes a number from 2560 to 2700, not `2559`");
    CHECK_FALSE(low.error->show_usage);
    CHECK(parse_new_args({opt, "2701"}).error);
    CHECK(parse_new_args({opt, "25x8"}).error);
  }
}

TEST_CASE("args: numbers out of range or not numbers say which numbers the option takes") {
  auto j = parse_build_args({"--jobs=0"});
  REQUIRE(j.error);
  CHECK(j.error->message == "--jobs takes a number from 1 to 256, not `0`");
  CHECK(parse_build_args({"--jobs", "257"}).error);
  CHECK(parse_build_args({"--jobs="}).error);
  auto p = parse_serve_args({"--port", "70000"});
  REQUIRE(p.error);
  CHECK(p.error->message == "--port takes a number from 0 to 65535, not `70000`");
  CHECK(parse_serve_args({"-p", "-1"}).error);
}

TEST_CASE("args: a missing value, an unknown option and a value given to a flag are usage errors") {
  auto missing = parse_build_args({"--out"});
  REQUIRE(missing.error);
  CHECK(missing.error->message == "--out needs a value");
  CHECK(missing.error->show_usage);
  auto serve_missing = parse_serve_args({"-p"});
  REQUIRE(serve_missing.error);
  CHECK(serve_missing.error->message == "--port needs a value");

  auto unknown = parse_build_args({"--sorce", "x"});
  REQUIRE(unknown.error);
  CHECK(unknown.error->message == "unknown option `--sorce` (did you mean `--source`?)");
  auto unknown_eq = parse_serve_args({"--prot=80"});
  REQUIRE(unknown_eq.error);
  CHECK(unknown_eq.error->message == "unknown option `--prot=80` (did you mean `--port`?)");
  auto far = parse_new_args({"--colour"});
  REQUIRE(far.error);
  CHECK(far.error->message == "unknown option `--colour`");
  // build and serve take no positional argument: one is reported as the unknown option it always was.
  auto positional = parse_build_args({"public"});
  REQUIRE(positional.error);
  CHECK(positional.error->message == "unknown option `public`");

  auto flag = parse_build_args({"--drafts=yes"});
  REQUIRE(flag.error);
  CHECK(flag.error->message == "--drafts takes no value, not `--drafts=yes`");
  CHECK(flag.error->show_usage);
  CHECK(parse_build_args({"--force="}).error->message == "--force takes no value, not `--force=`");
  CHECK(parse_serve_args({"--drafts=true"}).error->message == "--drafts takes no value, not `--drafts=true`");
  CHECK(parse_build_args({"--help=yes"}).error->message == "unknown option `--help=yes` (did you mean `--help`?)");
}

TEST_CASE("args: an empty `--opt=` is the empty value, and the first wrong argument is the one reported") {
  auto empty = parse_build_args({"--out=", "--drafts"});
  REQUIRE_FALSE(empty.error);
  CHECK(empty.args.out.empty());
  CHECK(empty.args.drafts);
  CHECK(parse_build_args({"--jobs=", "3"}).error->message == "--jobs takes a number from 1 to 256, not ``");
  CHECK(parse_build_args({"--jobs", "0", "--bogus"}).error->message == "--jobs takes a number from 1 to 256, not `0`");
  CHECK(parse_build_args({"--bogus", "--jobs", "0"}).error->message == "unknown option `--bogus`");
  CHECK(parse_new_args({"--round", "1", "--colour"}).error->message.starts_with("--round takes"));
}

TEST_CASE("args: a repeated option: the last value wins, each one is read") {
  auto b = parse_build_args({"--out", "a", "-o", "b", "--jobs=2", "-j", "5", "--drafts", "--drafts"});
  REQUIRE_FALSE(b.error);
  CHECK(b.args.out == "b");
  CHECK(b.args.jobs == 5);
  auto n = parse_new_args({"--round", "2567", "--round=2569", "a", "b"});
  REQUIRE_FALSE(n.error);
  CHECK(n.args.round == 2569);
  CHECK(n.args.folders == std::vector<std::string>{"a", "b"});  // main says which are too many
  CHECK(parse_serve_args({"--port", "99999", "--port", "80"}).error);
}

TEST_CASE("args: --help anywhere asks for the help, before a later bad argument is read") {
  CHECK(parse_build_args({"--help", "--bogus"}).args.help);
  CHECK_FALSE(parse_build_args({"--help", "--bogus"}).error);
  CHECK(parse_serve_args({"-h"}).args.help);
  CHECK(parse_new_args({"dir", "--help"}).args.help);
  CHECK(parse_build_args({"--bogus", "--help"}).error);  // read in order, as before
  CHECK(parse_build_args({"--out", "--help"}).args.out == "--help");  // a value, where it stands
  CHECK_FALSE(parse_build_args({"--out", "--help"}).args.help);
}

TEST_CASE("args: a mistyped command gets a suggestion") {
  CHECK(suggestion_suffix("biuld", command_names()) == " (did you mean `build`?)");
  CHECK(suggestion_suffix("serv", command_names()) == " (did you mean `serve`?)");
  CHECK(suggestion_suffix("publish", command_names()) == "");
}
