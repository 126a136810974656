#include "checks/address_policy.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>

#include <cstring>

using namespace oit;

namespace {

// A socket address for a textual IPv4 or IPv6 address, as curl hands it to the open-socket callback.
struct Addr {
  sockaddr_storage storage{};
  socklen_t len = 0;
  explicit Addr(const char* text) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      len = sizeof *v4;
    } else {
      REQUIRE(inet_pton(AF_INET6, text, &v6->sin6_addr) == 1);
      v6->sin6_family = AF_INET6;
      len = sizeof *v6;
    }
  }
  const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

AddressKind kind(const char* text) {
  Addr a(text);
  return classify_address(a.sa(), a.len);
}

}  // namespace

TEST_CASE("classify_address tells public addresses from loopback, link-local, private and the rest") {
  CHECK(kind("8.8.8.8") == AddressKind::Public);
  CHECK(kind("203.150.1.1") == AddressKind::Public);
  CHECK(kind("2001:4860:4860::8888") == AddressKind::Public);
  CHECK(kind("127.0.0.1") == AddressKind::Loopback);
  CHECK(kind("127.255.255.254") == AddressKind::Loopback);
  CHECK(kind("::1") == AddressKind::Loopback);
  CHECK(kind("169.254.169.254") == AddressKind::LinkLocal);
  CHECK(kind("fe80::1") == AddressKind::LinkLocal);
  CHECK(kind("febf::1") == AddressKind::LinkLocal);
  CHECK(kind("10.1.2.3") == AddressKind::Private);
  CHECK(kind("172.16.0.1") == AddressKind::Private);
  CHECK(kind("172.31.255.255") == AddressKind::Private);
  CHECK(kind("172.32.0.1") == AddressKind::Public);  // just outside 172.16/12
  CHECK(kind("172.15.255.255") == AddressKind::Public);
  CHECK(kind("192.168.1.1") == AddressKind::Private);
  CHECK(kind("fc00::1") == AddressKind::Private);
  CHECK(kind("fd12:3456::1") == AddressKind::Private);
  CHECK(kind("100.64.0.1") == AddressKind::SharedCgnat);
  CHECK(kind("100.127.255.255") == AddressKind::SharedCgnat);
  CHECK(kind("100.128.0.1") == AddressKind::Public);
  CHECK(kind("0.0.0.0") == AddressKind::Unspecified);  // Linux connects 0.0.0.0 to the local host
  CHECK(kind("0.1.2.3") == AddressKind::Unspecified);
  CHECK(kind("::") == AddressKind::Unspecified);
  CHECK(kind("224.0.0.1") == AddressKind::Multicast);
  CHECK(kind("ff02::1") == AddressKind::Multicast);
  CHECK(kind("255.255.255.255") == AddressKind::Reserved);
  CHECK(kind("192.0.2.1") == AddressKind::Reserved);
  // IPv6 spellings of IPv4 addresses are judged by the IPv4 address inside.
  CHECK(kind("::ffff:127.0.0.1") == AddressKind::Loopback);
  CHECK(kind("::ffff:169.254.169.254") == AddressKind::LinkLocal);
  CHECK(kind("::ffff:8.8.8.8") == AddressKind::Public);
  CHECK(kind("64:ff9b::a9fe:a9fe") == AddressKind::LinkLocal);
  CHECK(kind("::127.0.0.1") == AddressKind::Reserved);
  CHECK(classify_address(nullptr, 0) == AddressKind::Reserved);
  CHECK(classify_address_text("[::1]") == AddressKind::Loopback);
  CHECK(classify_address_text("www.example.go.th") == std::nullopt);
}

TEST_CASE("AddressPolicy refuses non-public addresses a public site points the checker at") {
  AddressPolicy p("https://www.agency.go.th/", {});
  CHECK(p.refuse("www.agency.go.th", 443, Addr("203.150.1.1").sa(), Addr("203.150.1.1").len).empty());
  Addr meta("169.254.169.254");
  std::string why = p.refuse("169.254.169.254", 80, meta.sa(), meta.len);
  CHECK(why.find("169.254.169.254 is a link-local address") != std::string::npos);
  Addr lo("127.0.0.2");
  CHECK_FALSE(p.refuse("evil.example", 80, lo.sa(), lo.len).empty());  // a name resolving to loopback
  Addr intranet("10.0.0.5");
  CHECK_FALSE(p.refuse("intranet", 80, intranet.sa(), intranet.len).empty());
}

TEST_CASE("AddressPolicy allows the user's --resolve mappings, for their host and port only") {
  AddressPolicy p("http://agency.example:8080/", {"agency.example:8080:127.0.0.1", "+cdn.example:443:[::1],127.0.0.3"});
  Addr one("127.0.0.1"), two("127.0.0.2"), three("127.0.0.3"), v6("::1");
  CHECK(p.refuse("agency.example", 8080, one.sa(), one.len).empty());
  CHECK(p.refuse("AGENCY.example", 8080, one.sa(), one.len).empty());
  CHECK_FALSE(p.refuse("agency.example", 8081, one.sa(), one.len).empty());  // another port
  CHECK_FALSE(p.refuse("agency.example", 8080, two.sa(), two.len).empty());  // another address
  CHECK(p.refuse("cdn.example", 443, v6.sa(), v6.len).empty());
  CHECK(p.refuse("cdn.example", 443, three.sa(), three.len).empty());
  // The target is --resolve'd: loopback is allowed for it, not for the redirects it sends elsewhere.
  CHECK_FALSE(p.refuse("127.0.0.2", 9000, two.sa(), two.len).empty());
  CHECK_FALSE(p.refuse("localhost", 9000, one.sa(), one.len).empty());
}

TEST_CASE("AddressPolicy keeps checking a local build: the target's own kind of address is allowed") {
  AddressPolicy literal("http://127.0.0.1:8080/", {});
  Addr one("127.0.0.1"), two("127.0.0.2"), meta("169.254.169.254"), ten("10.0.0.1");
  CHECK(literal.refuse("127.0.0.1", 8080, one.sa(), one.len).empty());
  CHECK(literal.refuse("localhost", 9090, two.sa(), two.len).empty());  // the build's other loopback servers
  CHECK_FALSE(literal.refuse("x", 80, meta.sa(), meta.len).empty());   // never the metadata service
  CHECK_FALSE(literal.refuse("x", 80, ten.sa(), ten.len).empty());

  // A target by name: its first connection tells its kind.
  AddressPolicy named("http://staging.agency.local/", {});
  CHECK_FALSE(named.refuse("other.local", 80, ten.sa(), ten.len).empty());  // before the target is reached
  CHECK(named.refuse("staging.agency.local", 80, ten.sa(), ten.len).empty());
  CHECK(named.refuse("other.local", 80, ten.sa(), ten.len).empty());
  CHECK_FALSE(named.refuse("staging.agency.local", 80, meta.sa(), meta.len).empty());  // DNS rebinding

  AddressPolicy folder("", {});
  CHECK_FALSE(folder.refuse("127.0.0.1", 80, one.sa(), one.len).empty());
}
