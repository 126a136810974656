// The `oit` command line: build a site, check a site.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "build.h"
#include "check_command.h"

namespace {

const char* kUsage =
    "oit — static-site generator and auditor for Thai government OIT transparency websites\n"
    "\n"
    "Usage:\n"
    "  oit build [--source DIR] [--out DIR] [--drafts] [--jobs N]\n"
    "  oit check [TARGET] [--round 2568] [--as-of YYYY-MM-DD] [--itas FILE] [--format text|json|junit|html|markdown]\n"
    "            [-o FILE] [--offline] [--concurrency N] [--timeout SECONDS]\n"
    "  oit version\n"
    "\n"
    "Run `oit build --help` or `oit check --help` for details.\n";

const char* kBuildUsage =
    "Usage: oit build [--source DIR] [--out DIR] [--drafts] [--jobs N]\n"
    "\n"
    "Builds the site in DIR (default: the current folder: site.toml, content/, themes/) into\n"
    "the output folder (default: DIR/public). The new site replaces the old one only when the\n"
    "build is complete; on any error the previous site stays as it was.\n"
    "\n"
    "  --source DIR   folder holding site.toml and content/\n"
    "  --out DIR      output folder (default DIR/public)\n"
    "  --drafts       also publish drafts and pages dated in the future\n"
    "  --jobs N       render threads (default: one per core)\n"
    "\n"
    "Exit status: 0 built, 2 bad input (the message names file:line:col and what to do).\n"
    "\n"
    "Example:\n"
    "  oit build --source my-agency --out /var/www/oit\n";

bool colour_stderr() { return isatty(STDERR_FILENO) && !std::getenv("NO_COLOR"); }

int run_build(const std::vector<std::string>& args) {
  oit::BuildOptions opt;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> const std::string* {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "oit build: %s needs a value\n\n%s", flag, kBuildUsage);
        return nullptr;
      }
      return &args[++i];
    };
    if (a == "-h" || a == "--help") {
      std::fputs(kBuildUsage, stdout);
      return 0;
    } else if (a == "--source" || a == "-s") {
      auto v = value("--source");
      if (!v) return 2;
      opt.source = *v;
    } else if (a == "--out" || a == "-o") {
      auto v = value("--out");
      if (!v) return 2;
      opt.out = *v;
    } else if (a == "--drafts") {
      opt.drafts = true;
    } else if (a == "--jobs" || a == "-j") {
      auto v = value("--jobs");
      if (!v) return 2;
      char* end = nullptr;
      long n = std::strtol(v->c_str(), &end, 10);
      if (!end || *end || n < 1 || n > 256) {
        std::fprintf(stderr, "oit build: --jobs takes a number from 1 to 256, not `%s`\n", v->c_str());
        return 2;
      }
      opt.jobs = static_cast<unsigned>(n);
    } else {
      std::fprintf(stderr, "oit build: unknown option `%s`\n\n%s", a.c_str(), kBuildUsage);
      return 2;
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  auto r = oit::build_site(opt);
  bool colour = colour_stderr();
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
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "build") return run_build(args);
  if (cmd == "check") return oit::run_check_command(args);
  if (cmd == "version" || cmd == "--version") {
    std::puts("oit 0.1.0");
    return 0;
  }
  std::fprintf(stderr, "oit: unknown command `%s`\n\n%s", cmd.c_str(), kUsage);
  return 2;
}
