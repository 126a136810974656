#include "generator/search_text.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>
#include <memory>

namespace oit {
namespace search_detail {

std::string nfc_slow(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  if (U_SUCCESS(st)) {
    icu::UnicodeString out = n->normalize(u, st);
    if (U_SUCCESS(st)) u = std::move(out);
  }
  std::string utf8;
  u.toUTF8String(utf8);
  return utf8;
}

constexpr uint8_t kNotNfcYes = 255;

// The canonical combining class of c, or kNotNfcYes when c's NFC_QC is not Yes.
uint8_t nfc_class(UChar32 c) {
  if (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) != UNORM_YES) return kNotNfcYes;
  return u_getCombiningClass(c);
}

// nfc_class of U+0E00–U+0E7F, asked of ICU once.
const std::array<uint8_t, 128>& thai_nfc_classes() {
  static const std::array<uint8_t, 128> t = [] {
    std::array<uint8_t, 128> classes{};
    for (UChar32 i = 0; i < 128; ++i) classes[static_cast<size_t>(i)] = nfc_class(0x0E00 + i);
    return classes;
  }();
  return t;
}

template <bool kTrusted>
bool normalise_text(std::string_view text, std::string& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t len = text.size();
  const std::array<uint8_t, 128>& thai = thai_nfc_classes();
  uint8_t last = 0;  // the combining class of the code point before (when checking)
  auto in_order = [&](uint8_t ccc) {
    if (ccc == kNotNfcYes || (ccc != 0 && last > ccc)) return false;
    last = ccc;
    return true;
  };
  // Written through a pointer: ASCII and Thai never write more than they read, so the room left always
  // covers what is left to read (other code points make sure of it themselves: a lowercase may be longer).
  out.assign(len + 4, '\0');
  char* w = out.data();
  for (size_t i = 0; i < len;) {
    const uint8_t b = p[i];
    if (b < 0x80) {  // ASCII: as below, without ICU
      char c = static_cast<char>(b);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      else if (c == ' ' || (c >= '\t' && c <= '\r')) c = ' ';
      *w++ = c, ++i, last = 0;
      continue;
    }
    if (b == 0xE0 && i + 2 < len && (p[i + 1] == 0xB8 || p[i + 1] == 0xB9) && (p[i + 2] & 0xC0) == 0x80) {
      // Thai: no case, no white space, no zero-width characters
      const uint8_t t = p[i + 2];
      if (!kTrusted && !in_order(thai[static_cast<size_t>((p[i + 1] - 0xB8) << 6 | (t & 0x3F))])) return false;
      if (p[i + 1] == 0xB9 && t == 0x8D && i + 5 < len && p[i + 3] == 0xE0 && p[i + 4] == 0xB8 && p[i + 5] == 0xB2) {
        if (!kTrusted && !in_order(thai[0x32])) return false;  // (า)
        *w++ = '\xE0', *w++ = '\xB8', *w++ = '\xB3';        // ํ + า typed for ำ
        i += 6;
      } else if (p[i + 1] == 0xB9 && t >= 0x90 && t <= 0x99) {
        *w++ = static_cast<char>('0' + (t - 0x90));
        i += 3;
      } else {
        w = std::copy(text.data() + i, text.data() + i + 3, w);
        i += 3;
      }
      continue;
    }
    auto j = static_cast<int32_t>(i);
    UChar32 c;
    if (kTrusted) {
      U8_NEXT_UNSAFE(p, j, c);
    } else {
      U8_NEXT(p, j, static_cast<int32_t>(len), c);
      if (c < 0 || !in_order(nfc_class(c))) return false;
    }
    i = static_cast<size_t>(j);
    if (is_zero_width(c)) continue;
    c = u_isUWhiteSpace(c) ? ' ' : u_tolower(c);
    const auto at = static_cast<size_t>(w - out.data());
    if (out.size() < at + 4 + (len - i)) out.resize(at + 4 + (len - i) + len / 8), w = out.data() + at;
    int32_t k = 0;
    U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(w), k, c);
    w += k;
  }
  out.resize(static_cast<size_t>(w - out.data()));
  return true;
}

template bool normalise_text<false>(std::string_view, std::string&);
template bool normalise_text<true>(std::string_view, std::string&);

icu::BreakIterator* word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> bi = [] {
    UErrorCode st = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> p(icu::BreakIterator::createWordInstance(icu::Locale("th"), st));
    if (U_FAILURE(st)) p.reset();
    return p;
  }();
  return bi.get();
}

std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (char c : s) {
    if (is_space(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

std::string display_text(std::string_view nfc_text, size_t limit) {
  std::string out;
  out.reserve(std::min(nfc_text.size(), limit * 3 + 1));
  const auto* p = reinterpret_cast<const uint8_t*>(nfc_text.data());
  const size_t len = nfc_text.size();
  size_t count = 0;
  bool pending = false;
  for (size_t i = 0; i < len && count < limit;) {
    size_t start = i;
    bool space;
    if (p[i] < 0x80) {  // ASCII and Thai (no zero-width characters there) without ICU
      space = p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r');
      ++i;
    } else if (p[i] == 0xE0 && (p[i + 1] == 0xB8 || p[i + 1] == 0xB9)) {
      space = false;
      i += 3;
    } else {
      int32_t j = static_cast<int32_t>(i);
      UChar32 c;
      U8_NEXT_UNSAFE(p, j, c);
      i = static_cast<size_t>(j);
      if (is_zero_width(c)) continue;
      space = u_isUWhiteSpace(c);
    }
    if (space) {
      pending = !out.empty();
      continue;
    }
    if (pending && count + 2 > limit) break;  // no trailing space
    if (pending) out += ' ', ++count;
    pending = false;
    out.append(nfc_text.data() + start, i - start);
    ++count;
  }
  return out;
}

std::string gram_text(uint64_t key) {
  std::string out;
  for (int shift : {42, 21, 0})
    if (UChar32 c = static_cast<UChar32>((key >> shift) & 0x1FFFFF)) append_utf8(out, c);
  return out;
}

bool joins_space(UChar32 c) {
  static const std::array<bool, 128> thai = [] {  // U+0E00–U+0E7F, asked once
    std::array<bool, 128> t{};
    for (UChar32 i = 0; i < 128; ++i) {
      int wb = u_getIntPropertyValue(0x0E00 + i, UCHAR_WORD_BREAK);
      t[static_cast<size_t>(i)] = wb == U_WB_EXTEND || wb == U_WB_FORMAT || wb == U_WB_ZWJ;
    }
    return t;
  }();
  if (c < 0x80) return false;
  if (c >= 0x0E00 && c <= 0x0E7F) return thai[static_cast<size_t>(c - 0x0E00)];
  int wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
  return wb == U_WB_EXTEND || wb == U_WB_FORMAT || wb == U_WB_ZWJ;
}

}  // namespace search_detail

using namespace search_detail;

std::string search_normalize(std::string_view text) {
  std::string out;
  if (!normalise_text<false>(text, out)) normalise_text<true>(nfc_slow(text), out);
  return out;
}

std::vector<std::string> search_grams(std::string_view normalized) {
  std::vector<std::string> out;
  for_each_gram(normalized, [&](uint64_t, std::string_view g) { out.emplace_back(g); });
  return out;
}

}  // namespace oit
