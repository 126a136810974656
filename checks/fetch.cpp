#include "checks/fetch.h"
#include "core/text.h"
#include "core/url_path.h"
#include "checks/html_charset.h"

#include "checks/json_limits.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <deque>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_map>

namespace oit {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string media_type(const char* content_type) {
  if (!content_type) return {};
  std::string s = ascii_lower(content_type);
  if (auto semi = s.find(';'); semi != std::string::npos) s.erase(semi);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Network failures worth one more try: the next attempt may well succeed.
bool transient(CURLcode c) {
  return c == CURLE_COULDNT_CONNECT || c == CURLE_RECV_ERROR || c == CURLE_SEND_ERROR ||
         c == CURLE_GOT_NOTHING || c == CURLE_PARTIAL_FILE || c == CURLE_HTTP2 || c == CURLE_HTTP2_STREAM;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

}  // namespace

std::optional<double> parse_retry_after(const std::string& value, long long now_unix) {
  std::string v = value;
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.erase(0, 1);
  if (v.empty()) return std::nullopt;
  if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return v.size() > 9 ? 1e9 : std::stod(v);
  time_t t = curl_getdate(v.c_str(), nullptr);
  if (t < 0) return std::nullopt;
  return std::max(0.0, static_cast<double>(t - now_unix));
}

// ---------------------------------------------------------------------------------------------
// Fetcher

struct Fetcher::Impl {
  struct Task {
    size_t index = 0;
    std::string url;  // current URL (changes along redirects)
    bool head = false;        // current method
    bool want_body = false;   // the caller asked for GET
    std::set<std::string> seen;  // URLs visited, for loop detection
    Clock::time_point not_before{}, started{};
    bool started_once = false;
    int transient_failures = 0;
    bool big = false;  // answered with a document: needs max_body reserved before it starts again
    std::string retry_after;
    FetchResult result;
  };

  CURLM* multi = nullptr;
  curl_slist* resolve = nullptr;
  const FetchOptions& o;
  size_t in_flight = 0;  // body bytes reserved by running transfers (each its cap)
  size_t held = 0;       // body bytes of finished results not yet handed over (fetch_all)
  bool proxied = false;  // a proxy connects for us: the addresses curl opens are the proxy's

  explicit Impl(const FetchOptions& opts) : o(opts) {
    static CurlGlobal global;
    for (const char* v : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
      if (const char* e = std::getenv(v); e && *e) proxied = true;
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(std::max(1, o.per_host)));
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(std::max(1, o.concurrency)));
    for (const auto& r : o.resolve) resolve = curl_slist_append(resolve, r.c_str());
  }
  ~Impl() {
    curl_multi_cleanup(multi);
    curl_slist_free_all(resolve);
  }

  struct Transfer {
    Impl* impl = nullptr;
    Task* task = nullptr;
    size_t cap = 0;             // bytes of body kept; reserved in Impl::in_flight while running
    bool capped = false;
    bool needs_big = false;     // a document answer while the budget could not give it max_body
    bool headers_too_big = false;
    size_t header_bytes = 0;
    int answer_status = 0;      // of the response whose headers are arriving
    std::string host;           // of the URL, for the connection guard
    int port = 0;
    std::string refused;        // why the guard refused a connection ("" when it did not)
    char error[CURL_ERROR_SIZE] = {};  // curl's own words on a failure (names the TLS problem)
  };

  // Web pages get max_page_body; anything else that answers 2xx is a document and gets max_body.
  static bool page_type(std::string_view media) {
    return media.empty() || media == "text/html" || media == "application/xhtml+xml" || media == "text/plain";
  }

  size_t cap_for(const Task& t) const {
    if (!t.want_body) return 0;
    return t.big ? o.max_body : std::min(o.max_body, o.max_page_body);
  }

  // Bodies arrive here already decoded (libcurl undoes gzip/deflate/br in small blocks), so the cap
  // bounds memory for a compression bomb as for an endless body.
  static size_t write_cb(char* data, size_t size, size_t n, void* p) {
    auto* tr = static_cast<Transfer*>(p);
    size_t len = size * n;
    std::string& body = tr->task->result.body;
    size_t keep = std::min(len, tr->cap - body.size());
    if (body.size() + keep > body.capacity() && body.capacity() * 2 > tr->cap) {
      // Doubling would pass the cap (a string never grows by less than double): move to exactly the cap.
      std::string bigger;
      bigger.reserve(tr->cap);
      bigger.append(body);
      body.swap(bigger);
    }
    body.append(data, keep);
    if (keep < len) {
      tr->capped = true;
      return 0;  // stop the transfer: we have what we keep
    }
    return len;
  }

  static size_t header_cb(char* data, size_t size, size_t n, void* p) {
    auto* tr = static_cast<Transfer*>(p);
    std::string_view line(data, size * n);
    // libcurl 7.88 keeps every header for its headers API: endless headers would grow without end.
    tr->header_bytes += line.size();
    if (tr->header_bytes > tr->impl->o.max_header_bytes) {
      tr->headers_too_big = true;
      return 0;
    }
    if (line.size() > 12 && ascii_lower(line.substr(0, 12)) == "retry-after:") tr->task->retry_after = std::string(line.substr(12));
    if (line.starts_with("HTTP/")) {
      tr->task->retry_after.clear();
      auto sp = line.find(' ');
      tr->answer_status = sp == std::string_view::npos ? 0 : std::atoi(std::string(line.substr(sp + 1, 3)).c_str());
    }
    if (line.size() > 13 && ascii_lower(line.substr(0, 13)) == "content-type:" && tr->answer_status >= 200 &&
        tr->answer_status < 300 && tr->cap > 0) {
      std::string media = media_type(std::string(line.substr(13)).c_str());
      while (!media.empty() && std::isspace(static_cast<unsigned char>(media.front()))) media.erase(0, 1);
      while (!media.empty() && std::isspace(static_cast<unsigned char>(media.back()))) media.pop_back();
      Impl& im = *tr->impl;
      size_t big = im.o.max_body;
      if (!page_type(media) && tr->cap < big) {
        // A document: it may keep max_body when the budget has room, else it starts again when it has.
        if (im.in_flight + im.held - tr->cap + big <= im.o.max_bodies_at_once) {
          im.in_flight += big - tr->cap;
          tr->cap = big;
        } else {
          tr->needs_big = true;
          return 0;
        }
      }
    }
    return size * n;
  }

  // Before every new connection: the guard sees the address curl is about to connect to.
  static curl_socket_t open_socket(void* p, curlsocktype, curl_sockaddr* a) {
    auto* tr = static_cast<Transfer*>(p);
    const auto& guard = tr->impl->o.refuse_connection;
    if (guard && !tr->impl->proxied) {
      std::string why = guard(tr->host, tr->port, &a->addr, a->addrlen);
      if (!why.empty()) {
        tr->refused = why;
        return CURL_SOCKET_BAD;
      }
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
  }

  // Behind a proxy only a literal address in the URL can be judged before the request goes out.
  std::string refuse_literal(const Transfer& tr) const {
    if (!o.refuse_connection || !proxied) return {};
    std::string h = tr.host;
    if (h.size() > 2 && h.front() == '[') h = h.substr(1, h.size() - 2);
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    if (inet_pton(AF_INET, h.c_str(), &v4.sin_addr) == 1) {
      v4.sin_family = AF_INET;
      return o.refuse_connection(tr.host, tr.port, reinterpret_cast<sockaddr*>(&v4), sizeof v4);
    }
    if (inet_pton(AF_INET6, h.c_str(), &v6.sin6_addr) == 1) {
      v6.sin6_family = AF_INET6;
      return o.refuse_connection(tr.host, tr.port, reinterpret_cast<sockaddr*>(&v6), sizeof v6);
    }
    return {};
  }

  static std::string host_key(const std::string& url) {
    auto u = parse_url(url);
    return u ? u->host + ":" + std::to_string(u->effective_port()) : std::string("?");
  }

  CURL* start(Task& t, Transfer& tr) {
    CURL* e = curl_easy_init();
    t.result.body.clear();
    t.retry_after.clear();
    tr.impl = this;
    tr.task = &t;
    tr.cap = cap_for(t);
    in_flight += tr.cap;
    if (auto u = parse_url(t.url)) {
      tr.host = u->host;
      tr.port = u->effective_port();
    }
    tr.refused = refuse_literal(tr);
    curl_easy_setopt(e, CURLOPT_URL, t.url.c_str());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, tr.error);
    curl_easy_setopt(e, CURLOPT_NOBODY, t.head ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // every hop is checked here
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &tr);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &tr);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &tr);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout_s * 1000));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(o.timeout_s, 10.0) * 1000));
    curl_easy_setopt(e, CURLOPT_USERAGENT, o.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    // Waiting to multiplex only pays over TLS (HTTP/2); on plain HTTP/1.1 it would serialise
    // transfers behind the first connection.
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, t.url.starts_with("https:") ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    if (resolve) curl_easy_setopt(e, CURLOPT_RESOLVE, resolve);
    if (tr.refused.empty()) curl_multi_add_handle(multi, e);  // else run() ends it at once, unsent
    if (!t.started_once) {
      t.started = Clock::now();
      t.started_once = true;
    }
    ++t.result.attempts;
    return e;
  }

  // Runs the requests to their final answers. With `on_result`, each result is handed over as soon as it
  // is final (and its body no longer counts against max_bodies_at_once); else all are returned.
  std::vector<FetchResult> run(const std::vector<FetchRequest>& requests, Clock::time_point deadline,
                               const std::function<void(size_t, FetchResult&&)>* on_result = nullptr) {
    std::vector<Task> tasks(requests.size());
    std::map<std::string, std::deque<size_t>> queues;  // host → waiting tasks
    for (size_t i = 0; i < requests.size(); ++i) {
      Task& t = tasks[i];
      t.index = i;
      t.url = requests[i].url;
      t.head = requests[i].method == Method::Head;
      t.want_body = !t.head;
      t.result.url = requests[i].url;
      t.seen.insert(t.url);
      queues[host_key(t.url)].push_back(i);
    }
    std::unordered_map<std::string, int> active_per_host;
    std::unordered_map<std::string, Clock::time_point> next_start;
    std::unordered_map<CURL*, std::pair<size_t, std::unique_ptr<Transfer>>> active;
    size_t done = 0;
    held = 0;
    auto finish = [&](Task& t) {
      t.result.final_url = t.url;
      t.result.seconds = std::chrono::duration<double>(Clock::now() - t.started).count();
      if (!t.want_body) {
        t.result.body.clear();
        t.result.truncated = false;
      }
      if (t.result.truncated) t.result.content_cut = Cut::Limit;
      ++done;
      if (on_result) {
        FetchResult r = std::move(t.result);
        t.result = FetchResult{};
        (*on_result)(t.index, std::move(r));
      } else {
        t.result.body.shrink_to_fit();
        held += t.result.body.size();
      }
      if (o.on_answer) o.on_answer();
    };
    auto cut_short = [&](Task& t, Cut why, std::string error) {
      t.result.status = 0;
      t.result.body.clear();
      t.result.truncated = false;
      t.result.cut = why;
      t.result.error = std::move(error);
      finish(t);
    };
    auto requeue = [&](Task& t, double wait_s) {
      t.not_before = Clock::now() + std::chrono::milliseconds(static_cast<long long>(wait_s * 1000));
      queues[host_key(t.url)].push_back(t.index);
    };
    auto release = [&](Transfer& tr) {
      in_flight -= std::min(in_flight, tr.cap);
      tr.cap = 0;
    };

    while (done < tasks.size()) {
      auto now = Clock::now();
      if (now >= deadline) {
        for (auto& [e, entry] : active) {
          curl_multi_remove_handle(multi, e);
          curl_easy_cleanup(e);
          release(*entry.second);
          cut_short(tasks[entry.first], Cut::Deadline,
                    "not checked: stopped at the audit's overall time limit (--deadline)");
        }
        active.clear();
        for (auto& [host, q] : queues)
          for (size_t i : q)
            cut_short(tasks[i], Cut::Deadline, "not checked: the audit's overall time limit (--deadline) was reached first");
        queues.clear();
        break;
      }
      // Start what the limits allow, one host after another.
      auto wake = now + std::chrono::milliseconds(200);
      for (auto it = queues.begin(); it != queues.end() && static_cast<int>(active.size()) < o.concurrency;) {
        const std::string& host = it->first;
        auto& q = it->second;
        for (size_t k = 0; k < q.size() && static_cast<int>(active.size()) < o.concurrency;) {
          if (active_per_host[host] >= o.per_host) break;
          if (next_start.count(host) && next_start[host] > now) {
            wake = std::min(wake, next_start[host]);
            break;
          }
          Task& t = tasks[q[k]];
          if (t.not_before > now) {
            wake = std::min(wake, t.not_before);
            ++k;
            continue;
          }
          // A body needs its cap free in the budget; a request without one (HEAD) never waits.
          size_t need = cap_for(t);
          if (need > 0 && in_flight + held + need > o.max_bodies_at_once && (in_flight > 0 || held > 0)) {
            if (in_flight == 0) {  // only finished results fill the budget: waiting would never end
              q.erase(q.begin() + static_cast<long>(k));
              cut_short(t, Cut::Limit, "not checked (limit: more than " + std::to_string(o.max_bodies_at_once >> 20) +
                                           " MB of answers held at once)");
              continue;
            }
            ++k;
            continue;
          }
          auto tr = std::make_unique<Transfer>();
          CURL* e = start(t, *tr);
          q.erase(q.begin() + static_cast<long>(k));
          if (o.politeness_ms > 0) next_start[host] = now + std::chrono::milliseconds(o.politeness_ms);
          if (!tr->refused.empty()) {  // refused before any connection (behind a proxy)
            release(*tr);
            handle_done(t, *tr, e, CURLE_COULDNT_CONNECT, deadline, finish, requeue);
            curl_easy_cleanup(e);
            continue;
          }
          active.emplace(e, std::make_pair(t.index, std::move(tr)));
          ++active_per_host[host];
        }
        it = q.empty() ? queues.erase(it) : std::next(it);
      }

      int running = 0;
      curl_multi_perform(multi, &running);
      int left = 0;
      bool finished_any = false;
      while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
        finished_any = true;
        if (m->msg != CURLMSG_DONE) continue;
        CURL* e = m->easy_handle;
        CURLcode code = m->data.result;
        auto node = active.extract(e);
        Task& t = tasks[node.mapped().first];
        Transfer& tr = *node.mapped().second;
        std::string host = host_key(t.url);
        --active_per_host[host];
        curl_multi_remove_handle(multi, e);  // before handle_done: a result handed over may take a while
        release(tr);
        handle_done(t, tr, e, code, deadline, finish, requeue);
        curl_easy_cleanup(e);
      }
      if (done >= tasks.size()) break;
      if (finished_any) continue;  // slots were freed: start the next transfers before waiting
      auto until_wake = std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now()).count();
      int wait_ms = static_cast<int>(std::clamp<long long>(until_wake, 0, 200));
      if (!active.empty() || wait_ms > 0) curl_multi_poll(multi, nullptr, 0, active.empty() ? wait_ms : std::min(wait_ms, 100), nullptr);
    }
    held = 0;
    std::vector<FetchResult> out;
    if (on_result) return out;
    out.reserve(tasks.size());
    for (auto& t : tasks) out.push_back(std::move(t.result));
    return out;
  }

  // Why a transfer failed, in words a reader can act on.
  std::string failure(CURLcode code, const Transfer& tr) const {
    std::string detail = tr.error[0] ? tr.error : curl_easy_strerror(code);
    switch (code) {
      case CURLE_OPERATION_TIMEDOUT:
        return "no answer within " + std::to_string(static_cast<int>(o.timeout_s)) + " s";
      case CURLE_PEER_FAILED_VERIFICATION:
        return "TLS certificate not trusted (" + detail + ")";
      case CURLE_SSL_CONNECT_ERROR:
        return "TLS handshake failed (" + detail + ")";
      case CURLE_UNSUPPORTED_PROTOCOL:
        return "not an http(s) URL (" + detail + ")";
      default:
        return detail;
    }
  }

  template <class Finish, class Requeue>
  void handle_done(Task& t, Transfer& tr, CURL* e, CURLcode code, Clock::time_point deadline, Finish& finish,
                   Requeue& requeue) {
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    char* ct = nullptr;
    curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct);
    curl_off_t length = -1;
    curl_easy_getinfo(e, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    t.result.status = static_cast<int>(status);
    t.result.content_type = media_type(ct);
    t.result.charset = ct ? charset_parameter(ct) : "";
    t.result.content_length = static_cast<long long>(length);
    t.result.error.clear();
    if (!tr.refused.empty() && code != CURLE_OK) {
      t.result.status = 0;
      t.result.body.clear();
      t.result.refused = true;
      t.result.error = (t.result.redirects.empty() ? "" : "redirect to " + t.url + " ") + "refused: " + tr.refused;
      finish(t);
      return;
    }
    if (code == CURLE_WRITE_ERROR && tr.needs_big) {  // a document: again when max_body fits the budget
      t.big = true;
      --t.result.attempts;
      requeue(t, 0);
      return;
    }
    if (code == CURLE_WRITE_ERROR && tr.headers_too_big) {
      t.result.status = 0;
      t.result.body.clear();
      t.result.error = "response headers larger than " + std::to_string(o.max_header_bytes >> 10) +
                       " KB: refused, as browsers do";
      finish(t);
      return;
    }
    bool capped = code == CURLE_WRITE_ERROR && tr.capped;
    if (code != CURLE_OK && !capped) {
      // A server that drops HEAD requests may still answer GET.
      if (t.head && (code == CURLE_GOT_NOTHING || code == CURLE_RECV_ERROR || code == CURLE_WEIRD_SERVER_REPLY)) {
        t.head = false;
        requeue(t, 0);
        return;
      }
      if (transient(code) && t.transient_failures < std::min(1, o.max_retries)) {
        ++t.transient_failures;
        requeue(t, o.backoff_s);
        return;
      }
      t.result.status = 0;
      t.result.error = failure(code, tr);
      t.result.body.clear();
      finish(t);
      return;
    }
    t.result.truncated = capped && t.want_body;
    if (status >= 300 && status < 400 && status != 304) {
      char* location = nullptr;
      curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &location);
      if (!location) {
        t.result.error = "redirect without a usable Location header";
        finish(t);
        return;
      }
      t.result.redirects.push_back({t.url, static_cast<int>(status)});
      auto next = parse_url(location);
      if (!next || !next->is_http()) {
        t.result.error = std::string("redirect to a non-HTTP URL, not followed: ") + location;
        finish(t);
        return;
      }
      std::string next_url = next->str();
      if (static_cast<int>(t.result.redirects.size()) > o.max_redirects) {
        t.result.error = "more than " + std::to_string(o.max_redirects) + " redirects";
        finish(t);
        return;
      }
      if (!t.seen.insert(next_url).second) {
        t.url = next_url;
        t.result.error = "redirect loop";
        finish(t);
        return;
      }
      t.url = next_url;
      requeue(t, 0);
      return;
    }
    if ((status == 429 || status == 503) && t.result.attempts <= o.max_retries) {
      auto ra = parse_retry_after(t.retry_after, static_cast<long long>(time(nullptr)));
      double wait = ra ? *ra : o.backoff_s * (1 << std::min(t.result.attempts - 1, 10));
      // A wait that would outlast the crawl's bound is not taken: the answer stands.
      bool in_time = deadline == Clock::time_point::max() ||
                     Clock::now() + std::chrono::milliseconds(static_cast<long long>(wait * 1000)) < deadline;
      if (wait <= o.max_retry_wait_s && in_time) {
        requeue(t, wait);
        return;
      }
    }
    if (t.head && status >= 400 && status != 429 && status != 503) {
      t.head = false;  // many servers refuse or mishandle HEAD (405, 501, 403, even 404)
      requeue(t, 0);
      return;
    }
    finish(t);
  }
};

Fetcher::Fetcher(FetchOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>(options_)) {}
Fetcher::~Fetcher() = default;

std::vector<FetchResult> Fetcher::fetch_all(const std::vector<FetchRequest>& requests) {
  auto deadline = options_.deadline_s > 0
                      ? Clock::now() + std::chrono::milliseconds(static_cast<long long>(options_.deadline_s * 1000))
                      : Clock::time_point::max();
  return impl_->run(requests, deadline);
}

std::vector<FetchResult> Fetcher::fetch_all(const std::vector<FetchRequest>& requests, Clock::time_point deadline) {
  return impl_->run(requests, deadline);
}

void Fetcher::fetch_each(const std::vector<FetchRequest>& requests, Clock::time_point deadline,
                         const std::function<void(size_t, FetchResult&&)>& on_result) {
  impl_->run(requests, deadline, &on_result);
}

void Fetcher::fetch_batches(const std::vector<FetchRequest>& requests, Clock::time_point deadline, size_t count,
                            size_t bytes, const std::function<void(std::vector<std::pair<size_t, FetchResult>>&)>& on_batch) {
  std::vector<std::pair<size_t, FetchResult>> batch;
  size_t batch_bytes = 0;
  auto hand_over = [&] {
    if (batch.empty()) return;
    on_batch(batch);
    batch.clear();
    batch_bytes = 0;
  };
  fetch_each(requests, deadline, [&](size_t i, FetchResult&& r) {
    batch_bytes += r.body.size();
    batch.emplace_back(i, std::move(r));
    if (batch.size() >= count || batch_bytes >= bytes) hand_over();
  });
  hand_over();
}

// ---------------------------------------------------------------------------------------------
// LocalSite

LocalSite::LocalSite(fs::path root, Url base) : base_(std::move(base)) {
  std::error_code ec;
  root_ = fs::weakly_canonical(root, ec);
  if (ec) root_ = root;
  if (base_.path.empty() || base_.path.back() != '/') base_.path += '/';
  base_.query.reset();
  base_.fragment.reset();
}

bool LocalSite::covers(const Url& u) const {
  return u.scheme == base_.scheme && u.host == base_.host && u.port == base_.port &&
         path_below_base(u.path, base_.path).has_value();
}

std::optional<fs::path> LocalSite::file_for(const Url& u) const {
  if (!covers(u)) return std::nullopt;
  std::string rel = percent_decode(*path_below_base(u.path, base_.path));
  if (rel.find('\0') != std::string::npos) return std::nullopt;
  // Dot segments were removed when the URL was parsed; an encoded "%2F.." is refused here.
  if (has_parent_segment(rel)) return std::nullopt;
  fs::path p = root_ / fs::path(file_for_url_path(rel));
  // Never outside the folder, even through a symbolic link.
  std::error_code ec;
  fs::path canon = fs::weakly_canonical(p, ec);
  if (ec || !path_inside(canon, root_)) return std::nullopt;
  return p;
}

std::string LocalSite::url_for(const fs::path& relative) const {
  std::string rel = url_path_for_file(relative.generic_string());  // file names are bytes (UTF-8) on Linux
  Url u = base_;
  u.path = normalize_percent_encoding(base_.path + rel);
  return u.str();
}

FetchResult LocalSite::fetch(const Url& u, bool with_body, size_t max_body) const {
  FetchResult r;
  r.url = r.final_url = u.str();
  r.attempts = 1;
  auto file = file_for(u);
  if (!file) {
    r.status = 404;
    r.error = "outside the site folder";
    return r;
  }
  std::error_code ec;
  if (fs::is_directory(*file, ec)) {
    // What nginx does for a folder without the trailing slash.
    Url slash = u;
    slash.path += '/';
    r.redirects.push_back({r.url, 301});
    r.final_url = slash.str();
    file = *file / "index.html";
  }
  if (!fs::is_regular_file(*file, ec)) {
    r.status = 404;
    return r;
  }
  r.status = 200;
  std::string ext = ascii_lower(file->extension().string());
  if (!ext.empty()) ext.erase(0, 1);
  r.content_type = media_type_for_extension(ext);
  if (with_body) {
    std::ifstream in(*file, std::ios::binary);
    auto size = fs::file_size(*file, ec);
    size_t keep = ec ? max_body : std::min<size_t>(size, max_body);
    r.body.resize(keep);
    in.read(r.body.data(), static_cast<std::streamsize>(keep));
    r.body.resize(static_cast<size_t>(in.gcount()));
    r.truncated = !ec && size > max_body;
    if (!in && !in.eof() && r.body.empty() && size > 0) {
      r.status = 0;
      r.error = "cannot read " + file->string();
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// FetchCache

FetchCache FetchCache::load(const fs::path& file, std::string* problem, bool* ours) {
  constexpr uintmax_t kMaxCacheBytes = 16u << 20;  // some 80,000 URLs; parsed, 10 times that
  FetchCache cache;
  auto damaged = [&](std::string what, bool cache_file = true) {
    if (problem) *problem = std::move(what);
    if (ours) *ours = cache_file;
    return FetchCache{};
  };
  if (problem) problem->clear();
  if (ours) *ours = true;
  std::error_code ec;
  auto st = fs::status(file, ec);
  if (ec || st.type() == fs::file_type::not_found) return cache;
  if (st.type() != fs::file_type::regular) return damaged("not a regular file", false);
  auto size = fs::file_size(file, ec);
  if (ec) return damaged("cannot be read: " + ec.message(), false);
  if (size > kMaxCacheBytes) return damaged("larger than " + std::to_string(kMaxCacheBytes >> 20) + " MB", false);
  std::ifstream in(file, std::ios::binary);
  if (!in) return damaged("cannot be read", false);
  std::string text(static_cast<size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<size_t>(in.gcount()));
  if (auto big = json_too_big(text, 8)) return damaged("not a results cache: " + *big, false);
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return damaged("not JSON", false);
  if (!j.is_object() || !j.contains("urls") || !j["urls"].is_object())
    return damaged("not a results cache written by oit check (no \"urls\" object)", false);
  // Every field is checked: one of the wrong type must not stop the audit (nlohmann would throw).
  for (auto& [url, v] : j["urls"].items()) {
    auto where = "entry \"" + url.substr(0, 200) + "\"";
    if (!v.is_object()) return damaged(where + " is not an object");
    Entry e;
    if (!v.contains("status") || !v["status"].is_number_integer()) return damaged(where + ": \"status\" is not a whole number");
    auto status = v["status"].get<long long>();
    if (status < 0 || status > 999) return damaged(where + ": \"status\" " + std::to_string(status) + " is not an HTTP status");
    e.status = static_cast<int>(status);
    if (v.contains("error") && !v["error"].is_string()) return damaged(where + ": \"error\" is not text");
    if (v.contains("final_url") && !v["final_url"].is_string()) return damaged(where + ": \"final_url\" is not text");
    if (!v.contains("checked") || !v["checked"].is_number_integer()) return damaged(where + ": \"checked\" is not a whole number");
    e.error = v.value("error", "");
    e.final_url = v.value("final_url", url);
    e.checked = v["checked"].get<long long>();
    cache.entries_[url] = std::move(e);
  }
  return cache;
}

Result<void> FetchCache::save(const fs::path& file) const {
  nlohmann::json urls = nlohmann::json::object();
  for (const auto& [url, e] : entries_)
    urls[url] = {{"status", e.status}, {"error", e.error}, {"final_url", e.final_url}, {"checked", e.checked}};
  nlohmann::json j = {{"version", 1}, {"urls", urls}};
  fs::path tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp);
    out << j.dump(1) << "\n";
    if (!out) return make_error({file.string(), 0, 0}, "cannot write the results cache");
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) return make_error({file.string(), 0, 0}, "cannot write the results cache: " + ec.message());
  return {};
}

std::optional<FetchResult> FetchCache::lookup(const std::string& url, std::chrono::seconds max_age,
                                              std::chrono::system_clock::time_point now) const {
  auto it = entries_.find(url);
  if (it == entries_.end()) return std::nullopt;
  long long now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (now_s - it->second.checked > max_age.count() || it->second.checked > now_s) return std::nullopt;
  FetchResult r;
  r.url = url;
  r.final_url = it->second.final_url;
  r.status = it->second.status;
  r.error = it->second.error;
  r.from_cache = true;
  return r;
}

void FetchCache::store(const FetchResult& r, std::chrono::system_clock::time_point now) {
  // A timeout or a rate limit says nothing lasting about the URL; a refusal depends on this run's
  // --resolve and target, a cut on its bounds.
  if (r.status == 429 || r.status == 503 || r.refused || r.cut != Cut::None ||
      (r.status == 0 && r.error.find("time limit") != std::string::npos))
    return;
  Entry e;
  e.status = r.status;
  e.error = r.error;
  e.final_url = r.final_url;
  e.checked = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  entries_[r.url] = std::move(e);
}

}  // namespace oit
