// Getting resources for the checker: over HTTP with the libcurl multi interface (many transfers at
// once over reused connections, HTTP/2 where offered, per-host limits and politeness, HEAD with GET
// fallback, bounded retries on 429/503 honouring Retry-After, redirects followed hop by hop), or from
// a built output folder on disk. A results cache lets a later run skip external URLs checked recently.
#pragma once
#include <sys/socket.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/mime.h"
#include "checks/url.h"

namespace oit {

struct FetchOptions {
  int concurrency = 16;          // transfers at once, all hosts together
  int per_host = 6;              // transfers at once to one host:port
  int politeness_ms = 0;         // least gap between two request starts to one host:port
  double timeout_s = 20;         // one request, connection to last byte
  double deadline_s = 0;         // the whole fetch_all call; 0 = unbounded
  // Bytes kept of a body, counted after Content-Encoding is undone (a 30 KB gzip page may unpack to
  // 30 MB); the transfer stops there. Documents (PDF, spreadsheets, data files: any answer that is not
  // HTML) get max_body, web pages max_page_body (never more than max_body).
  size_t max_body = 32u << 20;
  size_t max_page_body = 10u << 20;
  // Bodies held at once, all transfers together (each reserves its cap while it runs; fetch_all's
  // results count until it returns). What does not fit waits; what can never fit is not fetched and
  // says so ("not checked (limit: …)").
  size_t max_bodies_at_once = 128u << 20;
  size_t max_header_bytes = 256u << 10;  // one response's headers; more is refused like a browser does
  int max_redirects = 10;
  int max_retries = 3;           // extra attempts on 429/503 and transient network errors
  double max_retry_wait_s = 30;  // a longer Retry-After is not waited for: the answer stands
  double backoff_s = 1.0;        // first wait when the server gives no Retry-After; doubles
  std::vector<std::string> resolve;  // curl --resolve entries "HOST:PORT:ADDR"
  std::string user_agent = "oit-check/0.1";
  std::function<void()> on_answer;  // called after each request gets its final answer (progress)
  // Asked before every new connection with the URL's host and port and the address about to be used:
  // "" allows it, anything else refuses it (no packet is sent) and becomes the request's error.
  // Empty: every address is allowed. `oit check` sets it from AddressPolicy (address_policy.h).
  // Behind a proxy (http_proxy, https_proxy, all_proxy) the proxy resolves names: only URLs whose
  // host is a literal address are asked about.
  std::function<std::string(const std::string& host, int port, const sockaddr* addr, socklen_t len)> refuse_connection;
};

// What stopped a request, or the reading of its answer, short of a verdict.
enum class Cut {
  None,
  Deadline,  // the audit's overall time limit (--deadline) came first
  Limit,     // a size bound: the body cap, or the bytes of bodies held at once
};

enum class Method { Head, Get };

struct FetchRequest {
  std::string url;
  Method method = Method::Get;  // Head: only the status is wanted
};

struct Hop {
  std::string url;  // the URL that answered with a redirect
  int status = 0;   // 301, 302, 303, 307, 308
};

struct FetchResult {
  std::string url;        // as requested
  std::string final_url;  // after redirects
  int status = 0;         // last HTTP status; 0 when no HTTP answer came
  std::string error;      // why it failed without a usable status ("" otherwise)
  std::vector<Hop> redirects;
  std::string content_type;  // lower-cased media type without parameters
  std::string charset;       // its charset parameter, lower-cased ("" when none)
  std::string body;          // Get only, at most max_body bytes (after Content-Encoding is undone)
  bool truncated = false;    // the body was longer than max_body (or never ended): the rest was not read
  long long content_length = -1;  // as the server declared it; -1 when it did not
  int attempts = 0;          // requests made, redirects not counted
  double seconds = 0;        // wall time from first start to answer
  bool from_cache = false;
  bool refused = false;      // the connection was refused by FetchOptions::refuse_connection (error says why)
  Cut cut = Cut::None;       // the request was stopped before any answer: the URL is NOT checked
  Cut content_cut = Cut::None;  // an answer came but its content was not (all) read (truncated: Limit)

  bool ok() const { return error.empty() && status >= 200 && status < 300; }
};

// Runs batches of requests over one connection pool. Not thread-safe: one caller at a time.
class Fetcher {
 public:
  explicit Fetcher(FetchOptions options = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Results in the order of `requests`. Never throws; every failure is in the result.
  std::vector<FetchResult> fetch_all(const std::vector<FetchRequest>& requests);
  // The same, stopping at `deadline` (a crawl made of several batches shares one bound).
  std::vector<FetchResult> fetch_all(const std::vector<FetchRequest>& requests,
                                     std::chrono::steady_clock::time_point deadline);
  // The same, handing each result to `on_result` (with its index in `requests`) as soon as it is final,
  // so that a caller digesting bodies as they come holds at most max_bodies_at_once of them.
  void fetch_each(const std::vector<FetchRequest>& requests, std::chrono::steady_clock::time_point deadline,
                  const std::function<void(size_t, FetchResult&&)>& on_result);
  // fetch_each, its results handed over in batches (index, result) of at most `count` results, or as
  // soon as their bodies reach `bytes`.
  void fetch_batches(const std::vector<FetchRequest>& requests, std::chrono::steady_clock::time_point deadline,
                     size_t count, size_t bytes,
                     const std::function<void(std::vector<std::pair<size_t, FetchResult>>&)>& on_batch);
  const FetchOptions& options() const { return options_; }

 private:
  struct Impl;
  FetchOptions options_;
  std::unique_ptr<Impl> impl_;
};

// Parses a Retry-After value (delay in seconds or an HTTP-date) into seconds from `now_unix`;
// nullopt when unreadable.
std::optional<double> parse_retry_after(const std::string& value, long long now_unix);

// A built output folder seen as the web server would serve it at `base` (its base URL):
// "/x/" → x/index.html, "/x" for a folder → redirect to "/x/", percent-decoded, never outside root.
class LocalSite {
 public:
  LocalSite(std::filesystem::path root, Url base);
  // True when `u` lies under the base URL (same scheme, host, port; path under the base path).
  bool covers(const Url& u) const;
  // The file a URL maps to, or nullopt when it is outside the base or would leave the folder.
  std::optional<std::filesystem::path> file_for(const Url& u) const;
  // The URL a file is served at ("a/index.html" → base + "a/").
  std::string url_for(const std::filesystem::path& relative) const;
  // Like an HTTP GET (or HEAD when !with_body): 200 with the body, 404, or one 301 hop for a folder.
  FetchResult fetch(const Url& u, bool with_body, size_t max_body = 32u << 20) const;
  const std::filesystem::path& root() const { return root_; }
  const Url& base() const { return base_; }

 private:
  std::filesystem::path root_;  // canonical
  Url base_;
};

// Results of external URLs from earlier runs: url → (status, error, final URL, when checked).
class FetchCache {
 public:
  // A missing file is an empty cache. So is a damaged one (not JSON, not a cache, a field of the wrong
  // type, over 64 MB, not a regular file): a cache only saves time, so it is never fatal; `problem`
  // then says what is wrong with it. `ours` is false when the file is not a results cache at all
  // (another JSON file given by mistake): it must not be overwritten.
  static FetchCache load(const std::filesystem::path& file, std::string* problem = nullptr, bool* ours = nullptr);
  Result<void> save(const std::filesystem::path& file) const;
  // The stored result when it is younger than max_age at `now`.
  std::optional<FetchResult> lookup(const std::string& url, std::chrono::seconds max_age,
                                    std::chrono::system_clock::time_point now) const;
  // Keeps a lasting answer; a cut, refused, rate-limited or timed-out one says nothing lasting.
  void store(const FetchResult& r, std::chrono::system_clock::time_point now);
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    int status = 0;
    std::string error, final_url;
    long long checked = 0;  // unix seconds
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace oit
