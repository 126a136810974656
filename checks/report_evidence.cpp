#include "checks/report_evidence.h"

#include "checks/report_common.h"
#include "core/control_chars.h"
#include "core/template_values.h"

namespace oit {
namespace {

using namespace report_detail;

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Bidirectional overrides and isolates: a quote must not reorder the report's text around it.
bool is_bidi_control(char32_t c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

std::string quote_text(const EvidenceQuote& q) { return bounded_evidence_text(q.quote, kMaxQuoteChars); }
std::string where_text(const EvidenceQuote& q) {
  std::string w = bounded_evidence_text(q.where, kMaxEvidenceFieldChars);
  return q.ocr ? w + (w.empty() ? "" : ", ") + "OCR" : w;
}
std::string field(std::string_view s) { return bounded_evidence_text(s, kMaxEvidenceFieldChars); }

// Manual checks that are not already an element in state Manual (the audit may name one in both).
std::vector<std::string> extra_manual_checks(const ItemResult& it) {
  std::vector<std::string> out;
  for (const auto& m : it.manual_checks) {
    bool listed = false;
    for (const auto& e : it.elements) listed = listed || (e.state == ElementState::Manual && e.text == m);
    for (const auto& o : out) listed = listed || o == m;
    if (!listed) out.push_back(m);
  }
  return out;
}

std::string_view verdict_en(std::string_view v) {
  if (v == "right") return "the right year";
  if (v == "wrong") return "not the year asked";
  if (v == "unknown") return "a person must look";
  return "";
}

std::string_view verdict_th(std::string_view v) {
  if (v == "right") return "ตรงตามปีที่เกณฑ์กำหนด";
  if (v == "wrong") return "ไม่ตรงตามปีที่เกณฑ์กำหนด";
  if (v == "unknown") return "ยืนยันไม่ได้ ผู้ตรวจต้องดูเอง";
  return "";
}

std::string_view grade_name(Grade g) { return g == Grade::A ? "A" : g == Grade::B ? "B" : "C"; }

// "where" with its web address, when it holds one, as a link; the rest escaped as text.
std::string where_html(const std::string& where) {
  size_t at = where.find("https://");
  if (at == std::string::npos) at = where.find("http://");
  if (at == std::string::npos) return xml_escape(where);
  size_t end = where.find_first_of(" \t\"'<>", at);
  if (end == std::string::npos) end = where.size();
  while (end > at && (where[end - 1] == ',' || where[end - 1] == ')' || where[end - 1] == '.')) --end;
  std::string url = where.substr(at, end - at);
  return xml_escape(where.substr(0, at)) + "<a class=\"url\" href=\"" + xml_escape(url) + "\">" + xml_escape(url) +
         "</a>" + xml_escape(where.substr(end));
}

// GFM inline text: every character that could start markup, a link or an HTML tag is backslash-escaped.
std::string md_text(std::string_view s) {
  std::string r;
  for (char c : s) {
    if (std::string_view("\\`*_[]<>|#~&!").find(c) != std::string_view::npos) r += '\\';
    r += c;
  }
  return r;
}

// As where_html, for Markdown: the web address as an autolink when it can be one.
std::string where_markdown(const std::string& where) {
  size_t at = where.find("https://");
  if (at == std::string::npos) at = where.find("http://");
  if (at == std::string::npos) return md_text(where);
  size_t end = where.find_first_of(" \t", at);
  if (end == std::string::npos) end = where.size();
  std::string url = where.substr(at, end - at);
  if (url.find_first_of("<>\\`|\"'") != std::string::npos) return md_text(where);
  return md_text(where.substr(0, at)) + "<" + url + ">" + md_text(where.substr(end));
}

}  // namespace

std::string bounded_evidence_text(std::string_view s, size_t max_chars) {
  std::vector<std::pair<char32_t, size_t>> kept;  // code point, byte offset in `line`
  std::string line;
  bool space = false;
  for (size_t i = 0; i < s.size() && kept.size() <= max_chars;) {
    char32_t c = next_code_point(s, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || is_forbidden_char(c)) {
      space = !kept.empty();
      continue;
    }
    if (is_bidi_control(c)) continue;
    if (space) {
      kept.push_back({U' ', line.size()});
      line += ' ';
      space = false;
    }
    kept.push_back({c, line.size()});
    append_utf8(line, c);
  }
  if (kept.size() <= max_chars) return line;
  size_t keep = max_chars ? max_chars - 1 : 0;  // room for "…"
  while (keep > 0 && tmpl::is_combining(kept[keep].first)) --keep;
  line.resize(kept[keep].second);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "…";
}

std::string_view to_string(ElementState s) {
  switch (s) {
    case ElementState::Found:
      return "found";
    case ElementState::Missing:
      return "missing";
    case ElementState::Uncertain:
      return "uncertain";
    case ElementState::Manual:
      return "manual";
  }
  return "";
}

std::optional<ElementState> parse_element_state(std::string_view s) {
  for (auto st : {ElementState::Found, ElementState::Missing, ElementState::Uncertain, ElementState::Manual})
    if (to_string(st) == s) return st;
  return std::nullopt;
}

bool has_evidence(const ItemResult& it) {
  return !it.elements.empty() || it.period || !it.manual_checks.empty() || !it.scope.empty();
}

std::vector<std::string> evidence_lines(const ItemResult& it, bool color) {
  auto paint = [&](const char* code, std::string_view s) {
    return color ? std::string("\x1b[") + code + "m" + std::string(s) + "\x1b[0m" : std::string(s);
  };
  auto quoted = [](const EvidenceQuote& q) {
    std::string w = where_text(q);
    return "«" + quote_text(q) + "»" + (w.empty() ? "" : " (" + w + ")");
  };
  std::vector<std::string> lines;
  if (!it.scope.empty()) lines.push_back("scope: the block «" + field(it.scope) + "» of a page with several items");
  size_t listed = 0;
  for (const auto& e : it.elements) {
    if (listed++ == kMaxElementsListed) break;
    std::string text = field(e.text.empty() ? e.key : e.text);
    std::string looked = field(e.looked_for);
    switch (e.state) {
      case ElementState::Found:
        lines.push_back(paint("32", "✓") + " " + text + " — " +
                        (e.evidence ? quoted(*e.evidence) : "found (no quote kept)"));
        break;
      case ElementState::Missing:
        lines.push_back(paint("31", "✗") + " " + text + " — " +
                        (looked.empty() ? "not found" : "looked for " + looked + ", not found"));
        break;
      case ElementState::Uncertain:
        lines.push_back(paint("33", "?") + " " + text + " — a person must look" +
                        (looked.empty() ? "" : " (looked for " + looked + ")") +
                        (e.evidence ? "; seen " + quoted(*e.evidence) : ""));
        break;
      case ElementState::Manual:
        lines.push_back(paint("33", "ตรวจด้วยตนเอง:") + " " + text);
        break;
    }
  }
  if (it.elements.size() > kMaxElementsListed)
    lines.push_back("… " + std::to_string(it.elements.size() - kMaxElementsListed) + " more elements not listed");
  auto manual = extra_manual_checks(it);
  for (size_t i = 0; i < manual.size() && i < kMaxElementsListed; ++i)
    lines.push_back(paint("33", "ตรวจด้วยตนเอง:") + " " + field(manual[i]));
  if (manual.size() > kMaxElementsListed)
    lines.push_back("… " + std::to_string(manual.size() - kMaxElementsListed) + " more manual checks not listed");
  if (it.period) {
    const auto& p = *it.period;
    std::string l = "fiscal year" + (p.expected_fy ? " " + std::to_string(p.expected_fy) : std::string());
    std::string_view v = verdict_en(p.verdict);
    l += v.empty() ? ":" : ": " + std::string(v) + ";";
    if (p.evidence.empty()) l += " no fiscal year found";
    for (size_t i = 0; i < p.evidence.size() && i < kMaxPeriodQuotesListed; ++i)
      l += (i ? "; " : " found ") + quoted(p.evidence[i]);
    if (p.evidence.size() > kMaxPeriodQuotesListed)
      l += "; … " + std::to_string(p.evidence.size() - kMaxPeriodQuotesListed) + " more";
    lines.push_back(l);
  }
  return lines;
}

void add_evidence_json(nlohmann::ordered_json& item, const ItemResult& it) {
  using J = nlohmann::ordered_json;
  auto or_null = [](const std::string& s) { return s.empty() ? J(nullptr) : J(s); };
  if (!it.scope.empty()) item["scope"] = field(it.scope);
  if (!it.elements.empty()) {
    J elements = J::array();
    for (size_t i = 0; i < it.elements.size() && i < kMaxElementsListed; ++i) {
      const auto& e = it.elements[i];
      J je{{"key", field(e.key)},
           {"text", field(e.text)},
           {"grade", grade_name(e.grade)},
           {"state", to_string(e.state)},
           {"quote", e.evidence ? J(quote_text(*e.evidence)) : J(nullptr)},
           {"where", e.evidence ? or_null(field(e.evidence->where)) : J(nullptr)},
           {"looked_for", or_null(field(e.looked_for))}};
      if (e.evidence && e.evidence->ocr) je["ocr"] = true;
      elements.push_back(std::move(je));
    }
    item["elements"] = std::move(elements);
    if (it.elements.size() > kMaxElementsListed) item["elements_not_listed"] = it.elements.size() - kMaxElementsListed;
  }
  if (it.period) {
    J evidence = J::array();
    for (const auto& q : it.period->evidence) {
      J jq{{"quote", quote_text(q)}, {"where", or_null(field(q.where))}};
      if (q.ocr) jq["ocr"] = true;
      evidence.push_back(std::move(jq));
    }
    item["period"] = J{{"expected_fiscal_year", it.period->expected_fy ? J(it.period->expected_fy) : J(nullptr)},
                       {"verdict", or_null(it.period->verdict)},
                       {"evidence", std::move(evidence)}};
  }
  if (!it.manual_checks.empty()) {
    J manual = J::array();
    for (size_t i = 0; i < it.manual_checks.size() && i < kMaxElementsListed; ++i)
      manual.push_back(field(it.manual_checks[i]));
    item["manual_checks"] = std::move(manual);
  }
}

void read_evidence_json(const nlohmann::json& item, ItemResult& it) {
  auto str = [](const nlohmann::json& o, const char* k) {
    return o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
  };
  auto quote = [&](const nlohmann::json& o) {
    EvidenceQuote q{bounded_evidence_text(str(o, "quote"), kMaxQuoteChars), field(str(o, "where")), false};
    q.ocr = o.contains("ocr") && o["ocr"].is_boolean() && o["ocr"].get<bool>();
    return q;
  };
  it.scope = field(str(item, "scope"));
  if (item.contains("elements") && item["elements"].is_array())
    for (const auto& e : item["elements"]) {
      if (!e.is_object()) continue;
      auto state = parse_element_state(str(e, "state"));
      if (!state) continue;
      ElementResult er;
      er.key = field(str(e, "key"));
      er.text = field(str(e, "text"));
      std::string g = str(e, "grade");
      er.grade = g == "A" ? Grade::A : g == "B" ? Grade::B : Grade::C;
      er.state = *state;
      if (e.contains("quote") && e["quote"].is_string()) er.evidence = quote(e);
      er.looked_for = field(str(e, "looked_for"));
      it.elements.push_back(std::move(er));
    }
  if (item.contains("period") && item["period"].is_object()) {
    const auto& p = item["period"];
    PeriodResult pr;
    if (p.contains("expected_fiscal_year") && p["expected_fiscal_year"].is_number_integer())
      pr.expected_fy = p["expected_fiscal_year"].get<int>();
    pr.verdict = str(p, "verdict");
    if (pr.verdict != "right" && pr.verdict != "wrong" && pr.verdict != "unknown") pr.verdict.clear();
    if (p.contains("evidence") && p["evidence"].is_array())
      for (const auto& q : p["evidence"])
        if (q.is_object()) pr.evidence.push_back(quote(q));
    it.period = std::move(pr);
  }
  if (item.contains("manual_checks") && item["manual_checks"].is_array())
    for (const auto& m : item["manual_checks"])
      if (m.is_string()) it.manual_checks.push_back(field(m.get<std::string>()));
}

std::string evidence_html(const ItemResult& it) {
  if (!has_evidence(it)) return {};
  auto quoted = [](const EvidenceQuote& q) {
    std::string w = where_text(q);
    return "<q>" + xml_escape(quote_text(q)) + "</q>" +
           (w.empty() ? "" : " <span class=\"where\">(" + where_html(w) + ")</span>");
  };
  std::string out = "<div class=\"evidence\">";
  if (!it.scope.empty())
    out += "<p class=\"note\">ตรวจเฉพาะส่วน “" + xml_escape(field(it.scope)) + "” ของหน้าที่รวมหลายข้อ</p>";
  if (!it.elements.empty()) {
    out += "<ul class=\"elements\">";
    for (size_t i = 0; i < it.elements.size() && i < kMaxElementsListed; ++i) {
      const auto& e = it.elements[i];
      std::string text = xml_escape(field(e.text.empty() ? e.key : e.text));
      std::string looked = xml_escape(field(e.looked_for));
      out += "<li class=\"" + std::string(to_string(e.state)) + "\">";
      switch (e.state) {
        case ElementState::Found:
          out +=
              "<span class=\"mark\">✓ พบ</span> " + text + (e.evidence ? " — " + quoted(*e.evidence) : std::string());
          break;
        case ElementState::Missing:
          out += "<span class=\"mark\">✗ ไม่พบ</span> " + text +
                 (looked.empty() ? std::string() : " — สิ่งที่มองหา: " + looked);
          break;
        case ElementState::Uncertain:
          out += "<span class=\"mark\">? ผู้ตรวจต้องดูเอง</span> " + text +
                 (looked.empty() ? std::string() : " — สิ่งที่มองหา: " + looked) +
                 (e.evidence ? " — ที่พบ: " + quoted(*e.evidence) : std::string());
          break;
        case ElementState::Manual:
          out += "<span class=\"mark\">ตรวจด้วยตนเอง</span> " + text;
          break;
      }
      out += "</li>";
    }
    if (it.elements.size() > kMaxElementsListed)
      out += "<li>และอีก " + std::to_string(it.elements.size() - kMaxElementsListed) + " องค์ประกอบ (ดูรายงาน JSON)</li>";
    out += "</ul>";
  }
  auto manual = extra_manual_checks(it);
  if (!manual.empty()) {
    out += "<p class=\"manual-head\"><strong>ตรวจด้วยตนเอง</strong></p><ul class=\"manual\">";
    for (size_t i = 0; i < manual.size() && i < kMaxElementsListed; ++i)
      out += "<li>" + xml_escape(field(manual[i])) + "</li>";
    if (manual.size() > kMaxElementsListed)
      out += "<li>และอีก " + std::to_string(manual.size() - kMaxElementsListed) + " รายการ</li>";
    out += "</ul>";
  }
  if (it.period) {
    const auto& p = *it.period;
    out += "<p class=\"period\">ปีงบประมาณ" +
           (p.expected_fy ? "ที่เกณฑ์กำหนด " + std::to_string(p.expected_fy) : std::string()) +
           (verdict_th(p.verdict).empty() ? std::string() : " — " + std::string(verdict_th(p.verdict))) +
           (p.evidence.empty() ? " — ไม่พบปีงบประมาณในหน้าหรือเอกสาร" : std::string()) + "</p>";
    if (!p.evidence.empty()) {
      out += "<ul class=\"period-quotes\">";
      for (size_t i = 0; i < p.evidence.size() && i < kMaxPeriodQuotesListed; ++i)
        out += "<li>" + quoted(p.evidence[i]) + "</li>";
      if (p.evidence.size() > kMaxPeriodQuotesListed)
        out += "<li>และอีก " + std::to_string(p.evidence.size() - kMaxPeriodQuotesListed) + " แห่ง</li>";
      out += "</ul>";
    }
  }
  return out + "</div>";
}

std::string evidence_markdown(const ItemResult& it) {
  if (!has_evidence(it)) return {};
  auto quoted = [](const EvidenceQuote& q) {
    std::string w = where_text(q);
    return "«" + md_text(quote_text(q)) + "»" + (w.empty() ? "" : " (" + where_markdown(w) + ")");
  };
  std::string out = "#### " + md_text(field(it.id)) + " " + md_text(field(it.title)) + "\n\n";
  if (!it.scope.empty()) out += "ตรวจเฉพาะส่วน “" + md_text(field(it.scope)) + "” ของหน้าที่รวมหลายข้อ\n\n";
  for (size_t i = 0; i < it.elements.size() && i < kMaxElementsListed; ++i) {
    const auto& e = it.elements[i];
    std::string text = md_text(field(e.text.empty() ? e.key : e.text));
    std::string looked = md_text(field(e.looked_for));
    switch (e.state) {
      case ElementState::Found:
        out += "- ✅ พบ: " + text + (e.evidence ? " — " + quoted(*e.evidence) : std::string()) + "\n";
        break;
      case ElementState::Missing:
        out += "- ❌ ไม่พบ: " + text + (looked.empty() ? std::string() : " — สิ่งที่มองหา: " + looked) + "\n";
        break;
      case ElementState::Uncertain:
        out += "- ❔ ผู้ตรวจต้องดูเอง: " + text + (looked.empty() ? std::string() : " — สิ่งที่มองหา: " + looked) +
               (e.evidence ? " — ที่พบ: " + quoted(*e.evidence) : std::string()) + "\n";
        break;
      case ElementState::Manual:
        out += "- 👁️ ตรวจด้วยตนเอง: " + text + "\n";
        break;
    }
  }
  if (it.elements.size() > kMaxElementsListed)
    out += "- และอีก " + std::to_string(it.elements.size() - kMaxElementsListed) + " องค์ประกอบ (ดูรายงาน JSON)\n";
  auto manual = extra_manual_checks(it);
  for (size_t i = 0; i < manual.size() && i < kMaxElementsListed; ++i)
    out += "- 👁️ ตรวจด้วยตนเอง: " + md_text(field(manual[i])) + "\n";
  if (manual.size() > kMaxElementsListed)
    out += "- และอีก " + std::to_string(manual.size() - kMaxElementsListed) + " รายการที่ต้องตรวจด้วยตนเอง\n";
  if (it.period) {
    const auto& p = *it.period;
    out += "- 📅 ปีงบประมาณ" + (p.expected_fy ? "ที่เกณฑ์กำหนด " + std::to_string(p.expected_fy) : std::string()) +
           (verdict_th(p.verdict).empty() ? std::string() : " — " + std::string(verdict_th(p.verdict))) +
           (p.evidence.empty() ? " — ไม่พบปีงบประมาณในหน้าหรือเอกสาร" : std::string()) + "\n";
    for (size_t i = 0; i < p.evidence.size() && i < kMaxPeriodQuotesListed; ++i)
      out += "  - " + quoted(p.evidence[i]) + "\n";
    if (p.evidence.size() > kMaxPeriodQuotesListed)
      out += "  - และอีก " + std::to_string(p.evidence.size() - kMaxPeriodQuotesListed) + " แห่ง\n";
  }
  return out + "\n";
}

}  // namespace oit
