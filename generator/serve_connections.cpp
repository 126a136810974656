#include "generator/serve_connections.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace oit {

namespace {

using Clock = std::chrono::steady_clock;

// Waits are cut into slices so a stopping server (its listening socket closed) ends its connections at once.
constexpr std::chrono::milliseconds kSlice{100};
// An idle connection looks this often whether another connection waits for its thread.
constexpr std::chrono::milliseconds kYieldSlice{10};

void address_of(socket_t sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  int rc = peer ? getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) : getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return;
  char host[NI_MAXHOST], serv[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof(host), serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host;
    port = std::atoi(serv);
  }
}

// httplib's ThreadPool, counting the connections accepted but still waiting for a thread.
class CountingPool : public httplib::TaskQueue {
 public:
  CountingPool(std::size_t threads, std::atomic<std::size_t>& queued) : pool_(threads), queued_(queued) {}
  void enqueue(std::function<void()> fn) override {
    ++queued_;
    pool_.enqueue([this, fn = std::move(fn)] {
      --queued_;
      fn();
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::atomic<std::size_t>& queued_;
};

// A socket stream whose reads share one deadline per request (set by start_request), where httplib's
// SocketStream gives every single read its own timeout.
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(socket_t sock, const ConnectionLimits& limits, const std::atomic<socket_t>& listening,
                 const std::atomic<std::size_t>& queued)
      : sock_(sock), limits_(limits), listening_(listening), queued_(queued), buffer_(4096) {}

  // Waits up to `idle` for a request's first byte. False when the client closed, stayed idle, or the server
  // stops; and as soon as another connection waits for a thread: an idle connection holds its thread only
  // while no one else needs it (else 200 idle connections on 64 threads kept a request waiting three idle
  // periods).
  bool wait_for_request() {
    if (buffered_ < filled_) return true;  // a pipelined request already read
    return wait(POLLIN, Clock::now() + limits_.idle, true);
  }
  void start_request() { deadline_ = Clock::now() + limits_.request; }
  // True once a read hit the request's deadline or failed: httplib then answers 400, and the connection ends
  // (what follows on it is no request).
  bool broken() const { return broken_; }
  // No more reads: what is left of the request is not read, and the connection ends after the response.
  void stop_reading() { broken_ = stopped_ = true; }

  bool is_readable() const override { return buffered_ < filled_ || wait(POLLIN, deadline_); }
  bool is_writable() const override { return wait(POLLOUT, Clock::now() + limits_.write_stall); }

  ssize_t read(char* ptr, size_t size) override {
    if (stopped_) return -1;
    if (buffered_ == filled_) {
      if (!wait(POLLIN, deadline_)) {
        broken_ = true;
        return -1;
      }
      ssize_t n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
      if (n <= 0) {
        broken_ = true;
        return n;
      }
      buffered_ = 0;
      filled_ = static_cast<size_t>(n);
    }
    size_t n = std::min(size, filled_ - buffered_);
    std::memcpy(ptr, buffer_.data() + buffered_, n);
    buffered_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    return ::send(sock_, ptr, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(sock_, false, ip, port); }
  socket_t socket() const override { return sock_; }

 private:
  // True when the socket is ready for `events` before `until`; false on timeout, error, hang-up with nothing
  // to read, or when the server is stopping.
  bool wait(short events, Clock::time_point until, bool yield_to_queued = false) const {
    for (bool first = true;; first = false) {
      if (listening_ == INVALID_SOCKET) return false;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      if (left.count() <= 0) return false;
      pollfd p{sock_, events, 0};
      // Yielding: look once without waiting, then give the thread up if a connection is queued for one.
      auto slice = yield_to_queued ? (first ? std::chrono::milliseconds(0) : kYieldSlice) : kSlice;
      int rc = ::poll(&p, 1, static_cast<int>(std::min(left, slice).count()));
      if (rc == 0 && yield_to_queued && queued_ > 0) return false;
      if (rc < 0 && errno == EINTR) continue;
      if (rc < 0) return false;
      if (rc == 0) continue;
      if (p.revents & events) return true;  // readable also at end of stream: recv then returns 0
      return false;                         // POLLERR, POLLHUP or POLLNVAL without data
    }
  }

  socket_t sock_;
  const ConnectionLimits& limits_;
  const std::atomic<socket_t>& listening_;
  const std::atomic<std::size_t>& queued_;
  std::vector<char> buffer_;
  size_t buffered_ = 0, filled_ = 0;  // buffer_[buffered_, filled_) is read from the socket, not yet taken
  Clock::time_point deadline_ = Clock::now();
  bool broken_ = false, stopped_ = false;
};

}  // namespace

BoundedServer::BoundedServer(ConnectionLimits limits) : limits_(limits) {
  std::size_t threads = limits_.threads;
  new_task_queue = [this, threads] { return new CountingPool(threads, queued_); };
  set_payload_max_length(limits_.max_request_body);
  // Only what the Keep-Alive response header announces: the loop below enforces the limits itself.
  set_keep_alive_timeout(std::max<time_t>(1, std::chrono::duration_cast<std::chrono::seconds>(limits_.idle).count()));
  set_keep_alive_max_count(limits_.requests_per_connection);
}

bool BoundedServer::widen_backlog() { return ::listen(svr_sock_, SOMAXCONN) == 0; }

bool BoundedServer::process_and_close_socket(socket_t sock) {
  DeadlineStream stream(sock, limits_, svr_sock_, queued_);
  bool ok = false;
  for (std::size_t served = 0; served < limits_.requests_per_connection; ++served) {
    if (!stream.wait_for_request()) break;
    stream.start_request();
    bool closed = false;
    bool last = served + 1 == limits_.requests_per_connection;
    ok = process_request(stream, last, closed, [&](httplib::Request& req) {
      // Many ranges of one file make a response many times its size (Range: bytes=0-,0-,0-,…); a server may
      // ignore Range, so anything but a single range gets the whole file.
      if (req.ranges.size() > 1) req.ranges.clear();
      // httplib reads a chunked body whole into memory, whatever its payload limit, and skips (reads) a
      // declared Content-Length over it: neither is read here (400 or 413), and the connection ends.
      if (req.has_header("Transfer-Encoding") || req.get_header_value<uint64_t>("Content-Length") > limits_.max_request_body)
        stream.stop_reading();
    });
    if (!ok || closed || stream.broken()) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace oit
