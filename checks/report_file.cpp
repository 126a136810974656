#include "checks/report_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace oit {

bool looks_like_report(std::string_view head) {
  // text: "oit check: round …"; JUnit: <testsuites name="oit check">; HTML and Markdown: "ผลตรวจ OIT";
  // JSON: the report's own first keys.
  return head.starts_with("oit check: ") || head.find("<testsuites name=\"oit check\"") != std::string_view::npos ||
         head.find("ผลตรวจ OIT") != std::string_view::npos ||
         (head.starts_with("{") && head.find("\"round\"") != std::string_view::npos &&
          head.find("\"as_of\"") != std::string_view::npos);
}

Result<void> report_file_writable(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return {};  // /dev/null, /dev/stdout, a pipe: a stream
  if (!S_ISREG(st.st_mode))
    return make_error({path, 0, 0}, "cannot write the report here: it is not a file", "give -o a file name");
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), std::streamsize(head.size()));
  head.resize(size_t(in.gcount()));
  if (!looks_like_report(head))
    return make_error({path, 0, 0}, "this file exists and is not an oit check report; it was left as it was",
                      "give -o a new file name (or delete the file first if it really is to be replaced)");
  return {};
}

Result<void> write_report_file(const std::string& path, std::string_view text) {
  namespace fs = std::filesystem;
  if (auto ok = report_file_writable(path); !ok) return ok;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {  // a stream: written as it is
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.flush();
    if (!out) return make_error({path, 0, 0}, "cannot write the report");
    return {};
  }
  fs::path target(path);
  fs::path tmp = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return make_error({path, 0, 0}, "cannot write the report", "check the folder exists and is writable");
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return make_error({path, 0, 0}, "cannot write the report", "check the folder exists and is writable");
  }
  return {};
}

}  // namespace oit
