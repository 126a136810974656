#include "generator/serve.h"
#include "generator/serve_connections.h"
#include "generator/serve_guard.h"
#include "core/url_path.h"
#include "generator/watch.h"

#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "generator/build.h"
#include "generator/config.h"
#include "generator/datatable.h"
#include "generator/render.h"
#include "core/mime.h"
#include "core/source_file.h"

namespace fs = std::filesystem;

namespace oit {

namespace {

std::atomic<bool> g_stop{false};
// The first Ctrl-C stops after the current build; a second one stops at once.
extern "C" void on_stop_signal(int) {
  if (g_stop) _exit(130);
  g_stop = true;
}

bool hidden(const fs::path& p) {
  std::string n = p.filename().string();
  return !n.empty() && n[0] == '.';
}

void stamp_tree(const fs::path& source, const fs::path& dir, SourceSnapshot& out) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (hidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    std::error_code e2;
    if (!it->is_regular_file(e2)) continue;
    auto t = fs::last_write_time(it->path(), e2);
    auto size = fs::file_size(it->path(), e2);
    if (e2) continue;  // removed while we looked: the next round sees it gone
    out[it->path().lexically_relative(source).generic_string()] = {
        static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count()), size};
  }
}

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The state shared by the builder (main thread) and the HTTP threads.
class LiveSite {
 public:
  void built(bool ok, std::optional<Error> error) {
    std::lock_guard<std::mutex> lock(m_);
    if (ok) have_site_ = true;
    error_ = std::move(error);
    ++version_;
  }
  struct View {
    bool have_site;
    std::optional<Error> error;
    std::uint64_t version;
    std::string base_path;
  };
  View view() const {
    std::lock_guard<std::mutex> lock(m_);
    return {have_site_, error_, version_, base_path_};
  }
  void set_base_path(std::string p) {
    std::lock_guard<std::mutex> lock(m_);
    base_path_ = std::move(p);
  }

 private:
  mutable std::mutex m_;
  bool have_site_ = false;
  std::optional<Error> error_;
  std::uint64_t version_ = 0;
  std::string base_path_ = "/";
};

std::string error_page(const std::string& panel, std::uint64_t version) {
  return "<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\"><title>oit serve: build failed</title>"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>" +
         panel + live_reload_script(version) + "</body></html>\n";
}

}  // namespace

SourceSnapshot snapshot_sources(const fs::path& source) {
  SourceSnapshot snap;
  std::error_code ec;
  fs::path toml = source / "site.toml";
  if (fs::is_regular_file(toml, ec)) {
    auto t = fs::last_write_time(toml, ec);
    snap["site.toml"] = {static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count()),
                         fs::file_size(toml, ec)};
  }
  for (const char* dir : {"content", "themes", "criteria"})
    if (fs::is_directory(source / dir, ec)) stamp_tree(source, source / dir, snap);
  return snap;
}

std::string live_reload_script(std::uint64_t version) {
  // Polls rather than holding a connection open (SSE): nothing to clean up when the server stops, and a
  // browser tab left open does not pin one of the server's threads.
  return "<script>/* oit serve: live reload, not part of the built site */(function(){var v=\"" + std::to_string(version) +
         "\";function poll(){fetch(\"/__oit/version\",{cache:\"no-store\"}).then(function(r){return r.text()})"
         ".then(function(t){if(t.trim()!==v){location.reload();return}setTimeout(poll,300)})"
         ".catch(function(){setTimeout(poll,1000)})}setTimeout(poll,300)})();</script>\n";
}

std::string inject_html(std::string_view html, std::string_view top, std::string_view bottom) {
  std::string low = lower(html);
  std::string out;
  size_t body = low.find("<body");
  size_t open_end = body == std::string::npos ? std::string::npos : low.find('>', body);
  size_t close = low.rfind("</body>");
  if (open_end == std::string::npos) {
    out = std::string(top) + std::string(html);
    if (close == std::string::npos) return out + std::string(bottom);
    close += top.size();
  } else {
    out = std::string(html.substr(0, open_end + 1)) + std::string(top) + std::string(html.substr(open_end + 1));
    if (close != std::string::npos && close > open_end) close += top.size();
    else close = std::string::npos;
  }
  if (close == std::string::npos) return out + std::string(bottom);
  return out.substr(0, close) + std::string(bottom) + out.substr(close);
}

std::string source_excerpt(std::string_view text, int line, int context) {
  if (line <= 0) return {};
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view l = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(l);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  if (line > static_cast<int>(lines.size())) return {};
  int first = std::max(1, line - context), last = std::min(static_cast<int>(lines.size()), line + context);
  int width = static_cast<int>(std::to_string(last).size());
  std::string out;
  for (int i = first; i <= last; ++i) {
    std::string num = std::to_string(i);
    out += (i == line ? "> " : "  ") + std::string(width - num.size(), ' ') + num + " | " + std::string(lines[i - 1]) + "\n";
  }
  return out;
}

std::string build_error_panel(const Error& error, const fs::path& source, bool showing_last_good) {
  std::string where = error.pos.file;
  if (error.pos.line > 0) where += ":" + std::to_string(error.pos.line);
  if (error.pos.col > 0) where += ":" + std::to_string(error.pos.col);
  std::string excerpt;
  if (!error.pos.file.empty() && error.pos.line > 0) {
    fs::path f = fs::path(error.pos.file).is_absolute() ? fs::path(error.pos.file) : source / error.pos.file;
    // Bounded and inside the source like every source read; the largest kind, as the file may be a table.
    if (auto text = read_source_file(f, error.pos.file, SourceKind::Table, source)) excerpt = source_excerpt(*text, error.pos.line);
  }
  std::string h =
      "<div id=\"oit-serve-error\" role=\"alert\" style=\"all:initial;display:block;box-sizing:border-box;margin:0;"
      "padding:1rem 1.25rem;background:#fff4f4;color:#5c0000;border-bottom:4px solid #b00020;"
      "font:16px/1.5 system-ui,'Noto Sans Thai',sans-serif\">"
      "<p style=\"margin:0 0 .5rem;font-weight:700\">oit serve: สร้างเว็บไซต์ไม่สำเร็จ (build failed)</p>";
  h += "<p style=\"margin:0 0 .5rem\"><code style=\"font-family:monospace;font-weight:700\">" + html_escape(where) + "</code>: " +
       html_escape(error.message) + "</p>";
  if (!error.hint.empty()) h += "<p style=\"margin:0 0 .5rem\">hint: " + html_escape(error.hint) + "</p>";
  if (!excerpt.empty())
    h += "<pre style=\"margin:0 0 .5rem;padding:.5rem;background:#fff;border:1px solid #e0b4b4;overflow:auto;"
         "font:14px/1.4 monospace;white-space:pre\">" + html_escape(excerpt) + "</pre>";
  h += std::string("<p style=\"margin:0;font-size:14px\">") +
       (showing_last_good ? "ด้านล่างคือเว็บไซต์ที่สร้างสำเร็จครั้งล่าสุด แก้ไฟล์แล้วบันทึก หน้านี้จะโหลดใหม่เอง "
                            "(below: the last good build; save a fix and this page reloads)"
                          : "ยังไม่มีเว็บไซต์ที่สร้างสำเร็จ แก้ไฟล์แล้วบันทึก หน้านี้จะโหลดใหม่เอง (save a fix and this page reloads)") +
       "</p></div>\n";
  return h;
}

std::string content_type_for(std::string_view path) { return content_type_for_path(path); }

ServedResponse serve_path(const fs::path& root, std::string_view request_path, std::string_view base_path) {
  ServedResponse r;
  auto not_found = [&]() {
    r = {};
    r.status = 404;
    std::optional<std::string> page;
    if (auto f = site_file(root, "404.html"); f && !f->directory) page = read_file(f->path);
    if (page) {
      r.body = std::move(*page);
      r.content_type = content_type_for("404.html");
      r.html = true;
    } else {
      r.body = "404 not found\n";
      r.content_type = content_type_for("x.txt");
    }
    return r;
  };
  std::string path(request_path);
  if (path.empty() || path[0] != '/') path = "/" + path;
  std::string base(base_path.empty() ? "/" : base_path);
  if (path + "/" == base) {
    r.status = 301;
    r.location = percent_encode(base, "/");
    return r;
  }
  auto below = path_below_base(path, base);
  if (!below) {
    if (path == "/") {
      r.status = 302;
      r.location = percent_encode(base, "/");
      return r;
    }
    return not_found();
  }
  // Only a plain path (no "//", "..", hidden, control characters) naming something inside `root` once
  // symlinks are resolved: see site_file.
  std::string rel(*below);
  auto found = site_file(root, rel);
  if (!found) return not_found();
  if (found->directory) {
    if (!rel.empty() && rel.back() != '/') {
      r.status = 301;
      r.location = percent_encode(path + "/", "/");
      return r;
    }
    rel = file_for_url_path(rel);
    found = site_file(root, rel);
    if (!found || found->directory) return not_found();
  }
  auto body = read_file(found->path);
  if (!body) return not_found();
  r.body = std::move(*body);
  r.content_type = content_type_for(rel);  // the name asked for, as a web server names what a link points to
  r.html = r.content_type.starts_with("text/html");
  return r;
}

int run_serve(const ServeOptions& options) {
  std::error_code ec;
  const fs::path source = options.source;
  if (!fs::is_regular_file(source / "site.toml", ec)) {
    std::fprintf(stderr, "oit serve: no site.toml in %s\n  hint: run oit serve in a site folder or pass --source DIR\n",
                 source.string().c_str());
    return 2;
  }
  // The built site lives in a private folder: the author's public/ is left alone.
  std::string tmpl = (fs::temp_directory_path(ec) / "oit-serve-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    std::perror("oit serve: cannot create a temporary folder");
    return 2;
  }
  const fs::path work = buf.data();
  const fs::path out = work / "site";
  auto cleanup = [&] {
    std::error_code ignore;
    fs::remove_all(work, ignore);
  };

  LiveSite live;
  BoundedServer server;
  server.Get("/__oit/version", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content(std::to_string(live.view().version), "text/plain");
  });
  server.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    LiveSite::View v = live.view();
    res.set_header("Cache-Control", "no-store");
    std::string script = live_reload_script(v.version);
    if (!v.have_site) {
      res.status = 503;
      std::string panel = v.error ? build_error_panel(*v.error, source, false) : "<p>oit serve: building…</p>";
      res.set_content(error_page(panel, v.version), "text/html; charset=utf-8");
      return;
    }
    ServedResponse r = serve_path(out, req.path, v.base_path);
    res.status = r.status;
    if (!r.location.empty()) {
      res.set_header("Location", r.location);
      return;
    }
    if (r.html) r.body = inject_html(r.body, v.error ? build_error_panel(*v.error, source, true) : "", script);
    res.set_content(std::move(r.body), r.content_type);
  });

  // httplib's default sets SO_REUSEPORT, which lets a second server share a port already in use: a
  // forgotten `oit serve` would silently answer half the requests. SO_REUSEADDR alone still allows a
  // restart on a port in TIME_WAIT.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::fprintf(stderr, "oit serve: cannot listen on %s:%d (the port is in use?)\n  hint: choose another port with --port N (or --port 0 for any free one)\n",
                 options.host.c_str(), options.port);
    cleanup();
    return 2;
  }

  server.widen_backlog();

  // DNS rebinding: a web page whose name is re-pointed to 127.0.0.1 reaches this server with that name in
  // Host; only the loopback address's names pass. A request without Host (HTTP/1.0) comes from a program on
  // this machine, never from a browser (browsers always send Host), and is answered; HTTP/1.1 requires Host.
  server.set_pre_routing_handler([&options, port](const httplib::Request& req, httplib::Response& res) {
    size_t hosts = req.get_header_value_count("Host");
    if (hosts == 1 ? host_allowed(req.get_header_value("Host"), options.host, port) : hosts == 0 && req.version == "HTTP/1.0")
      return httplib::Server::HandlerResponse::Unhandled;
    res.status = hosts == 1 ? 403 : 400;
    res.set_content("oit serve answers only http://127.0.0.1:" + std::to_string(port) + "/ and http://localhost:" +
                        std::to_string(port) + "/ (this request named another host)\n",
                    "text/plain; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  });

  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  struct sigaction old_int {}, old_term {};
  g_stop = false;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  signal(SIGPIPE, SIG_IGN);

  std::vector<std::string> last_warnings;  // printed again only when they change: a preview is not a lint run
  BuildOptions bo;
  bo.source = source;
  bo.out = out;
  bo.drafts = options.drafts;
  bo.remember_stages = true;
  Builder builder(bo);  // the first build is a full one; later ones redo only what a change touches
  auto build = [&](const std::vector<std::string>* changed) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = builder.build(changed);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (r) {
      if (auto text = read_source_file(source / "site.toml", "site.toml", SourceKind::SiteConfig, source))
        if (auto cfg = parse_site_config(*text, "site.toml")) live.set_base_path(base_path_of(cfg->base_url));
      std::vector<std::string> warnings;
      for (const auto& w : r->warnings) warnings.push_back(w.str());
      if (warnings != last_warnings)
        for (const auto& w : warnings) std::fprintf(stderr, "%s\n", w.c_str());
      else if (!warnings.empty())
        std::fprintf(stderr, "(%zu warning(s), as before)\n", warnings.size());
      last_warnings = std::move(warnings);
      live.built(true, std::nullopt);
      const BuildReuse& reuse = builder.last_reuse();
      std::printf("built %d pages in %.2f s (%zu rendered, %zu files written); OIT items with a page: %d/%d\n", r->pages, secs,
                  reuse.pages_rendered, reuse.files_written, r->oit_items_present, r->oit_items_total);
    } else {
      live.built(false, r.error());
      std::fprintf(stderr, "error: %s\noit serve: the browser shows this error; %s\n", r.error().str().c_str(),
                   live.view().have_site ? "the last good site is still served" : "no site yet");
    }
    std::fflush(stdout);
    std::fflush(stderr);
  };

  // Changes come from inotify when it can watch the site (opened before the first build, so no edit is
  // missed); otherwise the sources are looked at every poll_ms.
  auto watcher = SourceWatcher::open(source);
  SourceSnapshot seen = watcher ? SourceSnapshot{} : snapshot_sources(source);
  build(nullptr);
  std::thread listener([&] { server.listen_after_bind(); });
  std::printf("serving %s at http://%s:%d%s (Ctrl-C to stop)\n", source.string().c_str(), options.host.c_str(), port,
              live.view().base_path.c_str());
  std::fflush(stdout);

  const auto poll = std::chrono::milliseconds(std::max(20, options.poll_ms));
  auto step = std::chrono::duration_cast<std::chrono::steady_clock::duration>(poll);
  if (!watcher) std::printf("watching the sources by looking at them every %d ms (inotify is not available)\n", std::max(20, options.poll_ms));
  while (watcher && !g_stop) {
    SourceChanges changes = watcher->wait(std::chrono::milliseconds(200));
    if (!changes.any()) continue;
    std::printf("change seen, rebuilding…\n");
    build(changes.rescan ? nullptr : &changes.paths);
  }
  while (!watcher && !g_stop) {
    std::this_thread::sleep_for(step);
    if (g_stop) break;
    auto t0 = std::chrono::steady_clock::now();
    SourceSnapshot now = snapshot_sources(source);
    // A very large site is looked at less often, so watching never takes more than a tenth of a core.
    step = std::max<std::chrono::steady_clock::duration>(poll, 10 * (std::chrono::steady_clock::now() - t0));
    if (now == seen) continue;
    // Let an editor finish writing (several files, or write-then-rename) before building.
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    seen = snapshot_sources(source);
    std::printf("change seen, rebuilding…\n");
    build(nullptr);
  }
  server.stop();
  listener.join();
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  cleanup();
  std::printf("\noit serve: stopped\n");
  return 0;
}

}  // namespace oit
