// The HTTP server behind `oit serve`: cpp-httplib's Server with every connection bounded in time, so idle
// or slow clients cannot keep the preview from answering.
//
// httplib 0.11 waits 5 s for each request's first byte, then gives each read of a request 5 s, however many
// reads a request takes, on 8 threads (on a 2-core machine): 40 idle connections kept a normal request waiting
// 25 s, and a slowloris client (one header byte every few seconds) held a thread indefinitely. Here each
// connection gets `idle` to start a request and `request` from its first byte to its last (line, headers and
// body together), and the pool has enough threads that a handful of such clients do not queue the rest; an
// idle connection gives its thread up as soon as another connection waits for one.
#pragma once
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>

namespace oit {

struct ConnectionLimits {
  std::chrono::milliseconds idle{2000};         // to start a request (the first, or the next on a kept-alive connection)
  std::chrono::milliseconds request{5000};      // from a request's first byte to its last
  std::chrono::milliseconds write_stall{5000};  // a response write that makes no progress for this long ends the connection
  std::size_t requests_per_connection = 100;
  std::size_t threads = 64;
  std::size_t max_request_body = 64 * 1024;  // the preview only answers GET; a larger body gets 413, unread beyond the limit
};

class BoundedServer : public httplib::Server {
 public:
  explicit BoundedServer(ConnectionLimits limits = {});

  // httplib listens with a backlog of 5: a burst of connections (a browser opening a page's assets, or 40
  // idle sockets) overflows it, and each connection beyond waits for the client's SYN retry (1 s, then 3 s).
  // Call after bind_to_port / bind_to_any_port; listen() again on Linux only changes the backlog.
  bool widen_backlog();

 private:
  // Replaces httplib's per-connection loop (a private virtual, overridable all the same).
  bool process_and_close_socket(socket_t sock) override;
  ConnectionLimits limits_;
  std::atomic<std::size_t> queued_{0};  // connections accepted, waiting for a thread
};

}  // namespace oit
