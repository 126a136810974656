#include "generator/config.h"

#include <doctest/doctest.h>

#include <array>

using namespace oit;

namespace {

// A complete, valid site.toml; tests append or replace lines to break one thing at a time.
const std::string kSite =
    "[site]\n"                                          // 1
    "title = \"สำนักงานตัวอย่าง\"\n"                     // 2
    "base_url = \"https://www.example.go.th\"\n"        // 3
    "\n"                                                // 4
    "[agency]\n"                                        // 5
    "name = \"สำนักงานตัวอย่าง\"\n"                      // 6
    "\n"                                                // 7
    "[oit]\n"                                           // 8
    "round = 2568\n";                                   // 9

Error error_of(const std::string& text) {
  auto r = parse_site_config(text, "site.toml");
  REQUIRE_FALSE(r.ok());
  return r.error();
}

std::string where(const Error& e) {
  return e.pos.file + ":" + std::to_string(e.pos.line) + ":" + std::to_string(e.pos.col);
}

}  // namespace

TEST_CASE("edit distance and unknown-key hints") {
  CHECK(edit_distance("titel", "title") == 2);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("round", "round") == 0);
  std::array<std::string_view, 3> keys{"title", "url", "weight"};
  CHECK(unknown_key_hint("titel", keys) == "did you mean `title`?");
  CHECK(unknown_key_hint("wieght", keys) == "did you mean `weight`?");
  CHECK(unknown_key_hint("colour", keys) == "allowed keys: `title`, `url`, `weight`");
}

TEST_CASE("minimal site.toml gets defaults and a normalised base_url") {
  auto r = parse_site_config(kSite, "site.toml");
  REQUIRE_MESSAGE(r.ok(), r.error().str());
  CHECK(r->title == "สำนักงานตัวอย่าง");
  CHECK(r->base_url == "https://www.example.go.th/");
  CHECK(r->language == "th");
  CHECK(r->theme == "default");
  CHECK_FALSE(r->thai_digits);
  CHECK_FALSE(r->unsafe_html);
  CHECK(r->agency.name == "สำนักงานตัวอย่าง");
  CHECK(r->round == 2568);
  CHECK(where(Error{r->round_pos, "", ""}) == "site.toml:9:9");
  CHECK(r->menu_main.empty());
  CHECK(r->feed_section == "news");
  CHECK(r->feed_limit == 20);
}

TEST_CASE("full site.toml with menus sorted by weight, stable") {
  std::string text =
      "[site]\ntitle = \"อบต.ตัวอย่าง\"\ntitle_en = \"Example SAO\"\nbase_url = \"http://example.go.th/sub/\"\n"
      "language = \"en\"\ntheme = \"my-theme\"\ndescription = \"d\"\nthai_digits = true\nunsafe_html = true\n"
      "[agency]\nname = \"n\"\nname_en = \"ne\"\nministry = \"กระทรวงมหาดไทย\"\naddress = \"a\"\nphone = \"0 2123 4567\"\n"
      "email = \"saraban@example.go.th\"\nfax = \"f\"\nmap_url = \"https://maps.example.com/x\"\nhours = \"h\"\n"
      "[oit]\nround = 2569\n"
      "[[menu.main]]\ntitle = \"ข่าว\"\nurl = \"/news/\"\nweight = 20\n"
      "[[menu.main]]\ntitle = \"หน้าแรก\"\nurl = \"/\"\nweight = 10\n"
      "[[menu.main]]\ntitle = \"OIT\"\nurl = \"/oit/\"\nweight = 20\n"
      "[[menu.main]]\ntitle = \"ติดต่อ\"\nurl = \"/contact/\"\n"
      "[[menu.footer]]\ntitle = \"นโยบาย\"\nurl = \"/policy/\"\n"
      "[feed]\nsection = \"announcements\"\nlimit = 5\n";
  auto r = parse_site_config(text, "site.toml");
  REQUIRE_MESSAGE(r.ok(), r.error().str());
  CHECK(r->title_en == "Example SAO");
  CHECK(r->base_url == "http://example.go.th/sub/");
  CHECK(r->language == "en");
  CHECK(r->theme == "my-theme");
  CHECK(r->thai_digits);
  CHECK(r->unsafe_html);
  CHECK(r->agency.ministry == "กระทรวงมหาดไทย");
  CHECK(r->agency.email == "saraban@example.go.th");
  CHECK(r->agency.map_url == "https://maps.example.com/x");
  CHECK(r->agency.hours == "h");
  CHECK(r->round == 2569);
  REQUIRE(r->menu_main.size() == 4);
  CHECK(r->menu_main[0].title == "ติดต่อ");  // weight 0
  CHECK(r->menu_main[1].url == "/");
  CHECK(r->menu_main[2].title == "ข่าว");    // equal weights keep file order
  CHECK(r->menu_main[3].title == "OIT");
  REQUIRE(r->menu_footer.size() == 1);
  CHECK(r->menu_footer[0].url == "/policy/");
  CHECK(r->feed_section == "announcements");
  CHECK(r->feed_limit == 5);
}

TEST_CASE("inline menu arrays are accepted") {
  auto r = parse_site_config(kSite + "[menu]\nmain = [{title = \"a\", url = \"/a/\", weight = 2}, {title = \"b\", url = \"/b/\", weight = 1}]\nfooter = []\n",
                             "site.toml");
  REQUIRE_MESSAGE(r.ok(), r.error().str());
  REQUIRE(r->menu_main.size() == 2);
  CHECK(r->menu_main[0].title == "b");
}

TEST_CASE("TOML syntax errors keep line:col") {
  Error e = error_of("[site]\ntitle = \"ไทย\" ; x\n");
  CHECK(where(e) == "site.toml:2:15");  // columns count characters, not bytes
  CHECK(e.message.find("TOML syntax error") == 0);
}

TEST_CASE("unknown keys and tables name the key and its position, with a hint") {
  SUBCASE("misspelt key in [site]") {
    Error e = error_of("[site]\ntitle = \"t\"\n  titel = \"x\"\nbase_url = \"https://a.go.th\"\n");
    CHECK(where(e) == "site.toml:3:3");
    CHECK(e.message == "unknown key `titel` in [site]");
    CHECK(e.hint == "did you mean `title`?");
  }
  SUBCASE("far-off key lists the allowed keys") {
    Error e = error_of(kSite + "colour = \"red\"\n");
    CHECK(where(e) == "site.toml:10:1");
    CHECK(e.message == "unknown key `colour` in [oit]");
    CHECK(e.hint == "allowed keys: `round`");
  }
  SUBCASE("the first unknown key in the file is reported") {
    Error e = error_of("[agency]\nname = \"n\"\nzzz = 1\naaa = 2\n[site]\ntitle = \"t\"\n");
    CHECK(where(e) == "site.toml:3:1");
  }
  SUBCASE("unknown table") {
    Error e = error_of(kSite + "[agnecy]\nname = \"x\"\n");
    CHECK(where(e) == "site.toml:10:2");
    CHECK(e.message == "unknown table `[agnecy]`");
    CHECK(e.hint == "did you mean `agency`?");
  }
  SUBCASE("top-level key that belongs to a table") {
    Error e = error_of("base_url = \"https://a.go.th/\"\n" + kSite);
    CHECK(where(e) == "site.toml:1:1");
    CHECK(e.message == "unknown key `base_url`");
    CHECK(e.hint == "`base_url` belongs under [site]; move it below that header");
  }
  SUBCASE("unknown key in a menu entry") {
    Error e = error_of(kSite + "[[menu.main]]\ntitle = \"a\"\nurl = \"/\"\nwieght = 3\n");
    CHECK(where(e) == "site.toml:13:1");
    CHECK(e.message == "unknown key `wieght` in [[menu.main]]");
    CHECK(e.hint == "did you mean `weight`?");
  }
  SUBCASE("unknown menu") {
    Error e = error_of(kSite + "[[menu.mian]]\ntitle = \"a\"\nurl = \"/\"\n");
    CHECK(where(e) == "site.toml:10:8");
    CHECK(e.message == "unknown key `mian` in [menu]");
    CHECK(e.hint == "did you mean `main`?");
  }
  SUBCASE("unknown key in [feed]") {
    Error e = error_of(kSite + "[feed]\nlimt = 3\n");
    CHECK(where(e) == "site.toml:11:1");
    CHECK(e.hint == "did you mean `limit`?");
  }
}

TEST_CASE("wrong types say what was expected and what was found") {
  SUBCASE("round as a string") {
    Error e = error_of("[site]\ntitle = \"t\"\nbase_url = \"https://a.go.th\"\n[agency]\nname = \"n\"\n[oit]\nround = \"2568\"\n");
    CHECK(where(e) == "site.toml:7:9");
    CHECK(e.message == "`round` must be an integer like 2568, not a string");
    CHECK(e.hint == "remove the quotes: round = 2568");
  }
  SUBCASE("round as a float") {
    Error e = error_of("[site]\ntitle = \"t\"\nbase_url = \"https://a.go.th\"\n[agency]\nname = \"n\"\n[oit]\nround = 2568.0\n");
    CHECK(e.message == "`round` must be an integer like 2568, not a float");
  }
  SUBCASE("title as an integer") {
    Error e = error_of("[site]\ntitle = 5\n");
    CHECK(where(e) == "site.toml:2:9");
    CHECK(e.message == "`title` must be a string, not an integer");
  }
  SUBCASE("bool as a string") {
    Error e = error_of("[site]\ntitle = \"t\"\nbase_url = \"https://a.go.th\"\nthai_digits = \"yes\"\n");
    CHECK(where(e) == "site.toml:4:15");
    CHECK(e.message == "`thai_digits` must be true or false, not a string");
  }
  SUBCASE("menu written as a single table") {
    Error e = error_of(kSite + "[menu.main]\ntitle = \"a\"\n");
    CHECK(where(e) == "site.toml:10:1");
    CHECK(e.message == "`menu.main` must be a list of [[menu.main]] tables, not a table");
  }
  SUBCASE("site is not a table") {
    Error e = error_of("site = \"x\"\n");
    CHECK(where(e) == "site.toml:1:8");
    CHECK(e.message == "`site` must be a table ([site]), not a string");
  }
  SUBCASE("weight as a string") {
    Error e = error_of(kSite + "[[menu.footer]]\ntitle = \"a\"\nurl = \"/\"\nweight = \"x\"\n");
    CHECK(where(e) == "site.toml:13:10");
    CHECK(e.message == "`weight` must be an integer, not a string");
    CHECK(e.hint.empty());
  }
}

TEST_CASE("ranges of integers") {
  SUBCASE("CE year as round") {
    Error e = error_of("[site]\ntitle = \"t\"\nbase_url = \"https://a.go.th\"\n[agency]\nname = \"n\"\n[oit]\nround = 2025\n");
    CHECK(where(e) == "site.toml:7:9");
    CHECK(e.message == "`round` must be between 2560 and 2600, not 2025");
    CHECK(e.hint == "rounds are Buddhist Era years: 2025 CE is 2568");
  }
  SUBCASE("feed limit") {
    Error e = error_of(kSite + "[feed]\nlimit = 0\n");
    CHECK(where(e) == "site.toml:11:9");
    CHECK(e.message == "`limit` must be between 1 and 1000, not 0");
  }
}

TEST_CASE("missing required keys point at their table") {
  SUBCASE("no title") {
    Error e = error_of("# site\n[site]\nbase_url = \"https://a.go.th\"\n");
    CHECK(where(e) == "site.toml:2:1");
    CHECK(e.message == "[site] is missing `title`");
    CHECK(e.hint == "add `title = \"…\"` to [site]");
  }
  SUBCASE("empty title") {
    Error e = error_of("[site]\ntitle = \"  \"\n");
    CHECK(e.message == "`title` in [site] is empty");
  }
  SUBCASE("no round") {
    Error e = error_of("[site]\ntitle = \"t\"\nbase_url = \"https://a.go.th\"\n[agency]\nname = \"n\"\n[oit]\n");
    CHECK(where(e) == "site.toml:6:1");
    CHECK(e.message == "[oit] is missing `round`");
    CHECK(e.hint == "add `round = 2568` to [oit]");
  }
  SUBCASE("no [agency]") {
    Error e = error_of("[site]\ntitle = \"t\"\nbase_url = \"https://a.go.th\"\n");
    CHECK(e.str() == "site.toml: site.toml has no [agency] table\n  hint: add [agency] with at least name = \"…\"");
  }
  SUBCASE("menu entry without url") {
    Error e = error_of(kSite + "\n[[menu.main]]\ntitle = \"a\"\n");
    CHECK(where(e) == "site.toml:11:1");
    CHECK(e.message == "[[menu.main]] is missing `url`");
  }
}

TEST_CASE("bad base_url and map_url") {
  auto bad = [](const std::string& url) {
    return error_of("[site]\ntitle = \"t\"\nbase_url = \"" + url + "\"\n");
  };
  CHECK(where(bad("www.example.go.th")) == "site.toml:3:12");
  CHECK(bad("www.example.go.th").message ==
        "`base_url` \"www.example.go.th\" is not usable: it has no http:// or https:// in front");
  CHECK(bad("ftp://example.go.th/").message.find("only http and https") != std::string::npos);
  CHECK(bad("https:///path").message.find("no host name") != std::string::npos);
  CHECK(bad("https://example.go.th/a b").message.find("spaces") != std::string::npos);
  CHECK(bad("https://example.go.th/?x=1").message.find("query") != std::string::npos);
  CHECK(bad("https://user@example.go.th/").message.find("user name") != std::string::npos);
  CHECK(parse_site_config("[site]\ntitle = \"t\"\nbase_url = \"HTTPS://A.GO.TH\"\n[agency]\nname = \"n\"\n[oit]\nround = 2568\n",
                          "site.toml")
            .ok());
  Error m = error_of(kSite.substr(0, kSite.find("[oit]")) + "map_url = \"maps.google.com\"\n");
  CHECK(where(m) == "site.toml:8:11");
  CHECK(m.message == "`map_url` \"maps.google.com\" is not usable: it has no http:// or https:// in front");
  // Map links carry queries and fragments; only base_url must not.
  auto ok = parse_site_config(kSite.substr(0, kSite.find("[oit]")) +
                                  "map_url = \"https://www.openstreetmap.org/?mlat=13.88&mlon=100.56#map=17/13.88/100.56\"\n" +
                                  kSite.substr(kSite.find("[oit]")),
                              "site.toml");
  REQUIRE_MESSAGE(ok.ok(), ok.error().str());
  CHECK(ok->agency.map_url == "https://www.openstreetmap.org/?mlat=13.88&mlon=100.56#map=17/13.88/100.56");
}

TEST_CASE("theme and feed section cannot escape their folders") {
  Error t = error_of("[site]\ntitle = \"t\"\nbase_url = \"https://a.go.th\"\ntheme = \"../x\"\n");
  CHECK(where(t) == "site.toml:4:9");
  CHECK(t.message == "`theme` \"../x\" is not a folder name");
  Error f = error_of(kSite + "[feed]\nsection = \"a/b\"\n");
  CHECK(where(f) == "site.toml:11:11");
}

TEST_CASE("BOM and CRLF line ends are read like plain LF files") {
  std::string crlf;
  for (char c : kSite) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  auto r = parse_site_config("\xEF\xBB\xBF" + crlf, "site.toml");
  REQUIRE_MESSAGE(r.ok(), r.error().str());
  CHECK(r->title == "สำนักงานตัวอย่าง");
  CHECK(r->round_pos.line == 9);
  Error e = error_of("\xEF\xBB\xBF[site]\r\ntitle = \"t\"\r\ntitel = 1\r\n");
  CHECK(where(e) == "site.toml:3:1");
}

TEST_CASE("[opendata] is optional; its defaults keep strings, lists and positions") {
  auto none = parse_site_config(kSite, "site.toml");
  REQUIRE(none.ok());
  CHECK_FALSE(none->opendata.present);
  CHECK(none->opendata.defaults.empty());

  auto r = parse_site_config(kSite +
                                 "\n[opendata]\n"                                   // 10, 11
                                 "ocid_prefix = \"ocds-abc123\"\n"                  // 12
                                 "license_id = \"Creative Commons Attributions\"\n" // 13
                                 "objective = [\"พันธกิจหน่วยงาน\", \"กฎหมายที่เกี่ยวข้อง\"]\n"  // 14
                                 "license_url = \"https://creativecommons.org/licenses/by/4.0/\"\n",
                             "site.toml");
  REQUIRE(r.ok());
  const OpenDataConfig& od = r->opendata;
  CHECK(od.present);
  CHECK(od.ocid_prefix == "ocds-abc123");
  CHECK(od.ocid_prefix_pos.line == 12);
  CHECK(od.license_url == "https://creativecommons.org/licenses/by/4.0/");
  REQUIRE(od.defaults.size() == 2);  // ocid_prefix and license_url are settings, not field defaults
  CHECK(od.defaults.at("license_id").values == std::vector<std::string>{"Creative Commons Attributions"});
  CHECK_FALSE(od.defaults.at("license_id").is_list);
  CHECK(od.defaults.at("license_id").pos.line == 13);
  CHECK(od.defaults.at("objective").is_list);
  CHECK(od.defaults.at("objective").values == std::vector<std::string>{"พันธกิจหน่วยงาน", "กฎหมายที่เกี่ยวข้อง"});
  CHECK(od.defaults.at("objective").pos.line == 14);
}

TEST_CASE("[opendata] errors: unknown keys, bad ocid prefix, wrong types, bad licence URL") {
  Error unknown = error_of(kSite + "\n[opendata]\nlicence_id = \"x\"\n");
  CHECK(where(unknown) == "site.toml:12:1");
  CHECK(unknown.message == "unknown key `licence_id` in [opendata]");
  CHECK(unknown.hint == "did you mean `license_id`?");

  Error title = error_of(kSite + "\n[opendata]\ntitle = \"x\"\n");
  CHECK(title.message == "unknown key `title` in [opendata]");

  Error prefix = error_of(kSite + "\n[opendata]\nocid_prefix = \"ocds-ABC\"\n");
  CHECK(where(prefix) == "site.toml:12:15");
  CHECK(prefix.message == "`ocid_prefix` \"ocds-ABC\" is not an OCDS prefix");
  CHECK(prefix.hint.find("ocds-213czf") != std::string::npos);

  Error number = error_of(kSite + "\n[opendata]\ngeo_coverage = 5\n");
  CHECK(where(number) == "site.toml:12:16");
  CHECK(number.message == "`geo_coverage` in [opendata] must be a string or a list of strings, not an integer");

  Error in_list = error_of(kSite + "\n[opendata]\nobjective = [\"a\", 2]\n");
  CHECK(where(in_list) == "site.toml:12:19");

  Error url = error_of(kSite + "\n[opendata]\nlicense_url = \"creativecommons.org\"\n");
  CHECK(url.message == "`license_url` \"creativecommons.org\" is not usable: it has no http:// or https:// in front");

  Error table = error_of("opendata = 1\n" + kSite);
  CHECK(table.message == "`opendata` must be a table ([opendata]), not an integer");
}

TEST_CASE("TomlGuard: characters toml++ 3.3 cannot classify never reach it, and come back in strings") {
  // fuzz/regressions/frontmatter_meta/*: U+FEFE at a line start, U+2E38 in a bare value reached
  // __builtin_unreachable inside toml++.
  Error e = error_of("[site]\ntitle = \"t\"\n\xEF\xBB\xBEtitle_en = \"x\"\n");
  CHECK(where(e) == "site.toml:3:1");
  CHECK(e.message == "TOML syntax error: `\xEF\xBB\xBE` (U+FEFE) cannot stand outside a string");
  e = error_of("[site]\ntitle = สำนักงาน\n");
  CHECK(where(e) == "site.toml:2:9");
  CHECK(e.message == "TOML syntax error: `ส` (U+0E2A) cannot stand outside a string");
  CHECK(e.hint == "put text in \"double quotes\", e.g. title = \"…\"");
  e = error_of("[site]\ntitle = \"x\"\nbase_url = 3 3\n");  // an ASCII mistake keeps toml++'s description
  CHECK(e.message.find("cannot stand outside") == std::string::npos);
  auto r = parse_site_config("[site]\ntitle = \"Café © 25°C ×2 Ωмир ガ ﻼ\"\nbase_url = \"https://a.go.th\"\n"
                             "[agency]\nname = \"é\"\n[oit]\nround = 2568\n[[menu.main]]\ntitle = \"©\"\nurl = \"/\"\n"
                             "[opendata]\nmaintainer = [\"Zoë\"]\n",
                             "site.toml");
  REQUIRE_MESSAGE(r.ok(), r.error().str());
  CHECK(r->title == "Café © 25°C ×2 Ωмир ガ ﻼ");
  CHECK(r->agency.name == "é");
  CHECK(r->menu_main.at(0).title == "©");
  CHECK(r->opendata.defaults.at("maintainer").values == std::vector<std::string>{"Zoë"});
  CHECK(r->round_pos.line == 7);

  TomlGuard g("a = \"é\U000F0000\"  # ©\n");
  CHECK(g.text().find("é") == std::string::npos);
  CHECK(g.text().find("©") == std::string::npos);
  CHECK(g.text().find("\U000F0000") != std::string::npos);  // a character already in the text is never a stand-in
  CHECK(g.restore(g.text()) == "a = \"é\U000F0000\"  # ©\n");
  TomlGuard thai("a = \"ไทย\"\n");  // Thai is classified correctly and passes untouched
  CHECK(thai.text() == "a = \"ไทย\"\n");
}

TEST_CASE("menu URLs cannot carry script: only paths and http(s), mailto, tel") {
  auto menu = [](const std::string& url) {
    return kSite + "\n[[menu.main]]\ntitle = \"x\"\nurl = \"" + url + "\"\n";
  };
  for (std::string ok : {"/news/", "news/", "#main", "https://www.example.go.th/a?b=c:d", "//cdn.example.go.th/x",
                         "mailto:saraban@example.go.th", "TEL:021234567", "/a:b/"}) {
    CAPTURE(ok);
    CHECK(parse_site_config(menu(ok), "site.toml").ok());
  }
  Error e = error_of(menu("javascript:alert(1)"));
  CHECK(where(e) == "site.toml:13:7");
  CHECK(e.message == "menu `url` \"javascript:alert(1)\" is not usable: links with `javascript:` are not allowed "
                     "(only http, https, mailto, tel and sms, and links within the site)");
  // Issue 11 case 3: browsers read \\evil.example\x as //evil.example/x; the same link in Markdown was refused.
  Error share = error_of(menu("\\\\\\\\evil.example\\\\x"));
  CHECK(where(share) == "site.toml:13:7");
  CHECK(share.message == "menu `url` \"\\\\evil.example\\x\" is a path on a network share (browsers read it as "
                         "//evil.example/…, another site), not a web address");
  CHECK(error_of(menu("/\\\\evil.example/x")).message.find("network share") != std::string::npos);
  CHECK(error_of(menu("https:\\\\\\\\evil.example")).message.find("backslash") != std::string::npos);
  CHECK(error_of(menu("https://www.example.go.th@evil.example/")).message.find("user name") != std::string::npos);
  CHECK(error_of(menu("JaVaScRiPt:alert(1)")).message.find("`javascript:` are not allowed") != std::string::npos);
  CHECK(error_of(menu("java\\tscript:alert(1)")).message.find("control characters") != std::string::npos);
  CHECK(error_of(menu(" javascript:alert(1)")).message.find("starts or ends with a space") != std::string::npos);
  CHECK(error_of(menu("data:text/html,<script>alert(1)</script>")).message.find("`data:`") != std::string::npos);
  CHECK(error_of(menu("vbscript:msgbox")).message.find("`vbscript:`") != std::string::npos);
  CHECK_FALSE(parse_site_config(menu(""), "site.toml").ok());
}

TEST_CASE("[languages.en] declares English: title, description, its own menus") {
  auto plain = parse_site_config(kSite, "site.toml");
  REQUIRE(plain);
  CHECK_FALSE(plain->english);

  auto c = parse_site_config(kSite +
                                 "[languages.en]\n"                               // 10
                                 "title = \"Example Office\"\n"                   // 11
                                 "description = \"Who we are\"\n"                 // 12
                                 "[[languages.en.menu.main]]\n"                   // 13
                                 "title = \"Contact\"\nurl = \"/en/contact/\"\nweight = 2\n"
                                 "[[languages.en.menu.main]]\n"
                                 "title = \"Home\"\nurl = \"/en/\"\nweight = 1\n",
                             "site.toml");
  REQUIRE(c);
  REQUIRE(c->english);
  CHECK(c->english->title == "Example Office");
  CHECK(c->english->description == "Who we are");
  REQUIRE(c->english->menu_main.size() == 2);
  CHECK(c->english->menu_main[0].url == "/en/");  // sorted by weight like the Thai menus
  CHECK(c->english->menu_footer.empty());

  // The English title defaults to [site] title_en; with neither it is an error.
  auto from_site = parse_site_config("[site]\ntitle_en = \"Example Office\"\n" + kSite.substr(7) + "[languages.en]\n", "site.toml");
  REQUIRE(from_site);
  CHECK(from_site->english->title == "Example Office");
  Error no_title = error_of(kSite + "[languages.en]\n");
  CHECK(where(no_title) == "site.toml:10:1");
  CHECK(no_title.message == "[languages.en] has no English title");

  Error other = error_of(kSite + "[languages.fr]\ntitle = \"Bureau\"\n");
  CHECK(where(other) == "site.toml:10:12");
  CHECK(other.message == "unknown key `fr` in [languages]");
  Error key = error_of(kSite + "[languages.en]\ntitle = \"Example Office\"\nmenus = 1\n");
  CHECK(where(key) == "site.toml:12:1");
  CHECK(key.hint == "did you mean `menu`?");
  Error entry = error_of(kSite + "[languages.en]\ntitle = \"Example Office\"\n[[languages.en.menu.main]]\ntitle = \"Home\"\n");
  CHECK(entry.message == "[[languages.en.menu.main]] is missing `url`");
}

TEST_CASE("a control character written as an escape in a site.toml string is refused at its place") {
  std::string text = kSite;
  text.replace(text.find("name = \"สำนักงานตัวอย่าง\""), std::string("name = \"สำนักงานตัวอย่าง\"").size(),
               "name = \"สำนัก\\u000Bงาน\"");
  Error e = error_of(text);
  CHECK(where(e) == "site.toml:6:8");
  CHECK(e.message == "control character U+000B in `name` (character 6): feeds and web pages cannot hold it");
  CHECK(e.hint.find("delete the character") == 0);
  // A tab is text, not a control character to refuse.
  std::string tab = kSite;
  tab.replace(tab.find("title = \"สำนักงานตัวอย่าง\""), std::string("title = \"สำนักงานตัวอย่าง\"").size(),
              "title = \"สำนักงาน\\tตัวอย่าง\"");
  CHECK(parse_site_config(tab, "site.toml").ok());
}
