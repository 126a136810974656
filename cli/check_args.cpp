#include "cli/check_args.h"

#include <algorithm>

#include "checks/report.h"
#include "checks/url.h"
#include "core/criteria.h"
#include "core/suggest.h"
#include "core/thai_date.h"

namespace oit::cli {

const char* const kCheckUsage =
    "Usage: oit check [TARGET] [--round 2568] [--as-of YYYY-MM-DD] [--itas FILE]\n"
    "                 [--format text|json|junit|html|markdown] [-o FILE] [--offline]\n"
    "                 [--previous REPORT.json] [--concurrency N] [--timeout SECONDS]\n"
    "                 [--iit N --eit1 N --eit2 N]\n"
    "\n"
    "Audits an OIT transparency website item by item, as the ITA assessors would: present,\n"
    "reachable, on the main website, the right fiscal year, covering the period, the required\n"
    "elements, and no broken links.\n"
    "\n"
    "  TARGET             a built output folder (default public/) or the http(s) URL of a site\n"
    "  --round N          ITA round (BE); default: the round oit.json was built for, else the fiscal year\n"
    "                     of --as-of, else the newest round built in (which round and why is printed)\n"
    "  --as-of DATE       judge periods as on this day (ISO); default: today in Bangkok\n"
    "  --itas FILE        CSV with header item,url: the URLs the agency submits (any website)\n"
    "  --format F         text (default), json, junit, html or markdown\n"
    "  -o FILE            write the report to FILE instead of standard output\n"
    "  --previous FILE    an earlier --format json report of the same site and round: the text,\n"
    "                     markdown and html reports say what changed since then\n"
    "  --offline          read local files only: no HTTP at all\n"
    "  --no-external      do not check links to other websites\n"
    "  --concurrency N    HTTP transfers at once (default 16)\n"
    "  --per-host N       HTTP transfers at once to one host (default 6)\n"
    "  --delay MS         least gap between two requests to one host (default 0)\n"
    "  --timeout SECONDS  per request (default 20)\n"
    "  --deadline SECONDS bound on the whole crawl (default 900)\n"
    "  --resolve H:P:A    send requests for host H port P to address A (like curl --resolve; allowed\n"
    "                     even when A is private: other non-public addresses are refused)\n"
    "  --cache FILE       remember results of external links; --cache-age SECONDS (default 86400)\n"
    "  --depth N          URL targets: levels of same-site pages followed from the items (default 1)\n"
    "  --max-pages N      URL targets: pages read at most (default 20000)\n"
    "  --base-url URL     the agency's main website, when the target does not say it\n"
    "  --iit N            the agency's IIT score (0-100); with --eit1 N and --eit2 N (EIT part 1,\n"
    "                     collected by the agency, and part 2, by the NACC) the reports give the\n"
    "                     projected ITA total and tier; all three or none\n"
    "\n"
    "Exit status: 0 every item passes (warnings allowed) and no link is broken; 1 something\n"
    "fails; 2 bad usage or unreadable input.\n"
    "\n"
    "Examples:\n"
    "  oit check public/ --as-of 2025-04-15\n"
    "  oit check https://www.example.go.th/ --itas itas.csv --format html -o oit-report.html\n";

namespace {

const char* kSeeHelp = "run `oit check --help` for the options";

// check's wording: the message, and a hint instead of the usage.
UsageError check_error(std::string message, std::string hint = kSeeHelp) {
  return UsageError{std::move(message), false, std::move(hint)};
}

ReaderWording check_wording() {
  ReaderWording w;
  w.unknown_option = [](const std::string&, const std::string& name, const std::vector<std::string>& known) {
    if (auto near = name.starts_with("--") ? did_you_mean(name, known) : std::nullopt)
      return check_error("unknown option " + name, "did you mean " + *near + "? " + kSeeHelp);
    return check_error("unknown option " + name);
  };
  w.missing_value = [](const std::string& option) { return check_error(option + " needs a value"); };
  w.flag_with_value = [](const std::string& option, const std::string& token) {
    return check_error(option + " takes no value, not \"" + token + "\"");
  };
  return w;
}

bool is_url_target(const std::string& t) { return t.starts_with("http://") || t.starts_with("https://"); }

// Digits only, at most 12 of them.
std::optional<long> to_long(const std::string& s) {
  if (s.empty() || s.size() > 12 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stol(s);
}

// An option taking a whole number in [lo, hi] (the one range of that option), stored into `into`.
template <class T>
void number(OptionReader& reader, const std::string& name, long lo, long hi, T& into) {
  reader.value(name, [name, lo, hi, &into](const std::string& v) {
    auto n = to_long(v);
    if (!n || *n < lo || *n > hi)
      OptionReader::fail(check_error(name + " takes a whole number from " + std::to_string(lo) + " to " +
                                     std::to_string(hi) + ", not \"" + v + "\""));
    into = static_cast<T>(*n);
  });
}

// An option taking a score from 0 to 100, decimals allowed ("84.93").
void score(OptionReader& reader, const std::string& name, std::optional<double>& into) {
  reader.value(name, [name, &into](const std::string& v) {
    size_t dot = v.find('.');
    bool shape = !v.empty() && v.size() <= 12 && v.front() != '.' && v.back() != '.' &&
                 std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
                 (dot == std::string::npos || v.find('.', dot + 1) == std::string::npos);
    double n = shape ? std::stod(v) : -1;
    if (!shape || n < 0 || n > 100)
      OptionReader::fail(check_error(name + " takes a score from 0 to 100 (e.g. 84.93), not \"" + v + "\""));
    into = n;
  });
}

// An option taking a non-empty text.
void text(OptionReader& reader, const std::string& name, std::string& into) {
  reader.value(name, [name, &into](const std::string& v) {
    if (v.empty()) OptionReader::fail(check_error(name + " needs a non-empty value"));
    into = v;
  });
}

}  // namespace

CheckParse parse_check_args(const std::vector<std::string>& args) {
  CheckParse r;
  CheckOptions& o = r.options;
  OptionReader reader(check_wording());
  // In this order, "did you mean" picks the same option among equally near ones as before.
  number(reader, "--round", kFirstRound, kLastRound, o.round);
  number(reader, "--concurrency", 1, 256, o.concurrency);
  number(reader, "--per-host", 1, 64, o.per_host);
  number(reader, "--delay", 0, 60000, o.delay_ms);
  number(reader, "--timeout", 1, 600, o.timeout_s);
  number(reader, "--deadline", 1, 86400, o.deadline_s);
  number(reader, "--cache-age", 0, 365L * 86400, o.cache_age_s);
  number(reader, "--depth", 0, 100000, o.depth);
  number(reader, "--max-pages", 1, 10000000, o.max_pages);
  reader.value("--as-of", [&](const std::string& v) {
    auto d = parse_iso_date(v);
    if (!d)
      OptionReader::fail(check_error("--as-of: " + d.error().message, "write the date as YYYY-MM-DD, e.g. --as-of 2025-04-15"));
    o.as_of = *d;
  });
  reader.value("--format", [&](const std::string& v) {
    auto f = parse_report_format(v);
    if (!f) OptionReader::fail(check_error("unknown --format \"" + v + "\"", "use text, json, junit, html or markdown"));
    o.format = *f;
  });
  reader.value("--resolve", [&](const std::string& v) {
    // HOST:PORT:ADDR — the address may be IPv6 in brackets.
    auto c1 = v.find(':');
    auto c2 = c1 == std::string::npos ? std::string::npos : v.find(':', c1 + 1);
    if (c1 == 0 || c2 == std::string::npos || !to_long(v.substr(c1 + 1, c2 - c1 - 1)) || c2 + 1 >= v.size())
      OptionReader::fail(check_error("--resolve \"" + v + "\" is not HOST:PORT:ADDRESS",
                                     "e.g. --resolve www.example.go.th:8080:127.0.0.1"));
    o.resolve.push_back(v);
  });
  text(reader, "--itas", o.itas);
  // -o and --output are two options to CLI11 so that a message names the one typed.
  text(reader, "-o", o.output);
  text(reader, "--output", o.output);
  text(reader, "--cache", o.cache);
  text(reader, "--base-url", o.base_url);
  text(reader, "--previous", o.previous);
  std::optional<double> iit, eit1, eit2;
  score(reader, "--iit", iit);
  score(reader, "--eit1", eit1);
  score(reader, "--eit2", eit2);
  reader.flag("--offline", [&] { o.offline = true; });
  reader.flag("--no-external", [&] { o.no_external = true; });
  bool target_set = false;
  reader.positional([&](const std::string& a) {
    if (target_set) OptionReader::fail(check_error("more than one TARGET: \"" + o.target + "\" and \"" + a + "\""));
    o.target = a;
    target_set = true;
  });
  auto outcome = reader.read(args);
  r.help = outcome.help;
  r.error = outcome.error;
  if (r.help || r.error) return r;
  // What no single option says alone.
  if (!o.base_url.empty()) {
    auto b = parse_url(o.base_url);
    if (!b || !b->is_http()) r.error = check_error("--base-url must be an http(s) URL, not \"" + o.base_url + "\"");
  }
  if (!r.error && (iit || eit1 || eit2)) {
    if (iit && eit1 && eit2)
      o.ita = ItaScores{*iit, *eit1, *eit2};
    else
      r.error = check_error(std::string("--iit, --eit1 and --eit2 go together: ") + (iit ? "" : "--iit ") +
                                (eit1 ? "" : "--eit1 ") + (eit2 ? "" : "--eit2 ") + "missing",
                            "give all three scores (0-100) for the projected ITA total, or none");
  }
  if (!r.error && is_url_target(o.target)) {
    auto t = parse_url(o.target);
    if (!t)
      r.error = check_error("TARGET " + t.error().message);
    else if (o.offline)
      r.error = check_error("--offline reads local files only; it cannot check the URL " + o.target,
                            "check a built folder instead, or drop --offline");
  }
  return r;
}

}  // namespace oit::cli
