// Times what `oit serve` does after an edit: one Builder builds the site, then one page is edited and the
// same Builder rebuilds. Prints the full build time, the incremental rebuild time and what was redone.
//   usage: oit_rebuild_timer SITE_DIR OUT_DIR PAGE_UNDER_CONTENT [ROUNDS]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "generator/build.h"

// CPU seconds (user + system) of this process: unlike wall time, barely moved by other load on the machine.
static double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s SITE_DIR OUT_DIR PAGE_UNDER_CONTENT [ROUNDS]\n", argv[0]);
    return 2;
  }
  oit::BuildOptions opt;
  opt.source = argv[1];
  opt.out = argv[2];
  std::filesystem::path page = opt.source / "content" / argv[3];
  int rounds = argc > 4 ? std::atoi(argv[4]) : 5;
  opt.remember_stages = true;  // as oit serve does
  oit::Builder builder(opt);
  auto t0 = std::chrono::steady_clock::now();
  auto first = builder.build();
  auto t1 = std::chrono::steady_clock::now();
  if (!first) {
    std::fprintf(stderr, "%s\n", first.error().str().c_str());
    return 2;
  }
  std::printf("full build: %d pages in %.3f s\n", first->pages, std::chrono::duration<double>(t1 - t0).count());
  std::ifstream in(page);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string original = ss.str();
  for (int i = 1; i <= rounds; ++i) {
    std::ofstream(page, std::ios::trunc) << original << "\nแก้ไขครั้งที่ " << i << "\n";
    std::filesystem::last_write_time(page, std::filesystem::file_time_type::clock::now() + std::chrono::seconds(i));
    auto a = std::chrono::steady_clock::now();
    double cpu0 = cpu_seconds();
    // oit serve's file watcher tells the Builder which file changed, as here.
    const std::vector<std::string> changed{"content/" + std::string(argv[3])};
    auto r = builder.build(&changed);
    double cpu = cpu_seconds() - cpu0;
    auto b = std::chrono::steady_clock::now();
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().str().c_str());
      return 2;
    }
    const auto& u = builder.last_reuse();
    std::printf("one-page edit %d: %.3f s wall, %.3f s CPU (read %zu sources, rendered %zu Markdown, %zu pages, kept %zu, wrote %zu files)\n", i,
                std::chrono::duration<double>(b - a).count(), cpu, u.sources_read, u.markdown_rendered, u.pages_rendered,
                u.pages_kept, u.files_written);
  }
  std::ofstream(page, std::ios::trunc) << original;
  return 0;
}
