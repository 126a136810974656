// Where `oit check` may connect. A site under audit is hostile input: its links and redirects must not
// turn the checker into a probe of the auditor's own network (the cloud metadata service at
// 169.254.169.254, the intranet, services on loopback). The decision is made on the address a
// connection is actually about to use (after DNS, so a name resolving to 10.0.0.5 is caught too):
//   - public addresses are always allowed;
//   - a --resolve HOST:PORT:ADDR the user gave is allowed for that host and port;
//   - when the audited target itself stands on a non-public address (a local build served on
//     127.0.0.1, a staging server on the intranet), addresses of that same kind are allowed too;
//   - everything else (loopback, link-local, private, shared CGNAT, unspecified, multicast, reserved)
//     is refused before any packet is sent.
#pragma once
#include <sys/socket.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oit {

enum class AddressKind { Public, Loopback, LinkLocal, Private, SharedCgnat, Unspecified, Multicast, Reserved };

// The kind of an IPv4 or IPv6 socket address (IPv4-mapped and NAT64 IPv6 addresses by their IPv4 part).
AddressKind classify_address(const sockaddr* addr, socklen_t len);
// The same for an address written as text ("127.0.0.2", "::1", "[fe80::1]"); nullopt when not an address.
std::optional<AddressKind> classify_address_text(std::string_view text);
// "loopback", "link-local", "private", … for messages.
std::string_view describe(AddressKind kind);
// "127.0.0.2", "::1" (no brackets, no port).
std::string address_text(const sockaddr* addr, socklen_t len);

class AddressPolicy {
 public:
  // `target`: the URL being audited ("" for a folder); `resolve`: the user's --resolve entries
  // (curl syntax HOST:PORT:ADDR[,ADDR…], "+" prefix allowed, "*" as HOST matches any host).
  AddressPolicy(const std::string& target, const std::vector<std::string>& resolve);

  // "" when a connection for URL host `host` (lower case, IPv6 in brackets or not) port `port` may go
  // to `addr`; else why not, in words for the report. Connections to the target's own host and port
  // are allowed whatever the kind of their first address; that kind is then allowed for the rest of the
  // crawl (a local build links to its own other ports), and no other non-public kind is.
  std::string refuse(const std::string& host, int port, const sockaddr* addr, socklen_t len);

 private:
  struct Mapping {
    std::string host;  // lower case, no brackets; "*" any
    int port = 0;
    std::vector<std::string> addresses;  // as inet_ntop writes them
  };
  std::vector<Mapping> resolve_;
  std::string target_host_;  // "" when the target is not a URL, or the user --resolve'd it
  int target_port_ = 0;
  std::optional<AddressKind> target_kind_;  // of the target's address, once known
};

// The policy as FetchOptions::refuse_connection (the fetcher runs one transfer loop: no locking).
std::function<std::string(const std::string&, int, const sockaddr*, socklen_t)> connection_guard(
    std::shared_ptr<AddressPolicy> policy);

}  // namespace oit
