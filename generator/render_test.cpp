#include "generator/render.h"

#include <doctest/doctest.h>

using namespace oit;

TEST_CASE("oit meta tags go before </head>") {
  std::string tags = oit_meta_tags({{"O12", "O13"}, 2568, "2025-03-31"});
  CHECK(tags ==
        "<meta name=\"oit:item\" content=\"O12\">\n<meta name=\"oit:item\" content=\"O13\">\n"
        "<meta name=\"oit:fiscal-year\" content=\"2568\">\n<meta name=\"oit:updated\" content=\"2025-03-31\">\n");
  CHECK(inject_head("<html><head><title>x</title></head><body></body></html>", "<m>") ==
        "<html><head><title>x</title><m></head><body></body></html>");
  CHECK(oit_meta_tags({}) == "");
}

TEST_CASE("URL paths with Thai names are percent-encoded and decoded exactly") {
  CHECK(encode_url_path("ข่าว/a b/") == "%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/a%20b/");
  CHECK(base_path_of("https://www.example.go.th/") == "/");
  CHECK(base_path_of("https://agency.go.th/oit") == "/oit/");
}

TEST_CASE("site filters format Thai dates, years, numbers and URLs") {
  SiteConfig site;
  site.base_url = "https://www.example.go.th/";
  tmpl::Environment env;
  register_site_filters(env, site);
  REQUIRE(env.add_template("t", "{{ d | thai_date }}|{{ d | thai_date_short }}|{{ d | be_year }}|{{ d | fiscal_year }}|"
                                "{{ n | number }}|{{ \"/ข่าว/\" | abs_url }}|{{ \"a/\" | rel_url }}",
                           "t.html")
              .ok());
  auto out = env.render("t", {{"d", "2024-10-01"}, {"n", 1234567}}, "test");
  REQUIRE(out.ok());
  CHECK(*out == "1 ตุลาคม 2567|1 ต.ค. 2567|2567|2568|1,234,567|https://www.example.go.th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/|/a/");
  REQUIRE(env.add_template("bad", "{{ \"31/02/2025\" | thai_date }}", "bad.html").ok());
  auto bad = env.render("bad", nlohmann::json::object(), "content/x.md");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().pos.file == "bad.html");
}
