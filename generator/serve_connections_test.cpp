#include "generator/serve_connections.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace oit;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// A real server on a free loopback port, with short limits so the tests run in about a second.
struct RunningServer {
  BoundedServer server;
  int port = 0;
  std::thread thread;
  explicit RunningServer(ConnectionLimits limits) : server(limits) {
    server.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_content("hello", "text/plain"); });
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    REQUIRE(server.widen_backlog());
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~RunningServer() {
    server.stop();
    thread.join();
  }
};

ConnectionLimits short_limits() {
  ConnectionLimits l;
  l.idle = 300ms;
  l.request = 600ms;
  l.write_stall = 600ms;
  l.threads = 16;
  return l;
}

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
  return fd;
}

void send_all(int fd, const std::string& s) { REQUIRE(::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size())); }

// Everything the server sends until it closes the connection or `limit` passes.
std::string read_until_closed(int fd, std::chrono::milliseconds limit) {
  std::string out;
  auto end = Clock::now() + limit;
  char buf[4096];
  while (Clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// True when the server has closed `fd` (a read returns end of stream) within `limit`.
bool closed_within(int fd, std::chrono::milliseconds limit) {
  auto end = Clock::now() + limit;
  char buf[4096];
  while (Clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) return true;
  }
  return false;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const std::string kGet = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

}  // namespace

TEST_CASE("idle connections and a slowloris client do not keep a normal request waiting, and are closed") {
  RunningServer s(short_limits());
  std::vector<int> idle;
  for (int i = 0; i < 12; ++i) idle.push_back(connect_to(s.port));
  int slow = connect_to(s.port);
  send_all(slow, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
  std::thread drip([&] {
    for (int i = 0; i < 30; ++i) {  // one header byte every 50 ms, never the end of the headers
      if (::send(slow, "a", 1, MSG_NOSIGNAL) != 1) break;
      std::this_thread::sleep_for(50ms);
    }
  });

  auto t0 = Clock::now();
  int normal = connect_to(s.port);
  send_all(normal, kGet);
  std::string answer = read_until_closed(normal, 3000ms);
  auto took = Clock::now() - t0;
  CHECK(answer.starts_with("HTTP/1.1 200"));
  CHECK(answer.ends_with("hello"));
  CHECK(took < 500ms);  // loose: a busy machine
  ::close(normal);

  for (int fd : idle) CHECK(closed_within(fd, 1000ms));  // idle: 300 ms
  CHECK(closed_within(slow, 1000ms));                     // the whole request: 600 ms, however it trickles
  drip.join();
  for (int fd : idle) ::close(fd);
  ::close(slow);
}

TEST_CASE("with more idle connections than threads, they give their threads up to a normal request") {
  ConnectionLimits limits = short_limits();
  limits.threads = 2;
  limits.idle = 1000ms;
  RunningServer s(limits);
  std::vector<int> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(connect_to(s.port));
  std::this_thread::sleep_for(50ms);
  auto t0 = Clock::now();
  int normal = connect_to(s.port);
  send_all(normal, kGet);
  std::string answer = read_until_closed(normal, 3000ms);
  CHECK(answer.starts_with("HTTP/1.1 200"));
  CHECK(Clock::now() - t0 < 500ms);  // not the two idle periods (2 s) the queued idle connections would take
  ::close(normal);
  for (int fd : idle) ::close(fd);
}

TEST_CASE("kept-alive and pipelined requests are all answered") {
  RunningServer s(short_limits());
  int fd = connect_to(s.port);
  send_all(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + kGet);
  std::string answer = read_until_closed(fd, 2000ms);
  CHECK(count(answer, "HTTP/1.1 200") == 3);
  ::close(fd);
}

TEST_CASE("request bodies are not read into memory: chunked ones refused, long ones 413") {
  RunningServer s(short_limits());
  int fd = connect_to(s.port);
  send_all(fd, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\n" + std::string(4096, 'x'));
  std::string answer = read_until_closed(fd, 2000ms);
  CHECK(answer.starts_with("HTTP/1.1 400"));
  ::close(fd);

  fd = connect_to(s.port);
  send_all(fd, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000000\r\n\r\n" + std::string(4096, 'x'));
  auto t0 = Clock::now();
  answer = read_until_closed(fd, 2000ms);
  CHECK(answer.starts_with("HTTP/1.1 413"));
  CHECK(Clock::now() - t0 < 500ms);  // not waiting for (or reading) the 10 GB it announced
  ::close(fd);
}

TEST_CASE("many ranges of one file get the whole file once") {
  RunningServer s(short_limits());
  int fd = connect_to(s.port);
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 200; ++i) ranges += ",0-";
  send_all(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: " + ranges + "\r\nConnection: close\r\n\r\n");
  std::string answer = read_until_closed(fd, 2000ms);
  CHECK(answer.starts_with("HTTP/1.1 200"));
  CHECK(count(answer, "hello") == 1);
  ::close(fd);

  fd = connect_to(s.port);  // one range is still honoured
  send_all(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=1-3\r\nConnection: close\r\n\r\n");
  answer = read_until_closed(fd, 2000ms);
  CHECK(answer.starts_with("HTTP/1.1 206"));
  CHECK(answer.ends_with("ell"));
  ::close(fd);
}

TEST_CASE("stopping the server does not wait for idle connections") {
  std::vector<int> idle;
  ConnectionLimits limits = short_limits();
  limits.idle = 5000ms;
  auto t0 = Clock::now();
  {
    RunningServer s(limits);
    for (int i = 0; i < 4; ++i) idle.push_back(connect_to(s.port));
    std::this_thread::sleep_for(100ms);
    t0 = Clock::now();
  }  // stop() and join
  CHECK(Clock::now() - t0 < 1000ms);
  for (int fd : idle) ::close(fd);
}
