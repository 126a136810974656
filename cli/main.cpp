// The `oit` command line: start a site (new), preview it (serve), build it, check it.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/check_args.h"
#include "core/control_chars.h"
#include "generator/build.h"
#include "checks/check_command.h"
#include "generator/config.h"
#include "core/criteria.h"
#include "generator/output_guard.h"
#include "generator/scaffold.h"
#include "core/source_file.h"
#include "generator/serve.h"

namespace {

const char* kUsage =
    "oit — static-site generator and auditor for Thai government OIT transparency websites\n"
    "\n"
    "Usage:\n"
    "  oit new DIR [--round 2568]                        start a site for an ITA round\n"
    "  oit new --from-round 2568 --to-round 2569 [DIR]   carry a site to the next round\n"
    "  oit serve [--source DIR] [--port N] [--drafts]    preview, rebuild and reload on change\n"
    "  oit build [--source DIR] [--out DIR] [--force] [--drafts] [--jobs N]\n"
    "  oit check [TARGET] [--round 2568] [--as-of YYYY-MM-DD] [--itas FILE] [--format text|json|junit|html|markdown]\n"
    "            [-o FILE] [--previous REPORT.json] [--offline] [--concurrency N] [--timeout SECONDS]\n"
    "  oit version\n"
    "\n"
    "Run `oit COMMAND --help` for the details of a command.\n"
    "\n"
    "Examples:\n"
    "  oit new my-agency --round 2568\n"
    "  cd my-agency && oit serve\n"
    "  oit build && oit check public --offline\n";

const char* kNewUsage =
    "Usage: oit new DIR [--round 2568]\n"
    "       oit new --from-round 2568 --to-round 2569 [DIR]\n"
    "\n"
    "Starts a site for an ITA round, or carries an existing site to the next round.\n"
    "\n"
    "oit new DIR makes DIR (it must not exist or must be empty; nothing is ever overwritten) with\n"
    "site.toml (commented in Thai and English), a home page, a news section, the five policy pages and one\n"
    "page per OIT item of the round, made from the round's criteria file: each holds the item's title,\n"
    "guidance, required elements and period rule for the author to replace. These pages are published but\n"
    "do not claim their item yet (their `# oit = \"…\"` line is commented out), so the site builds at once\n"
    "and `oit check` reports every item as missing until its page is written and the `# ` removed.\n"
    "DIR/README.md lists the file of every item.\n"
    "\n"
    "  --round N        ITA round (BE); default: the round of the current fiscal year, else the newest\n"
    "                   round whose criteria are built in\n"
    "\n"
    "oit new --from-round A --to-round B [DIR] carries the site in DIR (default: the current folder) from\n"
    "round A to round B: sets [oit] round in site.toml, writes item codes in `oit` as topic keys (the\n"
    "numbers change between rounds, topic keys do not), adds a page for the new fiscal year beside each page\n"
    "whose item asks for another year (the old page stays published with its `oit` line commented out:\n"
    "assessors look at previous-year reports), adds pages for items new in round B, and writes\n"
    "DIR/oit-round-B.md: what to update, items renumbered, merged, new and dropped. It never deletes a page\n"
    "you wrote and running it again changes nothing more.\n"
    "\n"
    "  --from-round N   the round the site is prepared for now (default: site.toml's round)\n"
    "  --to-round N     the round to prepare for (default: the next one)\n"
    "\n"
    "Exit status: 0 done, 2 bad usage or input (DIR not empty, no criteria for the round, a page that does\n"
    "not parse).\n"
    "\n"
    "Examples:\n"
    "  oit new my-agency --round 2568\n"
    "  cd my-agency && oit build && oit check public --offline\n"
    "  oit new --from-round 2568 --to-round 2569 my-agency\n";

const char* kNewShort =
    "Usage: oit new DIR [--round 2568]\n"
    "       oit new --from-round 2568 --to-round 2569 [DIR]\n"
    "Run `oit new --help` for details and examples.\n";

const char* kServeUsage =
    "Usage: oit serve [--source DIR] [--port N] [--drafts]\n"
    "\n"
    "Builds the site in DIR (default: the current folder) into a temporary folder (your public/ is not\n"
    "touched), serves it at http://127.0.0.1:N/, and rebuilds whenever site.toml, content/, themes/ or\n"
    "criteria/ change (watched with inotify; looked at every 100 ms where it is not available). Open pages reload by themselves after each build. When a build\n"
    "fails, every page shows the error (file, line and the lines around it) above the last good site, which\n"
    "keeps being served. Ctrl-C stops the server.\n"
    "\n"
    "  --source DIR   folder holding site.toml and content/\n"
    "  --port N       port on 127.0.0.1 (default 8080; 0 picks a free port, printed at start)\n"
    "  --drafts       also show drafts and pages dated in the future\n"
    "\n"
    "Exit status: 0 stopped with Ctrl-C, 2 cannot start (no site.toml, port in use).\n"
    "\n"
    "Examples:\n"
    "  oit serve\n"
    "  oit serve --source my-agency --port 8000\n";

const char* kServeShort =
    "Usage: oit serve [--source DIR] [--port N] [--drafts]\n"
    "Run `oit serve --help` for details and examples.\n";

const char* kBuildUsage =
    "Usage: oit build [--source DIR] [--out DIR] [--force] [--drafts] [--jobs N]\n"
    "\n"
    "Builds the site in DIR (default: the current folder: site.toml, content/, themes/) into\n"
    "the output folder (default: DIR/public). The new site replaces the old one only when the\n"
    "build is complete; on any error the previous site stays as it was.\n"
    "\n"
    "The output folder is replaced whole, so oit refuses one that is the source folder, contains it,\n"
    "or lies inside its content/, themes/, static/ or criteria/ folders, and `/` or your home folder.\n"
    "An existing folder that is not empty is replaced only when oit built it (it holds the file\n"
    ".oit-output, or, from oit versions before that file, an oit.json written by oit); --force\n"
    "replaces any other. A symlink as --out is followed: the folder it leads to is replaced.\n"
    "\n"
    "Source files are read only when they are regular files inside DIR, and only up to a size:\n"
    "site.toml 1 MiB, pages 10 MiB, CSV tables 32 MiB and 200,000 rows, templates 16 MiB.\n"
    "\n"
    "  --source DIR   folder holding site.toml and content/\n"
    "  --out DIR      output folder (default DIR/public)\n"
    "  --force        replace --out even when it is a non-empty folder oit did not build\n"
    "  --drafts       also publish drafts and pages dated in the future\n"
    "  --jobs N       render threads (default: one per core)\n"
    "\n"
    "Exit status: 0 built, 2 bad input (the message names file:line:col and what to do).\n"
    "\n"
    "Examples:\n"
    "  oit build\n"
    "  oit build --source my-agency --out /var/www/oit\n"
    "  oit build --drafts --out /tmp/preview\n";

bool colour_stderr() { return isatty(STDERR_FILENO) && !std::getenv("NO_COLOR"); }

// Prints a usage error as every command does: "oit CMD: what is wrong", then the usage; exit status 2.
int usage_error(const char* cmd, const oit::cli::UsageError& e, const char* usage) {
  std::fprintf(stderr, "oit %s: %s\n", cmd, e.message.c_str());
  if (e.show_usage) std::fprintf(stderr, "\n%s", usage);
  return 2;
}

int run_build(const std::vector<std::string>& args) {
  auto parsed = oit::cli::parse_build_args(args);
  if (parsed.error) return usage_error("build", *parsed.error, kBuildUsage);
  if (parsed.args.help) {
    std::fputs(kBuildUsage, stdout);
    return 0;
  }
  oit::BuildOptions opt;
  opt.source = parsed.args.source;
  opt.out = parsed.args.out;
  opt.drafts = parsed.args.drafts;
  opt.jobs = parsed.args.jobs;
  const bool force = parsed.args.force;
  bool colour = colour_stderr();
  // Before anything is read or written: the output folder is replaced whole, so it must not hold sources.
  auto out = oit::check_output_folder(opt.source, opt.out.empty() ? opt.source / "public" : opt.out, force);
  if (!out) {
    std::fprintf(stderr, "%s%s%s\n", colour ? "\033[31m" : "", ("error: " + out.error().str()).c_str(), colour ? "\033[0m" : "");
    std::fprintf(stderr, "oit build: nothing was published or deleted.\n");
    return 2;
  }
  opt.out = *out;
  auto t0 = std::chrono::steady_clock::now();
  auto r = oit::build_site(opt);
  if (!r) {
    std::fprintf(stderr, "%s%s%s\n", colour ? "\033[31m" : "", ("error: " + r.error().str()).c_str(), colour ? "\033[0m" : "");
    std::fprintf(stderr, "oit build: nothing was published; the previous site is unchanged.\n");
    return 2;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& w : r->warnings) std::fprintf(stderr, "%s\n", w.str().c_str());
  for (const auto& s : r->skipped) std::fprintf(stderr, "skipped %s: %s\n", s.file.c_str(), s.reason.c_str());
  std::printf("built %d pages, %d files into %s in %.2f s\n", r->pages, r->files, r->out.c_str(), secs);
  std::printf("OIT round items with a page: %d/%d; %zu warning(s), %zu page(s) not published\n", r->oit_items_present,
              r->oit_items_total, r->warnings.size(), r->skipped.size());
  if (!r->round_notice.empty()) std::printf("%s\n", r->round_notice.c_str());
  return 0;
}


void print_error(const oit::Error& e) {
  bool colour = colour_stderr();
  std::fprintf(stderr, "%s%s%s\n", colour ? "\033[31m" : "", ("error: " + e.str()).c_str(), colour ? "\033[0m" : "");
}

int run_new(const std::vector<std::string>& args) {
  auto parsed = oit::cli::parse_new_args(args);
  if (parsed.error) return usage_error("new", *parsed.error, kNewShort);
  if (parsed.args.help) {
    std::fputs(kNewUsage, stdout);
    return 0;
  }
  const std::vector<std::string>& positional = parsed.args.folders;
  const int round_given = parsed.args.round;
  int from = parsed.args.from_round, to = parsed.args.to_round;
  if (positional.size() > 1) {
    std::fprintf(stderr, "oit new: one folder only, not `%s` and `%s`\n\n%s", positional[0].c_str(), positional[1].c_str(), kNewShort);
    return 2;
  }
  const oit::Date today = oit::today_bangkok();

  if (from || to) {  // carry a site forward
    if (round_given) {
      std::fprintf(stderr, "oit new: --round starts a new site; with --from-round/--to-round leave it out\n");
      return 2;
    }
    std::filesystem::path dir = positional.empty() ? "." : positional[0];
    if (!from) {
      auto text = oit::read_source_file(dir / "site.toml", "site.toml", oit::SourceKind::SiteConfig, dir);
      auto cfg = text ? oit::parse_site_config(*text, "site.toml") : oit::Result<oit::SiteConfig>(text.error());
      if (!cfg) {
        print_error(cfg.error());
        std::fprintf(stderr, "oit new: cannot read the round from %s/site.toml; give --from-round N\n", dir.string().c_str());
        return 2;
      }
      from = cfg->round;
      if (from == to) {
        std::printf("%s/site.toml is already for round %d: nothing to do (give --from-round too to see the report again)\n",
                    dir.string().c_str(), to);
        return 0;
      }
    }
    if (!to) to = from + 1;
    auto plan = oit::migrate_site(dir, from, to, today);
    if (!plan) {
      print_error(plan.error());
      std::fprintf(stderr, "oit new: the site was not changed.\n");
      return 2;
    }
    if (plan->actions.empty())
      std::printf("%s is already carried to round %d: nothing changed\n", dir.string().c_str(), to);
    else
      std::printf("carried %s from round %d to round %d:\n", dir.string().c_str(), from, to);
    for (const auto& a : plan->actions) std::printf("  %s\n", a.c_str());
    for (const auto& n : plan->notes) std::printf("  note: %s\n", n.c_str());
    std::printf("%d item(s) of round %d to fill in or update: see %s\n", plan->todo, to,
                (dir / plan->report_path).string().c_str());
    return 0;
  }

  if (positional.empty()) {
    std::fprintf(stderr, "oit new: give the folder of the new site, e.g. `oit new my-agency`\n\n%s", kNewShort);
    return 2;
  }
  const int round = round_given ? round_given : oit::default_round(today);
  auto criteria = oit::load_criteria(round);
  if (!criteria) {
    print_error(criteria.error());
    return 2;
  }
  auto made = oit::create_site(positional[0], *criteria, today);
  if (!made) {
    print_error(made.error());
    return 2;
  }
  const std::string dir = positional[0];
  std::printf("created %s: a site for ITA round %d — %d item pages to fill in, news, 5 policy pages, home page\n", dir.c_str(),
              round, made->item_pages);
  const std::string why = round_given ? std::string("--round")
                          : oit::fiscal_year_be(today) == round
                              ? "fiscal year of " + oit::to_iso(today)
                              : "the newest round built in (none for fiscal year " + std::to_string(oit::fiscal_year_be(today)) + ")";
  std::printf("%s\n", oit::round_notices(*criteria, why, today).front().c_str());
  std::printf("next:\n  cd %s\n  oit serve                              # preview at http://127.0.0.1:8080/\n"
              "  oit build && oit check public --offline   # what is still to fill in\n"
              "%s/README.md lists the file of every item.\n",
              dir.c_str(), dir.c_str());
  return 0;
}

int run_serve(const std::vector<std::string>& args) {
  auto parsed = oit::cli::parse_serve_args(args);
  if (parsed.error) return usage_error("serve", *parsed.error, kServeShort);
  if (parsed.args.help) {
    std::fputs(kServeUsage, stdout);
    return 0;
  }
  oit::ServeOptions opt;
  opt.source = parsed.args.source;
  opt.port = parsed.args.port;
  opt.drafts = parsed.args.drafts;
  return oit::run_serve(opt);
}

int run_check(const std::vector<std::string>& args) {
  auto parsed = oit::cli::parse_check_args(args);
  if (parsed.error) {
    // check's usage errors: the message and a hint, no usage (`oit check --help` has it).
    std::string s = "oit check: " + oit::printable(parsed.error->message);
    if (!parsed.error->hint.empty()) s += "\n  hint: " + oit::printable(parsed.error->hint);
    std::fprintf(stderr, "%s\n", s.c_str());
    return 2;
  }
  if (parsed.help) {
    std::fputs(oit::cli::kCheckUsage, stdout);
    return 0;
  }
  return oit::run_check_command(parsed.options);
}

int run_command(const std::string& cmd, const std::vector<std::string>& args);

// `oit help COMMAND`: what `oit COMMAND --help` prints.
int run_help(const std::vector<std::string>& args) {
  if (args.empty() || (args.size() == 1 && (args[0] == "help" || args[0] == "version"))) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (args.size() > 1) {
    std::fprintf(stderr, "oit help: one command only, e.g. `oit help build`\n");
    return 2;
  }
  const auto& known = oit::cli::command_names();
  if (std::find(known.begin(), known.end(), args[0]) == known.end()) {
    std::fprintf(stderr, "oit help: unknown command `%s`%s\n\n%s", args[0].c_str(),
                 oit::cli::suggestion_suffix(args[0], known).c_str(), kUsage);
    return 2;
  }
  return run_command(args[0], {"--help"});
}

int run_command(const std::string& cmd, const std::vector<std::string>& args) {
  if (cmd == "new") return run_new(args);
  if (cmd == "serve") return run_serve(args);
  if (cmd == "build") return run_build(args);
  if (cmd == "check") return run_check(args);
  if (cmd == "help") return run_help(args);
  if (cmd == "version" || cmd == "--version") {
    std::puts("oit 0.1.0");
    return 0;
  }
  std::fprintf(stderr, "oit: unknown command `%s`%s\n\n%s", cmd.c_str(),
               oit::cli::suggestion_suffix(cmd, oit::cli::command_names()).c_str(), kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string cmd = args[0];
  args.erase(args.begin());
  return run_command(cmd, args);
}
