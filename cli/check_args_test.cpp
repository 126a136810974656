#include "cli/check_args.h"

#include <doctest/doctest.h>

#include "core/criteria.h"

using namespace oit;
using namespace oit::cli;
using Args = std::vector<std::string>;

namespace {
UsageError error_of(const Args& a) {
  auto r = parse_check_args(a);
  REQUIRE(r.error);
  return *r.error;
}
}  // namespace

TEST_CASE("check args: every option is read and the rest defaulted") {
  auto r = parse_check_args({"site/", "--round", "2569", "--as-of=2025-04-15", "--itas", "s.csv", "--format", "json", "-o",
                             "r.json", "--offline", "--concurrency", "4", "--timeout", "5", "--cache", "c.json",
                             "--cache-age", "60", "--depth", "2"});
  REQUIRE_FALSE(r.error);
  const CheckOptions& o = r.options;
  CHECK(o.target == "site/");
  CHECK(o.round == 2569);
  CHECK(o.as_of == Date{2025, 4, 15});
  CHECK(o.itas == "s.csv");
  CHECK(o.format == ReportFormat::Json);
  CHECK(o.output == "r.json");
  CHECK(o.offline);
  CHECK(o.concurrency == 4);
  CHECK(o.timeout_s == 5);
  CHECK(o.cache == "c.json");
  CHECK(o.cache_age_s == 60);
  CHECK(o.depth == 2);
  auto d = parse_check_args({});
  REQUIRE_FALSE(d.error);
  CHECK_FALSE(d.help);
  CHECK(d.options.target == "public/");
  CHECK(d.options.format == ReportFormat::Text);
  CHECK_FALSE(d.options.as_of.has_value());
  CHECK(d.options.concurrency == 16);
  CHECK(d.options.deadline_s == 900);
  auto u = parse_check_args({"http://x.go.th:8080/", "--resolve", "x.go.th:8080:127.0.0.1"});
  REQUIRE_FALSE(u.error);
  CHECK(u.options.resolve == std::vector<std::string>{"x.go.th:8080:127.0.0.1"});
  auto p = parse_check_args({"--previous", "old.json"});
  REQUIRE_FALSE(p.error);
  CHECK(p.options.previous == "old.json");
}

TEST_CASE("check args: `--opt value` and `--opt=value` read alike, for every option with a value") {
  for (const Args& a : {Args{"--round", "2568", "--per-host", "3", "--delay", "250", "--deadline", "60", "--max-pages",
                             "9", "--output", "r.md", "--base-url", "https://a.go.th/", "--no-external", "--format",
                             "markdown", "--previous", "p.json", "--itas", "i.csv"},
                        Args{"--round=2568", "--per-host=3", "--delay=250", "--deadline=60", "--max-pages=9",
                             "--output=r.md", "--base-url=https://a.go.th/", "--no-external", "--format=markdown",
                             "--previous=p.json", "--itas=i.csv"}}) {
    auto r = parse_check_args(a);
    REQUIRE_FALSE(r.error);
    CHECK(r.options.round == 2568);
    CHECK(r.options.per_host == 3);
    CHECK(r.options.delay_ms == 250);
    CHECK(r.options.deadline_s == 60);
    CHECK(r.options.max_pages == 9);
    CHECK(r.options.output == "r.md");
    CHECK(r.options.base_url == "https://a.go.th/");
    CHECK(r.options.no_external);
    CHECK(r.options.format == ReportFormat::Markdown);
    CHECK(r.options.previous == "p.json");
    CHECK(r.options.itas == "i.csv");
  }
}

TEST_CASE("check args: what is wrong with bad usage, with the hint to --help") {
  CHECK(error_of({"--bogus"}).message == "unknown option --bogus");
  CHECK(error_of({"--bogus"}).hint == "run `oit check --help` for the options");
  CHECK_FALSE(error_of({"--bogus"}).show_usage);
  CHECK(error_of({"--round"}).message == "--round needs a value");
  CHECK(error_of({"--previous"}).message == "--previous needs a value");
  CHECK(error_of({"-o"}).message == "-o needs a value");
  CHECK(error_of({"--output="}).message == "--output needs a non-empty value");
  CHECK(error_of({"-o", ""}).message == "-o needs a non-empty value");
  CHECK(error_of({"--as-of", "15/04/2025"}).message.starts_with("--as-of: "));
  CHECK(error_of({"--format", "pdf"}).message == "unknown --format \"pdf\"");
  CHECK(error_of({"--format", "pdf"}).hint == "use text, json, junit, html or markdown");
  CHECK(error_of({"a/", "b/"}).message == "more than one TARGET: \"a/\" and \"b/\"");
  CHECK(error_of({"https://x.go.th/", "--offline"}).message.find("--offline") != std::string::npos);
  CHECK(error_of({"--base-url", "ftp://x"}).message == "--base-url must be an http(s) URL, not \"ftp://x\"");
  CHECK(error_of({"--resolve", "x.go.th:127.0.0.1"}).message.find("HOST:PORT:ADDRESS") != std::string::npos);
}

TEST_CASE("check args: each number has one range, the round's from core/criteria.h") {
  CHECK(error_of({"--round", "68"}).message == "--round takes a whole number from 2560 to 2700, not \"68\"");
  CHECK(error_of({"--round=2559"}).message == "--round takes a whole number from 2560 to 2700, not \"2559\"");
  CHECK(error_of({"--round=2701"}).message.find("from " + std::to_string(kFirstRound) + " to " +
                                                std::to_string(kLastRound)) != std::string::npos);
  CHECK_FALSE(parse_check_args({"--round", "2560"}).error);
  CHECK_FALSE(parse_check_args({"--round=2700"}).error);
  CHECK(error_of({"--concurrency", "0"}).message == "--concurrency takes a whole number from 1 to 256, not \"0\"");
  CHECK(error_of({"--per-host", "65"}).message.find("from 1 to 64") != std::string::npos);
  CHECK(error_of({"--delay", "60001"}).message.find("from 0 to 60000") != std::string::npos);
  CHECK(error_of({"--timeout", "601"}).message.find("from 1 to 600") != std::string::npos);
  CHECK(error_of({"--deadline", "0"}).message.find("from 1 to 86400") != std::string::npos);
  CHECK(error_of({"--cache-age", "-1"}).message.find("from 0 to 31536000") != std::string::npos);
  CHECK(error_of({"--depth", "x"}).message == "--depth takes a whole number from 0 to 100000, not \"x\"");
  CHECK(error_of({"--max-pages=0"}).message.find("from 1 to 10000000") != std::string::npos);
}

TEST_CASE("check args: a mistyped option gets a suggestion; a flag takes no value") {
  CHECK(error_of({"--rond", "2568"}).message == "unknown option --rond");
  CHECK(error_of({"--rond", "2568"}).hint == "did you mean --round? run `oit check --help` for the options");
  CHECK(error_of({"--ofline"}).hint.starts_with("did you mean --offline?"));
  CHECK(error_of({"--formt=json"}).message == "unknown option --formt");
  CHECK(error_of({"--formt=json"}).hint.starts_with("did you mean --format?"));
  CHECK(error_of({"-x"}).hint == "run `oit check --help` for the options");
  // --offline=no used to be read as --offline: a value given to a flag is a usage error.
  CHECK(error_of({"--offline=no"}).message == "--offline takes no value, not \"--offline=no\"");
  CHECK(error_of({"--no-external=false"}).message.starts_with("--no-external takes no value"));
  CHECK_FALSE(parse_check_args({"--round=2568", "--format=json"}).error);
}

TEST_CASE("check args: a repeated option: the last value wins, --resolve adds up") {
  auto r = parse_check_args({"--round", "2567", "--round=2569", "--format", "json", "--format", "html", "--resolve",
                             "a.go.th:80:127.0.0.1", "--resolve=b.go.th:443:127.0.0.2", "--offline", "--offline"});
  REQUIRE_FALSE(r.error);
  CHECK(r.options.round == 2569);
  CHECK(r.options.format == ReportFormat::Html);
  CHECK(r.options.resolve == std::vector<std::string>{"a.go.th:80:127.0.0.1", "b.go.th:443:127.0.0.2"});
  // Each occurrence is read: a bad one is reported even when a good one follows.
  CHECK(error_of({"--round", "1", "--round", "2568"}).message.find("not \"1\"") != std::string::npos);
}

TEST_CASE("check args: the first wrong argument is the one reported; --help stops the reading") {
  CHECK(error_of({"--bogus", "--round", "1"}).message == "unknown option --bogus");
  CHECK(error_of({"--round", "1", "--bogus"}).message.find("--round") == 0);
  CHECK(error_of({"a/", "b/", "--round", "1"}).message.starts_with("more than one TARGET"));
  CHECK(parse_check_args({"--help"}).help);
  CHECK(parse_check_args({"-h", "--bogus"}).help);
  CHECK_FALSE(parse_check_args({"-h", "--bogus"}).error);
  CHECK(parse_check_args({"--bogus", "-h"}).error);
  // "-" and a value that looks like an option are read as what they are where they stand.
  CHECK(parse_check_args({"-"}).options.target == "-");
  CHECK(parse_check_args({"--itas", "--help"}).options.itas == "--help");
  CHECK(std::string(kCheckUsage).starts_with("Usage: oit check [TARGET]"));
}

TEST_CASE("check args: --iit, --eit1 and --eit2 give the ITA scores, in either form, all three or none") {
  auto r = parse_check_args({"--iit", "98.85", "--eit1=92.04", "--eit2", "84.93"});
  REQUIRE_FALSE(r.error);
  REQUIRE(r.options.ita);
  CHECK(r.options.ita->iit == doctest::Approx(98.85));
  CHECK(r.options.ita->eit1 == doctest::Approx(92.04));
  CHECK(r.options.ita->eit2 == doctest::Approx(84.93));
  auto edges = parse_check_args({"--iit=0", "--eit1", "100", "--eit2=100.0"});
  REQUIRE_FALSE(edges.error);
  CHECK(edges.options.ita->iit == 0);
  CHECK(edges.options.ita->eit2 == 100);
  CHECK_FALSE(parse_check_args({}).options.ita);

  auto two = error_of({"--iit", "90", "--eit2", "80"});
  CHECK(two.message == "--iit, --eit1 and --eit2 go together: --eit1 missing");
  CHECK(two.hint.find("all three") != std::string::npos);
  CHECK(error_of({"--eit1", "90"}).message == "--iit, --eit1 and --eit2 go together: --iit --eit2 missing");

  for (std::string bad : {"100.01", "-1", "abc", "", "1.2.3", ".5", "5.", "1e2", "9999999999999"}) {
    CAPTURE(bad);
    auto e = error_of({"--iit", bad, "--eit1", "90", "--eit2", "90"});
    CHECK(e.message.find("--iit takes a score from 0 to 100") == 0);
  }
  CHECK(error_of({"--eit2=101", "--iit", "1", "--eit1", "1"}).message ==
        "--eit2 takes a score from 0 to 100 (e.g. 84.93), not \"101\"");
  CHECK(error_of({"--iit"}).message == "--iit needs a value");
}

TEST_CASE("check args: --help names --iit, --eit1 and --eit2") {
  std::string usage = kCheckUsage;
  CHECK(usage.find("--iit N") != std::string::npos);
  CHECK(usage.find("--eit1 N") != std::string::npos);
  CHECK(usage.find("--eit2 N") != std::string::npos);
}
