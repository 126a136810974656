#include "checks/fetch.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

extern char** environ;

using namespace oit;
namespace fs = std::filesystem;

namespace {

// A tiny HTTP/1.1 server on 127.0.0.1 with scripted answers, one thread per connection.
class TestServer {
 public:
  // handler(method, path, count of earlier requests to that path) → raw response (status line on).
  using Handler = std::function<std::string(const std::string&, const std::string&, int)>;
  explicit TestServer(Handler h) : handler_(std::move(h)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    listen(fd_, 64);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~TestServer() {
    stop_ = true;
    acceptor_.join();
    for (auto& t : workers_) t.join();
    close(fd_);
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int port() const { return port_; }
  int count(const std::string& key) {
    std::lock_guard lock(mu_);
    return counts_[key];
  }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      std::lock_guard lock(mu_);
      workers_.emplace_back([this, c] { serve(c); });
    }
  }
  void serve(int c) {
    std::string req;
    char buf[4096];
    while (req.find("\r\n\r\n") == std::string::npos) {
      pollfd p{c, POLLIN, 0};
      if (poll(&p, 1, 2000) <= 0) break;
      ssize_t n = read(c, buf, sizeof buf);
      if (n <= 0) break;
      req.append(buf, static_cast<size_t>(n));
    }
    auto sp1 = req.find(' '), sp2 = req.find(' ', sp1 + 1);
    if (sp1 != std::string::npos && sp2 != std::string::npos) {
      std::string method = req.substr(0, sp1), path = req.substr(sp1 + 1, sp2 - sp1 - 1);
      int n;
      {
        std::lock_guard lock(mu_);
        n = counts_[method + " " + path]++;
        counts_[path]++;
      }
      std::string resp = handler_(method, path, n);
      if (resp.starts_with("SLEEP ")) {  // "SLEEP ms\n" then the response
        auto nl = resp.find('\n');
        std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(resp.substr(6, nl - 6))));
        resp.erase(0, nl + 1);
      }
      if (method == "HEAD") {
        auto end = resp.find("\r\n\r\n");
        if (end != std::string::npos) resp.erase(end + 4);
      }
      size_t off = 0;
      while (off < resp.size()) {
        ssize_t w = write(c, resp.data() + off, resp.size() - off);
        if (w <= 0) break;
        off += static_cast<size_t>(w);
      }
    }
    close(c);
  }

  Handler handler_;
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::map<std::string, int> counts_;
};

std::string response(int status, const std::string& body, const std::string& headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n" + headers + "\r\n" + body;
}

FetchOptions fast() {
  FetchOptions o;
  o.backoff_s = 0.05;
  o.timeout_s = 5;
  return o;
}


// tests/lib/fault_server.py (run from the source folder, as CTest does), started for one test and
// stopped with it: the hostile server every fault case of the checker is tested against.
class FaultServer {
 public:
  explicit FaultServer(std::vector<std::string> args = {}) {
    REQUIRE_MESSAGE(fs::exists(kScript), "run the tests from the source folder: ", kScript, " not found");
    int out[2];
    REQUIRE(pipe(out) == 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    std::vector<std::string> all = {"python3", kScript};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawnp(&pid_, "python3", &fa, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    std::string line;
    char c;
    pollfd p{out[0], POLLIN, 0};
    while (poll(&p, 1, 20000) > 0 && read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    REQUIRE_MESSAGE(!line.empty(), "fault_server.py did not start");
    port_ = std::stoi(line);
  }
  ~FaultServer() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::string url(const std::string& path, const char* scheme = "http") const {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_) + path;
  }
  // The 8 GB gzip bomb, made once per machine and kept in the temporary folder.
  static std::string bomb() {
    fs::path f = fs::temp_directory_path() / "oit-test-gzip-bomb-8g.gz";
    if (!fs::exists(f)) {
      std::string cmd = "python3 " + std::string(kScript) + " --make-bomb " + f.string() + " 8";
      REQUIRE(std::system(cmd.c_str()) == 0);
    }
    return f.string();
  }

 private:
  static constexpr const char* kScript = "tests/lib/fault_server.py";
  pid_t pid_ = 0;
  int port_ = 0;
};

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("Fault server: rate limits and busy servers are waited for, within bounds") {
  FaultServer s;
  FetchOptions o = fast();
  o.backoff_s = 0.2;
  Fetcher f(o);
  auto t0 = std::chrono::steady_clock::now();
  auto rs = f.fetch_all({{s.url("/429/a")}, {s.url("/429-forever/")}, {s.url("/503-then-200/")},
                         {s.url("/reset-once/")}, {s.url("/429/b"), Method::Head}});
  CHECK(rs[0].ok());
  CHECK(rs[0].attempts == 2);
  CHECK(rs[0].seconds >= 0.9);  // Retry-After: 1 honoured
  CHECK(rs[1].status == 429);   // Retry-After: 3600 is not waited for: the answer stands
  CHECK(rs[1].attempts == 1);
  CHECK(rs[2].ok());
  CHECK(rs[2].attempts == 2);
  CHECK(rs[3].ok());  // a reset is worth one more try
  CHECK(rs[3].attempts == 2);
  CHECK(rs[4].ok());
  CHECK(since(t0) < 3);
}

TEST_CASE("Fault server: a Retry-After that would outlast the crawl's bound is not waited for") {
  FaultServer s;
  FetchOptions o = fast();
  o.max_retry_wait_s = 7200;
  Fetcher f(o);
  auto t0 = std::chrono::steady_clock::now();
  auto rs = f.fetch_all({{s.url("/429-forever/")}}, std::chrono::steady_clock::now() + std::chrono::seconds(5));
  CHECK(rs[0].status == 429);
  CHECK(rs[0].error.empty());
  CHECK(since(t0) < 2);
}

TEST_CASE("Fault server: resets, stalls and trickles end in a clear error within the timeout") {
  FaultServer s({"--stall", "30"});
  FetchOptions o = fast();
  o.timeout_s = 1;
  o.backoff_s = 0.1;
  Fetcher f(o);
  auto t0 = std::chrono::steady_clock::now();
  auto rs = f.fetch_all({{s.url("/reset/")}, {s.url("/stall-headers/")}, {s.url("/stall-body/")},
                         {s.url("/trickle/")}, {s.url("/stall-headers/h"), Method::Head}});
  double secs = since(t0);
  CHECK(rs[0].status == 0);
  CHECK(rs[0].error.find("reset") != std::string::npos);
  CHECK(rs[0].attempts == 2);
  for (size_t i = 1; i < rs.size(); ++i) {
    CAPTURE(rs[i].url);
    CHECK(rs[i].status == 0);
    CHECK(rs[i].error == "no answer within 1 s");
    CHECK(rs[i].body.empty());
    CHECK(rs[i].seconds < 1.6);
  }
  CHECK(secs < 2.5);  // all at once, each bounded by the timeout
}

TEST_CASE("Fault server: redirect loops, endless chains and redirects to file:// or ftp:// are refused") {
  FaultServer s;
  Fetcher f(fast());
  auto rs = f.fetch_all({{s.url("/loop-a/")}, {s.url("/redirect-chain/0")}, {s.url("/to-file/")},
                         {s.url("/to-ftp/")}, {s.url("/to-file/h"), Method::Head}});
  CHECK(rs[0].error == "redirect loop");
  CHECK(rs[0].redirects.size() == 2);
  CHECK(rs[1].error == "more than 10 redirects");
  CHECK(rs[2].error == "redirect to a non-HTTP URL, not followed: file:///etc/passwd");
  CHECK(rs[2].status == 302);
  CHECK_FALSE(rs[2].ok());
  CHECK(rs[3].error == "redirect to a non-HTTP URL, not followed: ftp://127.0.0.1/pub/report.pdf");
  CHECK(rs[4].error.find("file:///etc/passwd") != std::string::npos);
  for (const auto& r : rs) CHECK(r.body.empty());
}

TEST_CASE("Fault server: endless bodies, a 5 GB Content-Length and a gzip bomb stop at the body cap") {
  FaultServer s({"--bomb", FaultServer::bomb()});
  FetchOptions o = fast();
  o.max_body = 4u << 20;
  Fetcher f(o);
  auto t0 = std::chrono::steady_clock::now();
  auto rs = f.fetch_all({{s.url("/endless/")}, {s.url("/huge/")}, {s.url("/gzip-bomb/")}, {s.url("/huge/h"), Method::Head}});
  for (size_t i = 0; i < 3; ++i) {
    CAPTURE(rs[i].url);
    CHECK(rs[i].status == 200);
    CHECK(rs[i].error.empty());
    CHECK(rs[i].truncated);
    CHECK(rs[i].body.size() == o.max_body);  // decoded bytes are counted, not the bytes on the wire
    CHECK(rs[i].body.capacity() <= o.max_body);  // the memory held is the cap, not twice it
  }
  CHECK(rs[0].content_length == -1);
  CHECK(rs[1].content_length == 5LL << 30);
  CHECK(rs[1].body.starts_with("%PDF-1.4"));
  CHECK(rs[2].body.find_first_not_of('\0') == std::string::npos);  // the zeros, decoded
  CHECK(rs[3].ok());  // HEAD: the status only, nothing read
  CHECK(rs[3].body.empty());
  CHECK_FALSE(rs[3].truncated);
  CHECK(since(t0) < 5);
}

TEST_CASE("Fault server: servers that refuse HEAD or hang up on it are asked again with GET") {
  FaultServer s;
  Fetcher f(fast());
  auto rs = f.fetch_all({{s.url("/no-head/"), Method::Head}, {s.url("/head-close/"), Method::Head}});
  CHECK(rs[0].ok());
  CHECK(rs[1].ok());
  CHECK(rs[0].body.empty());
  CHECK(rs[1].body.empty());
}

TEST_CASE("Fault server: Content-Type lies are passed on as served, the body tells the truth") {
  FaultServer s;
  Fetcher f(fast());
  auto rs = f.fetch_all({{s.url("/html-as-pdf/")}, {s.url("/pdf-as-html/r.pdf")}, {s.url("/fake-pdf/r.pdf")}});
  CHECK(rs[0].content_type == "application/pdf");
  CHECK(rs[0].body.starts_with("<!doctype html>"));
  CHECK(rs[1].content_type == "text/html");
  CHECK(rs[1].body.starts_with("%PDF-"));
  CHECK(rs[2].content_type == "application/pdf");
  CHECK(rs[2].body.find("404") != std::string::npos);
}

TEST_CASE("Fault server: a self-signed certificate is a clear TLS error, never accepted") {
  fs::path dir = fs::temp_directory_path() / ("oit-tls-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 -keyout " +
                    (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() + " 2>/dev/null";
  REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, "openssl is needed (apt-get install openssl)");
  {
    FaultServer s({"--tls", (dir / "cert.pem").string(), (dir / "key.pem").string()});
    Fetcher f(fast());
    auto t0 = std::chrono::steady_clock::now();
    auto rs = f.fetch_all({{s.url("/ok/", "https")}, {s.url("/ok/", "https"), Method::Head}});
    for (const auto& r : rs) {
      CHECK(r.status == 0);
      CHECK(r.error.starts_with("TLS certificate not trusted ("));
      CHECK(r.error.find("self-signed") != std::string::npos);
      CHECK(r.body.empty());
    }
    CHECK(since(t0) < 3);
  }
  fs::remove_all(dir);
}

TEST_CASE("Fetcher gets many pages at once and keeps results in request order") {
  TestServer s([](const std::string&, const std::string& path, int) {
    if (path == "/missing") return response(404, "nope");
    return response(200, "page " + path);
  });
  std::vector<FetchRequest> reqs;
  for (int i = 0; i < 40; ++i) reqs.push_back({s.url("/p" + std::to_string(i)), Method::Get});
  reqs.push_back({s.url("/missing"), Method::Get});
  Fetcher f(fast());
  auto rs = f.fetch_all(reqs);
  REQUIRE(rs.size() == 41);
  for (int i = 0; i < 40; ++i) {
    CHECK(rs[i].ok());
    CHECK(rs[i].body == "page /p" + std::to_string(i));
    CHECK(rs[i].content_type == "text/html");
  }
  CHECK(rs[40].status == 404);
  CHECK_FALSE(rs[40].ok());
  CHECK(rs[40].error.empty());
}

TEST_CASE("Fetcher follows a redirect chain hop by hop and records every hop") {
  TestServer s([](const std::string&, const std::string& path, int) {
    if (path == "/a") return response(301, "", "Location: /b\r\n");
    if (path == "/b") return response(302, "", "Location: /c/\r\n");
    if (path == "/c/") return response(200, "final");
    if (path == "/loop") return response(302, "", "Location: /loop2\r\n");
    if (path == "/loop2") return response(302, "", "Location: /loop\r\n");
    if (path == "/ftp") return response(302, "", "Location: ftp://example.com/x\r\n");
    int n = std::stoi(path.substr(2));  // "/r7" → 302 to /r8
    return response(302, "", "Location: /r" + std::to_string(n + 1) + "\r\n");
  });
  Fetcher f(fast());
  auto rs = f.fetch_all({{s.url("/a")}, {s.url("/loop")}, {s.url("/ftp")}, {s.url("/r0")}});
  CHECK(rs[0].ok());
  CHECK(rs[0].body == "final");
  CHECK(rs[0].final_url == s.url("/c/"));
  REQUIRE(rs[0].redirects.size() == 2);
  CHECK(rs[0].redirects[0].url == s.url("/a"));
  CHECK(rs[0].redirects[0].status == 301);
  CHECK(rs[0].redirects[1].status == 302);
  CHECK(rs[1].error == "redirect loop");
  CHECK(rs[2].error.find("non-HTTP URL, not followed") != std::string::npos);
  CHECK(rs[3].error.find("more than 10 redirects") != std::string::npos);
}

TEST_CASE("Fetcher retries 429 and 503, honouring Retry-After") {
  TestServer s([](const std::string&, const std::string& path, int n) {
    if (path == "/once") return n == 0 ? response(429, "slow down", "Retry-After: 1\r\n") : response(200, "ok");
    if (path == "/busy") return n < 2 ? response(503, "busy") : response(200, "ok");
    if (path == "/long") return response(429, "later", "Retry-After: 3600\r\n");
    return response(429, "always");
  });
  Fetcher f(fast());
  auto t0 = std::chrono::steady_clock::now();
  auto rs = f.fetch_all({{s.url("/once")}, {s.url("/busy")}, {s.url("/long")}, {s.url("/always")}});
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(rs[0].ok());
  CHECK(rs[0].attempts == 2);
  CHECK(rs[0].seconds >= 0.9);  // waited as told
  CHECK(rs[1].ok());
  CHECK(rs[1].attempts == 3);
  CHECK(rs[2].status == 429);  // an hour is not waited for
  CHECK(rs[2].attempts == 1);
  CHECK(rs[3].status == 429);
  CHECK(rs[3].attempts == 4);  // 1 + max_retries
  CHECK(secs < 4);
}

TEST_CASE("Fetcher falls back to GET when a server refuses HEAD") {
  TestServer s([](const std::string& method, const std::string& path, int) {
    if (method == "HEAD" && path == "/nohead") return response(405, "");
    if (path == "/gone") return response(404, "gone");
    return response(200, "body");
  });
  Fetcher f(fast());
  auto rs = f.fetch_all({{s.url("/nohead"), Method::Head}, {s.url("/fine"), Method::Head}, {s.url("/gone"), Method::Head}});
  CHECK(rs[0].ok());
  CHECK(rs[0].body.empty());  // HEAD callers get no body
  CHECK(s.count("GET /nohead") == 1);
  CHECK(rs[1].ok());
  CHECK(s.count("GET /fine") == 0);
  CHECK(rs[2].status == 404);
}

TEST_CASE("Fetcher caps bodies, times out slow servers and stops at the overall deadline") {
  TestServer s([](const std::string&, const std::string& path, int) {
    if (path == "/big") return response(200, std::string(100000, 'x'));
    if (path == "/slow") return std::string("SLEEP 3000\n") + response(200, "late");
    return response(200, "ok");
  });
  FetchOptions o = fast();
  o.max_body = 1000;
  o.timeout_s = 1;
  Fetcher f(o);
  auto rs = f.fetch_all({{s.url("/big")}, {s.url("/slow")}});
  CHECK(rs[0].status == 200);
  CHECK(rs[0].truncated);
  CHECK(rs[0].body.size() == 1000);
  CHECK(rs[1].status == 0);
  CHECK(rs[1].error.find("no answer within") != std::string::npos);

  FetchOptions d = fast();
  d.deadline_s = 0.5;
  d.timeout_s = 10;
  Fetcher g(d);
  auto t0 = std::chrono::steady_clock::now();
  auto late = g.fetch_all({{s.url("/slow")}});
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 2);
  CHECK(late[0].error.find("time limit") != std::string::npos);
  // A crawl's batches share one bound: a batch started after it gets nothing.
  auto none = g.fetch_all({{s.url("/x")}, {s.url("/y")}}, std::chrono::steady_clock::now());
  CHECK(none[0].error.find("time limit") != std::string::npos);
  CHECK(none[1].attempts == 0);
}

TEST_CASE("Fetcher maps host names to loopback like curl --resolve, and reports refused connections") {
  TestServer s([](const std::string&, const std::string&, int) { return response(200, "agency"); });
  FetchOptions o = fast();
  o.resolve = {"www.agency.go.th:" + std::to_string(s.port()) + ":127.0.0.1"};
  Fetcher f(o);
  auto rs = f.fetch_all({{"http://www.agency.go.th:" + std::to_string(s.port()) + "/"}, {"http://127.0.0.1:1/"}});
  CHECK(rs[0].ok());
  CHECK(rs[0].body == "agency");
  CHECK(rs[1].status == 0);
  CHECK_FALSE(rs[1].error.empty());
}

TEST_CASE("Fetcher keeps the politeness gap between requests to one host") {
  TestServer s([](const std::string&, const std::string&, int) { return response(200, "ok"); });
  FetchOptions o = fast();
  o.politeness_ms = 100;
  Fetcher f(o);
  auto t0 = std::chrono::steady_clock::now();
  auto rs = f.fetch_all({{s.url("/1")}, {s.url("/2")}, {s.url("/3")}, {s.url("/4")}});
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >= 0.3);
  for (auto& r : rs) CHECK(r.ok());
}

TEST_CASE("parse_retry_after reads seconds and HTTP dates") {
  CHECK(parse_retry_after(" 5\r\n", 0) == 5.0);
  CHECK(parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", 40) == 60.0);
  CHECK_FALSE(parse_retry_after("soon", 0).has_value());
}

TEST_CASE("LocalSite maps URLs to files like a web server and never leaves the folder") {
  fs::path root = fs::temp_directory_path() / ("oit-local-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "oit" / "o7");
  fs::create_directories(root / "secret-outside");
  std::ofstream(root / "index.html") << "<h1>home</h1>";
  std::ofstream(root / "oit" / "o7" / "index.html") << "o7";
  std::ofstream(root / "oit" / "o7" / "รายงาน ปี.pdf") << "%PDF-1.4 x";
  auto base = parse_url("https://www.example.go.th/");
  LocalSite site(root, *base);
  auto get = [&](const std::string& u) { return site.fetch(*parse_url(u), true); };
  CHECK(get("https://www.example.go.th/").body == "<h1>home</h1>");
  auto o7 = get("https://www.example.go.th/oit/o7/");
  CHECK(o7.status == 200);
  CHECK(o7.content_type == "text/html");
  auto folder = get("https://www.example.go.th/oit/o7");
  CHECK(folder.status == 200);
  CHECK(folder.final_url == "https://www.example.go.th/oit/o7/");
  CHECK(folder.redirects.size() == 1);
  auto thai = get("https://www.example.go.th/oit/o7/%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%20%E0%B8%9B%E0%B8%B5.pdf");
  CHECK(thai.status == 200);
  CHECK(thai.content_type == "application/pdf");
  CHECK(get("https://www.example.go.th/oit/o7/รายงาน ปี.pdf").status == 200);
  CHECK(get("https://www.example.go.th/nope.html").status == 404);
  CHECK(get("https://www.example.go.th/oit/%2E%2E%2F..%2Fetc/passwd").status == 404);
  CHECK_FALSE(site.file_for(*parse_url("https://www.example.go.th/a%2F..%2F..%2Fx")).has_value());
  CHECK_FALSE(site.covers(*parse_url("https://other.go.th/")));
  CHECK(site.url_for("oit/o7/index.html") == "https://www.example.go.th/oit/o7/");
  CHECK(site.url_for("index.html") == "https://www.example.go.th/");
  CHECK(site.url_for("oit/o7/รายงาน ปี.pdf") ==
        "https://www.example.go.th/oit/o7/%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%20%E0%B8%9B%E0%B8%B5.pdf");
  fs::create_directory_symlink(root / "secret-outside", root / "oit" / "link");
  fs::remove_all(root / "secret-outside");
  fs::create_directories(root.parent_path() / ("oit-outside-" + std::to_string(getpid())));
  fs::remove(root / "oit" / "link");
  fs::create_directory_symlink(root.parent_path() / ("oit-outside-" + std::to_string(getpid())), root / "oit" / "link");
  std::ofstream(root.parent_path() / ("oit-outside-" + std::to_string(getpid())) / "x.html") << "secret";
  CHECK(get("https://www.example.go.th/oit/link/x.html").status == 404);
  fs::remove_all(root.parent_path() / ("oit-outside-" + std::to_string(getpid())));
  fs::remove_all(root);
}

TEST_CASE("FetchCache returns fresh results only and survives a round trip") {
  fs::path file = fs::temp_directory_path() / ("oit-cache-" + std::to_string(getpid()) + ".json");
  fs::remove(file);
  std::string problem = "?";
  auto empty = FetchCache::load(file, &problem);
  CHECK(problem.empty());
  CHECK(empty.size() == 0);
  auto now = std::chrono::system_clock::now();
  FetchCache c;
  FetchResult ok;
  ok.url = ok.final_url = "https://www.nacc.go.th/";
  ok.status = 200;
  c.store(ok, now);
  FetchResult limited;
  limited.url = "https://busy.example.com/";
  limited.status = 429;
  c.store(limited, now);  // not cached: says nothing lasting
  REQUIRE(c.save(file).ok());
  FetchResult cut;
  cut.url = "https://slow.example.com/";
  cut.cut = Cut::Deadline;
  cut.error = "not checked: stopped";
  c.store(cut, now);  // not cached: this run's bound, not the URL's
  FetchResult refused;
  refused.url = "https://redirects-inward.example.com/";
  refused.refused = true;
  c.store(refused, now);
  REQUIRE(c.save(file).ok());
  auto loaded = FetchCache::load(file, &problem);
  CHECK(problem.empty());
  auto* back = &loaded;
  CHECK(back->size() == 1);
  auto hit = back->lookup("https://www.nacc.go.th/", std::chrono::hours(1), now + std::chrono::minutes(30));
  REQUIRE(hit.has_value());
  CHECK(hit->status == 200);
  CHECK(hit->from_cache);
  CHECK_FALSE(back->lookup("https://www.nacc.go.th/", std::chrono::hours(1), now + std::chrono::hours(2)).has_value());
  fs::remove(file);
}

TEST_CASE("FetchCache: a damaged cache is an empty one with the reason, never an exception") {
  fs::path file = fs::temp_directory_path() / ("oit-cache-bad-" + std::to_string(getpid()) + ".json");
  auto load = [&](const std::string& text, bool* ours = nullptr) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    std::string problem;
    FetchCache c = FetchCache::load(file, &problem, ours);
    CHECK(c.size() == 0);
    return problem;
  };
  const std::string good = R"("status": 200, "error": "", "final_url": "https://a.example/", "checked": 1700000000)";
  bool ours = true;
  CHECK(load("not json", &ours) == "not JSON");
  CHECK_FALSE(ours);  // not a cache: must not be overwritten
  CHECK(load(R"({"version": 1})", &ours).find("not a results cache") != std::string::npos);
  CHECK_FALSE(ours);
  CHECK(load(R"([1, 2])").find("not a results cache") != std::string::npos);
  // One field of the wrong type anywhere: the whole cache is set aside (nlohmann would throw type_error).
  CHECK(load(R"({"urls": {"https://a.example/": {"status": "200", "checked": 1}}})", &ours).find("\"status\" is not a whole number") != std::string::npos);
  CHECK(ours);  // a damaged cache of ours: rewritten with this run's results
  CHECK(load(R"({"urls": {"https://a.example/": {"status": 200, "checked": "yesterday"}}})").find("\"checked\"") != std::string::npos);
  CHECK(load(R"({"urls": {"https://a.example/": {"status": 200, "checked": 1, "error": 5}}})").find("\"error\" is not text") != std::string::npos);
  CHECK(load(R"({"urls": {"https://a.example/": {"status": 200, "checked": 1, "final_url": null}}})").find("\"final_url\"") != std::string::npos);
  CHECK(load(R"({"urls": {"https://a.example/": {"status": 1e300, "checked": 1}}})").find("\"status\"") != std::string::npos);
  CHECK(load(R"({"urls": {"https://a.example/": {"status": -5, "checked": 1}}})").find("not an HTTP status") != std::string::npos);
  CHECK(load(R"({"urls": {"https://a.example/": [200]}})").find("is not an object") != std::string::npos);
  CHECK(load(R"({"urls": {"https://a.example/": {)" + good + "}, \"https://b.example/\": 7}}").find("https://b.example/") != std::string::npos);
  // Deep nesting and a huge file are bounded, not a crash.
  CHECK(load(R"({"urls": {}, "x": )" + std::string(4 << 20, '[') + std::string(4 << 20, ']') + "}") ==
        "not a results cache: nested deeper than 8 levels");
  fs::resize_file(file, (16u << 20) + 1);
  std::string problem;
  FetchCache::load(file, &problem);
  CHECK(problem.find("larger than 16 MB") != std::string::npos);
  CHECK(FetchCache::load(fs::temp_directory_path(), &problem).size() == 0);
  CHECK(problem == "not a regular file");
  // A good one still loads.
  std::ofstream(file, std::ios::binary | std::ios::trunc) << R"({"version": 1, "urls": {"https://a.example/": {)" + good + "}}}";
  CHECK(FetchCache::load(file, &problem).size() == 1);
  CHECK(problem.empty());
  fs::remove(file);
}

TEST_CASE("Fetcher asks the connection guard before connecting: a redirect into a refused address stops there") {
  TestServer forbidden([](const std::string&, const std::string&, int) { return response(200, "secret"); });
  std::string inside = "http://forbidden.example:" + std::to_string(forbidden.port());
  TestServer s([&](const std::string&, const std::string& path, int) {
    if (path == "/in") return response(302, "", "Location: " + inside + "/latest/meta-data/\r\n");
    return response(200, "public");
  });
  FetchOptions o = fast();
  o.resolve = {"forbidden.example:" + std::to_string(forbidden.port()) + ":127.0.0.1"};
  std::vector<std::string> asked;
  o.refuse_connection = [&](const std::string& host, int port, const sockaddr* a, socklen_t) -> std::string {
    asked.push_back(host + ":" + std::to_string(port));
    CHECK(a->sa_family == AF_INET);
    return host == "forbidden.example" ? "not for you" : "";
  };
  Fetcher f(o);
  auto rs = f.fetch_all({{s.url("/in")}, {inside + "/direct"}, {s.url("/ok")}, {s.url("/in"), Method::Head}});
  CHECK(rs[0].status == 0);
  CHECK(rs[0].refused);
  CHECK(rs[0].error == "redirect to " + inside + "/latest/meta-data/ refused: not for you");
  CHECK(rs[0].redirects.size() == 1);
  CHECK(rs[0].attempts == 2);  // the hop and the refused request: a refusal is final, no retry
  CHECK(rs[1].error == "refused: not for you");
  CHECK(rs[1].attempts == 1);
  CHECK(rs[2].ok());
  CHECK(rs[3].refused);
  CHECK(forbidden.count("/latest/meta-data/") == 0);  // never a packet
  CHECK(forbidden.count("/direct") == 0);
  CHECK(std::find(asked.begin(), asked.end(), "127.0.0.1:" + std::to_string(s.port())) != asked.end());
}

namespace {
std::string typed(const std::string& type, size_t size) {
  return "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + std::to_string(size) +
         "\r\nConnection: close\r\n\r\n" + std::string(size, 'x');
}
}  // namespace

TEST_CASE("Fetcher caps web pages at max_page_body and documents at max_body, after decoding") {
  TestServer s([](const std::string&, const std::string& path, int) {
    if (path == "/page") return typed("text/html; charset=utf-8", 3000);
    if (path == "/doc") return typed("application/pdf", 3000);
    return typed("application/pdf", 100);
  });
  FetchOptions o = fast();
  o.max_page_body = 1000;
  o.max_body = 2000;
  Fetcher f(o);
  auto rs = f.fetch_all({{s.url("/page")}, {s.url("/doc")}, {s.url("/small")}});
  CHECK(rs[0].body.size() == 1000);
  CHECK(rs[0].truncated);
  CHECK(rs[0].content_cut == Cut::Limit);
  CHECK(rs[1].body.size() == 2000);
  CHECK(rs[1].content_cut == Cut::Limit);
  CHECK(rs[1].attempts == 1);
  CHECK(rs[2].body.size() == 100);
  CHECK(rs[2].content_cut == Cut::None);
}

TEST_CASE("Fetcher holds at most max_bodies_at_once of bodies; what can never fit is not checked (limit)") {
  TestServer s([](const std::string&, const std::string& path, int) {
    return path.starts_with("/doc") ? typed("application/pdf", 3000) : typed("text/html", 3000);
  });
  FetchOptions o = fast();
  o.max_page_body = 1000;
  o.max_body = 2000;
  o.max_bodies_at_once = 2500;
  std::vector<FetchRequest> pages;
  for (int i = 0; i < 5; ++i) pages.push_back({s.url("/p" + std::to_string(i))});
  Fetcher f(o);
  // fetch_all keeps every body until it returns: two fit, the other three cannot ever.
  auto rs = f.fetch_all(pages);
  int kept = 0, cut = 0;
  for (const auto& r : rs) {
    if (r.ok() && r.body.size() == 1000) ++kept;
    if (r.cut == Cut::Limit && r.error.starts_with("not checked (limit: more than")) ++cut;
  }
  CHECK(kept == 2);
  CHECK(cut == 3);
  // fetch_each hands bodies over as they come: all five are read.
  int handed = 0;
  f.fetch_each(pages, std::chrono::steady_clock::time_point::max(), [&](size_t, FetchResult&& r) {
    handed += r.ok() && r.body.size() == 1000;
  });
  CHECK(handed == 5);
  // Documents wait until their larger cap fits the budget, then start again: each is read to max_body once.
  std::vector<std::pair<size_t, FetchResult>> got;
  f.fetch_batches({{s.url("/doc1")}, {s.url("/doc2")}, {s.url("/doc3")}}, std::chrono::steady_clock::time_point::max(), 2,
                  1u << 20, [&](std::vector<std::pair<size_t, FetchResult>>& batch) {
                    CHECK(batch.size() <= 2);
                    for (auto& b : batch) got.push_back(std::move(b));
                  });
  REQUIRE(got.size() == 3);
  for (const auto& [i, r] : got) {
    CHECK(r.body.size() == 2000);
    CHECK(r.attempts == 1);
  }
}

TEST_CASE("Fetcher refuses endless response headers at max_header_bytes") {
  TestServer s([](const std::string&, const std::string&, int) {
    std::string r = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n";
    for (int i = 0; i < 400; ++i) r += "X-Pad: " + std::string(1000, 'a') + "\r\n";
    return r + "Content-Length: 2\r\nConnection: close\r\n\r\nok";
  });
  Fetcher f(fast());
  auto rs = f.fetch_all({{s.url("/")}, {s.url("/h"), Method::Head}});
  for (const auto& r : rs) {
    CHECK(r.status == 0);
    CHECK(r.error == "response headers larger than 256 KB: refused, as browsers do");
  }
}

TEST_CASE("Fetcher marks what the deadline stopped as not checked") {
  TestServer s([](const std::string&, const std::string&, int) { return std::string("SLEEP 3000\n") + response(200, "late"); });
  FetchOptions o = fast();
  o.deadline_s = 0.5;
  o.concurrency = 1;
  Fetcher f(o);
  auto rs = f.fetch_all({{s.url("/a")}, {s.url("/b")}});
  for (const auto& r : rs) {
    CHECK(r.cut == Cut::Deadline);
    CHECK(r.error.starts_with("not checked"));
    CHECK(r.status == 0);
  }
}
