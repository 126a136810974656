#include "checks/match_text.h"

#include <algorithm>

namespace oit {
namespace {

unsigned char byte(std::string_view s, size_t i) { return static_cast<unsigned char>(s[i]); }

// Length of the UTF-8 sequence at i (1 for a byte that does not start a valid one), and its code point.
size_t decode(std::string_view s, size_t i, char32_t* cp) {
  unsigned char c = byte(s, i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) {
    *cp = 0xFFFD;
    return 1;
  }
  char32_t v = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = byte(s, i + k);
    if ((cc & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (cc & 0x3F);
  }
  *cp = v;
  return n;
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x85 || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 ||
         c == 0x1680;
}

bool is_invisible(char32_t c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0xAD;
}

// Thai vowels above/below and tone marks, and the general combining diacritics: never quoted alone.
bool is_combining(char32_t c) {
  return c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E) || (c >= 0x0300 && c <= 0x036F);
}

// เ แ โ ใ ไ are written before the consonant they follow in speech: they belong to the next character.
bool is_leading_vowel(char32_t c) { return c >= 0x0E40 && c <= 0x0E44; }

struct Cluster {
  size_t begin, end;  // bytes of the source
  size_t chars;       // code points as quoted (a whitespace run is one space)
  bool space;
};

// The source between [from, to) cut into clusters: a base character with its marks (and a leading
// vowel with the character after it), or a whitespace run.
std::vector<Cluster> clusters(std::string_view s, size_t from, size_t to) {
  std::vector<Cluster> out;
  size_t i = from;
  while (i < to) {
    char32_t cp;
    size_t n = decode(s, i, &cp);
    Cluster c{i, i + n, 1, is_space(cp) || is_invisible(cp)};
    i += n;
    if (c.space) {
      while (i < to) {
        size_t m = decode(s, i, &cp);
        if (!is_space(cp) && !is_invisible(cp)) break;
        i += m;
      }
    } else {
      bool want_base = is_leading_vowel(cp);
      while (i < to) {
        size_t m = decode(s, i, &cp);
        if (!(is_combining(cp) || (want_base && !is_space(cp)))) break;
        want_base = false;
        i += m;
        ++c.chars;
      }
    }
    c.end = i;
    out.push_back(c);
  }
  return out;
}

std::string cluster_text(std::string_view s, const Cluster& c) {
  return c.space ? std::string(" ") : std::string(s.substr(c.begin, c.end - c.begin));
}

}  // namespace

namespace {

MatchText normalise(std::string_view s, bool with_origin) {
  MatchText m;
  m.text.reserve(s.size());
  if (with_origin) m.origin.reserve(s.size());
  auto put = [&](char c, size_t from) {
    m.text += c;
    if (with_origin) m.origin.push_back(static_cast<uint32_t>(from));
  };
  for (size_t i = 0; i < s.size();) {
    unsigned char b = byte(s, i);
    if (b > ' ' && b < 0x80 && !(b >= 'A' && b <= 'Z')) {  // the common case: printable ASCII kept
      put(static_cast<char>(b), i);
      ++i;
      continue;
    }
    char32_t cp;
    size_t n = decode(s, i, &cp);
    if (is_space(cp) || is_invisible(cp)) {
      i += n;
      continue;
    }
    if (cp >= 0x0E47 && cp <= 0x0E4C) {  // tone marks, mai taikhu, thanthakhat: dropped (see the header)
      i += n;
      continue;
    }
    if (cp >= 0x0E50 && cp <= 0x0E59) {  // Thai digit
      put(static_cast<char>('0' + (cp - 0x0E50)), i);
    } else if (cp == 0x0E33) {  // ำ → า
      put('\xE0', i), put('\xB8', i + 1), put('\xB2', i + 2);
    } else if (cp == 0x0E4D && s.substr(i + n, 3) == "\xE0\xB8\xB2") {  // ํ + า → า
      put('\xE0', i), put('\xB8', i + 4), put('\xB2', i + 5);
      n += 3;
    } else if (n == 1) {
      char c = s[i];
      put(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c, i);
    } else {
      for (size_t k = 0; k < n; ++k) put(s[i + k], i + k);
    }
    i += n;
  }
  return m;
}

}  // namespace

MatchText normalise_for_match(std::string_view s) { return normalise(s, true); }

std::string normalised(std::string_view s) { return normalise(s, false).text; }

std::optional<size_t> find(const MatchText& hay, std::string_view needle, size_t from) {
  std::string n = normalised(needle);
  if (n.empty() || from > hay.text.size()) return std::nullopt;
  size_t p = hay.text.find(n, from);
  if (p == std::string::npos) return std::nullopt;
  return p;
}

std::string quote_at(std::string_view source, const MatchText& hay, size_t pos, size_t len, size_t max_chars) {
  if (hay.origin.empty() || pos >= hay.origin.size()) return quote_source(source, source.size(), source.size(), max_chars);
  size_t last = std::min(pos + std::max<size_t>(len, 1), hay.origin.size()) - 1;
  return quote_source(source, hay.origin[pos], hay.origin[last] + 1, max_chars);
}

std::string quote_source(std::string_view s, size_t begin, size_t end, size_t max_chars) {
  begin = std::min(begin, s.size());
  end = std::clamp(end, begin, s.size());
  if (max_chars < 3) max_chars = 3;
  // A window wide enough for max_chars characters each side (4 bytes a character at most, and
  // whitespace runs), started on a code point that is not a mark.
  size_t window = 8 * max_chars + 64;
  size_t from = begin > window ? begin - window : 0;
  while (from > 0 && (byte(s, from) & 0xC0) == 0x80) --from;
  size_t to = std::min(s.size(), end + window);
  while (to < s.size() && (byte(s, to) & 0xC0) == 0x80) ++to;
  std::vector<Cluster> all = clusters(s, from, to);
  if (from > 0)  // the window's first cluster may be a mark cut from its base: drop it
    if (!all.empty()) all.erase(all.begin());
  // Clusters of the match: every one that overlaps [begin, end) (or the one at begin for an empty match).
  size_t first = 0;
  while (first < all.size() && all[first].end <= begin) ++first;
  size_t last = first;  // one past
  while (last < all.size() && (all[last].begin < end || last == first)) ++last;
  if (first == all.size()) last = first;
  size_t used = 0;
  std::string middle;
  for (size_t k = first; k < last; ++k) used += all[k].chars;
  const size_t budget = max_chars - 2;  // room kept for "…" at either end
  if (used > budget) {  // the match itself is too long: its start, cut
    std::string out;
    size_t n = 0;
    for (size_t k = first; k < last && n + all[k].chars <= budget; ++k) out += cluster_text(s, all[k]), n += all[k].chars;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    std::string lead = first > 0 && !(first == 1 && all[0].space) ? "…" : "";
    return lead + out + "…";
  }
  size_t l = first, r = last;  // quote is [l, r)
  bool grew = true;
  while (grew) {
    grew = false;
    if (l > 0 && used + all[l - 1].chars <= budget) used += all[--l].chars, grew = true;
    if (r < all.size() && used + all[r].chars <= budget) used += all[r++].chars, grew = true;
  }
  // Leading and trailing whitespace is not quoted, and does not count as cut.
  while (l < r && all[l].space) ++l;
  while (r > l && all[r - 1].space) --r;
  bool cut_left = from > 0 || std::any_of(all.begin(), all.begin() + static_cast<long>(l), [](const Cluster& c) { return !c.space; });
  bool cut_right = to < s.size() || std::any_of(all.begin() + static_cast<long>(r), all.end(), [](const Cluster& c) { return !c.space; });
  std::string out = cut_left ? "…" : "";
  for (size_t k = l; k < r; ++k) out += cluster_text(s, all[k]);
  if (cut_right) out += "…";
  return out;
}

}  // namespace oit
