#include "checks/pdf_text.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

namespace oit {
namespace {
// Poppler prints every complaint about damaged files to stderr; the checker reports them itself.
void quiet(const std::string&, void*) {}

// The reader's messages, each a type byte, a 4-byte length and the payload:
//   'N' pages in the document, 'P' one page's text, 'C' the character bound cut the text, 'E' an error
//   (message '\0' hint), 'D' done.
void put(int fd, char type, std::string_view payload) {
  std::string m(1, type);
  uint32_t n = static_cast<uint32_t>(payload.size());
  m.append(reinterpret_cast<const char*>(&n), 4);
  m.append(payload);
  for (size_t off = 0; off < m.size();) {
    ssize_t w = ::write(fd, m.data() + off, m.size() - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) _exit(1);
    off += static_cast<size_t>(w);
  }
}

// Runs in the child process: poppler reads the document and the text goes back page by page.
[[noreturn]] void read_in_child(int fd, std::string_view bytes, int max_pages, size_t max_chars) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the checker
  poppler::set_debug_error_function(quiet, nullptr);
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    put(fd, 'E', std::string("damaged PDF file: it cannot be opened") + '\0');
    _exit(0);
  }
  if (doc->is_locked()) {
    put(fd, 'E', std::string("PDF file is locked with a password") + '\0' + "publish it without a password");
    _exit(0);
  }
  const int pages = doc->pages();
  put(fd, 'N', std::to_string(pages));
  size_t chars = 0;
  for (int i = 0; i < pages && i < max_pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    std::string text;
    if (page) {
      poppler::byte_array utf8 = page->text().to_utf8();
      text.assign(utf8.begin(), utf8.end());
    }
    bool cut = chars + text.size() > max_chars;
    if (cut) text.resize(max_chars - chars);
    chars += text.size();
    put(fd, 'P', text);
    if (cut) {
      put(fd, 'C', std::to_string(i + 1));
      break;
    }
  }
  put(fd, 'D', "");
  _exit(0);
}

size_t resident_bytes(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/statm", static_cast<int>(pid));
  FILE* f = std::fopen(path, "r");
  if (!f) return 0;
  unsigned long size = 0, resident = 0;
  int got = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  return got == 2 ? resident * static_cast<size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

std::string mb(size_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

}  // namespace

bool looks_like_pdf(std::string_view bytes) {
  return bytes.substr(0, 1024 + 5).find("%PDF-") != std::string_view::npos;
}

Result<PdfText> pdf_text(std::string_view bytes, int max_pages, size_t max_chars) {
  PdfLimits limits;
  limits.max_pages = max_pages;
  limits.max_chars = max_chars;
  return pdf_text(bytes, limits);
}

Result<PdfText> pdf_text(std::string_view bytes, const PdfLimits& limits) {
  using Clock = std::chrono::steady_clock;
  if (!looks_like_pdf(bytes)) return make_error({}, "not a PDF file (no %PDF- header)");
  PdfText out;
  const auto start = Clock::now();
  if (start >= limits.deadline) {
    out.limit = "the check's deadline had passed: the text was not read";
    return out;
  }
  auto deadline = limits.deadline;
  if (limits.max_seconds > 0 && limits.max_seconds < 1e6)
    deadline = std::min(deadline, start + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(limits.max_seconds)));
  int fds[2];
  if (pipe(fds) != 0) return make_error({}, "cannot start the PDF reader: " + std::string(std::strerror(errno)));
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return make_error({}, "cannot start the PDF reader: " + std::string(std::strerror(errno)));
  }
  if (pid == 0) {
    close(fds[0]);
    read_in_child(fds[1], bytes, limits.max_pages, limits.max_chars);
  }
  close(fds[1]);
  // Read what the child sends until it is done, or stop it at a bound.
  std::string got;
  std::string stopped;  // why the child was killed
  const size_t max_output = limits.max_chars + 5 * static_cast<size_t>(std::max(limits.max_pages, 0)) + 65536;
  char buf[65536];
  for (;;) {
    pollfd p{fds[0], POLLIN, 0};
    int r = poll(&p, 1, 50);
    if (r < 0 && errno != EINTR) break;
    if (r > 0) {
      ssize_t n = read(fds[0], buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // end of output: the child is done (or died)
      got.append(buf, static_cast<size_t>(n));
      if (got.size() > max_output) stopped = "the reader sent more text than asked for";
    }
    if (stopped.empty() && Clock::now() > deadline)
      stopped = Clock::now() > limits.deadline
                    ? "time: the check's deadline came while the text was being read"
                    : "time: reading the text took over " + std::to_string(static_cast<int>(limits.max_seconds)) + " s";
    if (stopped.empty() && limits.max_memory && resident_bytes(pid) > limits.max_memory)
      stopped = "memory: reading the text needed over " + mb(limits.max_memory);
    if (!stopped.empty()) {
      kill(pid, SIGKILL);
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // The messages that arrived whole.
  bool done = false;
  std::string cut_page;
  for (size_t i = 0; i + 5 <= got.size();) {
    uint32_t n;
    std::memcpy(&n, got.data() + i + 1, 4);
    if (i + 5 + n > got.size()) break;
    char type = got[i];
    std::string_view payload(got.data() + i + 5, n);
    i += 5 + n;
    if (type == 'E') {
      size_t z = payload.find('\0');
      return make_error({}, std::string(payload.substr(0, z)),
                        z == std::string_view::npos ? std::string() : std::string(payload.substr(z + 1)));
    }
    if (type == 'N') out.pages = std::atoi(std::string(payload).c_str());
    if (type == 'P') {
      if (out.pages_read) out.text += '\f';
      out.text.append(payload);
      ++out.pages_read;
    }
    if (type == 'C') cut_page = std::string(payload);
    if (type == 'D') done = true;
  }
  if (!done && stopped.empty()) {
    if (out.pages == 0 && out.pages_read == 0) return make_error({}, "damaged PDF file: the reader failed on it");
    stopped = "the reader failed on page " + std::to_string(out.pages_read + 1);
  }
  if (!stopped.empty()) {
    out.limit = stopped + " (" + std::to_string(out.pages_read) + " of " +
                (out.pages ? std::to_string(out.pages) : std::string("?")) + " pages read)";
  } else if (!cut_page.empty()) {
    out.limit = std::to_string(limits.max_chars) + " characters of text read, up to page " + cut_page + " of " +
                std::to_string(out.pages);
  } else if (out.pages_read < out.pages) {
    out.limit = std::to_string(out.pages_read) + " of " + std::to_string(out.pages) + " pages read";
  }
  return out;
}

}  // namespace oit
