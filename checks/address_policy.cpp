#include "checks/address_policy.h"
#include "core/text.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace oit {

namespace {

AddressKind classify_v4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) { return bits == 0 || (a >> (32 - bits)) == (net >> (32 - bits)); };
  if (in(0x00000000, 8)) return AddressKind::Unspecified;   // 0.0.0.0/8 "this network"
  if (in(0x7F000000, 8)) return AddressKind::Loopback;      // 127.0.0.0/8
  if (in(0xA9FE0000, 16)) return AddressKind::LinkLocal;    // 169.254.0.0/16 (cloud metadata lives here)
  if (in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16)) return AddressKind::Private;
  if (in(0x64400000, 10)) return AddressKind::SharedCgnat;  // 100.64.0.0/10
  if (in(0xE0000000, 4)) return AddressKind::Multicast;     // 224.0.0.0/4
  if (in(0xF0000000, 4) ||                                  // 240.0.0.0/4 and the broadcast address
      in(0xC0000000, 24) || in(0xC0000200, 24) ||           // IETF protocol assignments, TEST-NET-1
      in(0xC6120000, 15) || in(0xC6336400, 24) || in(0xCB007100, 24))  // benchmarking, TEST-NET-2/3
    return AddressKind::Reserved;
  return AddressKind::Public;
}

AddressKind classify_v6(const unsigned char* b) {
  static const unsigned char zero[16] = {};
  auto v4_at_12 = [b] {
    return (uint32_t(b[12]) << 24) | (uint32_t(b[13]) << 16) | (uint32_t(b[14]) << 8) | uint32_t(b[15]);
  };
  if (std::memcmp(b, zero, 15) == 0) return b[15] == 1 ? AddressKind::Loopback : b[15] == 0 ? AddressKind::Unspecified
                                                                                              : AddressKind::Reserved;
  // ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64) reach the IPv4 address inside.
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, mapped, 12) == 0 || std::memcmp(b, nat64, 12) == 0) return classify_v4(v4_at_12());
  if (std::memcmp(b, zero, 12) == 0) return AddressKind::Reserved;  // ::a.b.c.d, deprecated
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressKind::LinkLocal;  // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressKind::Private;    // fec0::/10 site-local
  if ((b[0] & 0xfe) == 0xfc) return AddressKind::Private;                    // fc00::/7 unique local
  if (b[0] == 0xff) return AddressKind::Multicast;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return AddressKind::Reserved;  // documentation
  if (b[0] == 0x01 && b[1] == 0x00 && std::memcmp(b + 2, zero, 6) == 0) return AddressKind::Reserved;  // discard
  return AddressKind::Public;
}

std::string unbracket(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return ascii_lower(host);
}

// inet_ntop's spelling of an address written as text, so "::0001" and "::1" compare equal.
std::string canonical_address(std::string_view text) {
  std::string t = unbracket(text);
  unsigned char buf[16];
  char out[INET6_ADDRSTRLEN] = {};
  if (inet_pton(AF_INET, t.c_str(), buf) == 1) return inet_ntop(AF_INET, buf, out, sizeof out);
  if (inet_pton(AF_INET6, t.c_str(), buf) == 1) return inet_ntop(AF_INET6, buf, out, sizeof out);
  return t;
}

}  // namespace

AddressKind classify_address(const sockaddr* addr, socklen_t len) {
  if (addr && addr->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in)))
    return classify_v4(ntohl(reinterpret_cast<const sockaddr_in*>(addr)->sin_addr.s_addr));
  if (addr && addr->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6)))
    return classify_v6(reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr.s6_addr);
  return AddressKind::Reserved;  // a UNIX socket or anything else: never a web server on the internet
}

std::optional<AddressKind> classify_address_text(std::string_view text) {
  std::string t = unbracket(text);
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET, t.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    return classify_address(reinterpret_cast<sockaddr*>(&v4), sizeof v4);
  }
  if (inet_pton(AF_INET6, t.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    return classify_address(reinterpret_cast<sockaddr*>(&v6), sizeof v6);
  }
  return std::nullopt;
}

std::string_view describe(AddressKind kind) {
  switch (kind) {
    case AddressKind::Public: return "public";
    case AddressKind::Loopback: return "loopback";
    case AddressKind::LinkLocal: return "link-local";
    case AddressKind::Private: return "private";
    case AddressKind::SharedCgnat: return "shared (carrier-grade NAT)";
    case AddressKind::Unspecified: return "unspecified";
    case AddressKind::Multicast: return "multicast";
    case AddressKind::Reserved: return "reserved";
  }
  return "reserved";
}

std::string address_text(const sockaddr* addr, socklen_t len) {
  char out[INET6_ADDRSTRLEN] = {};
  if (addr && addr->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in)))
    return inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, out, sizeof out);
  if (addr && addr->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6)))
    return inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, out, sizeof out);
  return "?";
}

AddressPolicy::AddressPolicy(const std::string& target, const std::vector<std::string>& resolve) {
  for (std::string entry : resolve) {
    if (entry.starts_with("-")) continue;  // a removal, in curl's syntax
    if (entry.starts_with("+")) entry.erase(0, 1);
    // HOST:PORT:ADDR[,ADDR…]; the host has no ':' (IPv6 literal hosts are not resolved by name).
    auto c1 = entry.find(':');
    auto c2 = c1 == std::string::npos ? std::string::npos : entry.find(':', c1 + 1);
    if (c2 == std::string::npos) continue;
    Mapping m;
    m.host = unbracket(entry.substr(0, c1));
    try {
      m.port = std::stoi(entry.substr(c1 + 1, c2 - c1 - 1));
    } catch (...) {
      continue;
    }
    std::string list = entry.substr(c2 + 1);
    for (size_t start = 0; start <= list.size();) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      if (comma > start) m.addresses.push_back(canonical_address(list.substr(start, comma - start)));
      start = comma + 1;
    }
    resolve_.push_back(std::move(m));
  }
  // The target URL's host and port: "http://127.0.0.1:8080/" checks a local build.
  if (target.starts_with("http://") || target.starts_with("https://")) {
    bool tls = target.starts_with("https://");
    std::string rest = target.substr(tls ? 8 : 7);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (auto at = rest.rfind('@'); at != std::string::npos) rest.erase(0, at + 1);
    std::string host = rest;
    int port = tls ? 443 : 80;
    auto close = rest.rfind(']');
    auto colon = rest.rfind(':');
    if (colon != std::string::npos && (close == std::string::npos || colon > close)) {
      host = rest.substr(0, colon);
      try {
        port = std::stoi(rest.substr(colon + 1));
      } catch (...) {
      }
    }
    host = unbracket(host);
    bool user_mapped = std::any_of(resolve_.begin(), resolve_.end(), [&](const Mapping& m) {
      return (m.host == host || m.host == "*") && m.port == port;
    });
    // A target the user --resolve'd is allowed by that mapping, and grants nothing more.
    if (!user_mapped) {
      target_host_ = host;
      target_port_ = port;
      if (auto kind = classify_address_text(host)) target_kind_ = kind;
    }
  }
}

std::string AddressPolicy::refuse(const std::string& host_in, int port, const sockaddr* addr, socklen_t len) {
  AddressKind kind = classify_address(addr, len);
  if (kind == AddressKind::Public) return {};
  std::string host = unbracket(host_in);
  std::string address = address_text(addr, len);
  for (const auto& m : resolve_)
    if ((m.host == host || m.host == "*") && m.port == port &&
        std::find(m.addresses.begin(), m.addresses.end(), address) != m.addresses.end())
      return {};
  // The target's first connection fixes its kind; a later answer of its DNS that moves it elsewhere
  // (rebinding to 169.254.169.254) is refused like any other.
  if (!target_host_.empty() && host == target_host_ && port == target_port_ && !target_kind_) {
    target_kind_ = kind;
    return {};
  }
  if (target_kind_ && kind == *target_kind_) return {};
  return address + " is a " + std::string(describe(kind)) +
         " address, not a public one: the checker does not connect there unless the audited target is on "
         "such an address or --resolve names it";
}

std::function<std::string(const std::string&, int, const sockaddr*, socklen_t)> connection_guard(
    std::shared_ptr<AddressPolicy> policy) {
  return [policy](const std::string& host, int port, const sockaddr* a, socklen_t len) {
    return policy->refuse(host, port, a, len);
  };
}

}  // namespace oit
