#include "core/encoding.h"

#include <iconv.h>

#include <cstring>

namespace oit {

std::optional<size_t> first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
    else return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    static const uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::nullopt;
}

namespace {

// What a file that is not text at all is, from its first bytes (or a NUL byte anywhere), so the message
// names the real mistake — an image or a workbook saved under a .md/.csv name — instead of an encoding.
std::optional<Error> binary_file_error(std::string_view bytes, const std::string& file) {
  struct Signature {
    std::string_view magic, what;
  };
  static constexpr Signature kSignatures[] = {
      {"\xFF\xFE", "UTF-16 text, not UTF-8"},
      {"\xFE\xFF", "UTF-16 text, not UTF-8"},
      {"PK\x03\x04", "a ZIP archive (an .xlsx or .docx document?), not text"},
      {"\xD0\xCF\x11\xE0", "an old Word or Excel document (.doc/.xls), not text"},
      {"%PDF-", "a PDF document, not text"},
      {"\x89PNG", "a PNG image, not text"},
      {"\xFF\xD8\xFF", "a JPEG image, not text"},
      {"GIF8", "a GIF image, not text"},
  };
  const std::string hint =
      "pages and tables are text saved as UTF-8 (Markdown .md, CSV UTF-8); keep other files under their own "
      "extension (.pdf, .png, .xlsx) and link them from a page";
  for (const auto& s : kSignatures)
    if (bytes.substr(0, s.magic.size()) == s.magic)
      return make_error({file, 1, 1}, "the file is " + std::string(s.what),
                        s.what.starts_with("UTF-16")
                            ? "save it as UTF-8 (in Excel: Save As → CSV UTF-8; in an editor: encoding UTF-8)"
                            : hint);
  if (size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    int line = 1, col = 1;
    for (size_t i = 0; i < nul; ++i) {
      if (bytes[i] == '\n') line++, col = 1;
      else col += (static_cast<unsigned char>(bytes[i]) & 0xC0) != 0x80;
    }
    return make_error({file, line, col}, "file looks binary: NUL byte at offset " + std::to_string(nul), hint);
  }
  return std::nullopt;
}

}  // namespace

bool looks_like_cp874(std::string_view bytes) {
  // Thai letters, digits and marks (0xA1–0xFB) and the punctuation additions (0x80–0x9F: curly quotes,
  // dashes, ellipsis).
  size_t high = 0, thai = 0;
  for (unsigned char c : bytes) {
    if (c < 0x80) continue;
    ++high;
    if ((c >= 0xA1 && c <= 0xFB) || c == 0x85 || (c >= 0x91 && c <= 0x97)) ++thai;
  }
  return high > 0 && thai * 10 >= high * 9;
}

std::string cp874_to_utf8(std::string_view bytes, size_t* undefined) {
  size_t bad = 0;
  std::string out(bytes.size() * 3 + 16, '\0');
  char* o = out.data();
  size_t out_left = out.size();
  iconv_t cd = iconv_open("UTF-8", "CP874");
  if (cd == reinterpret_cast<iconv_t>(-1)) {  // no iconv module: ASCII kept, the rest unreadable
    out.clear();
    for (unsigned char c : bytes) {
      if (c < 0x80) out += static_cast<char>(c);
      else out += "\xEF\xBF\xBD", ++bad;
    }
    if (undefined) *undefined = bad;
    return out;
  }
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &o, &out_left) != static_cast<size_t>(-1)) break;
    // A byte CP874 does not define (0xDB–0xDE, 0xFC–0xFF, some of 0x80–0x9F): U+FFFD, and on. The output
    // has room: 3 bytes per input byte.
    std::memcpy(o, "\xEF\xBF\xBD", 3);
    o += 3;
    out_left -= 3;
    ++in;
    --in_left;
    ++bad;
  }
  iconv_close(cd);
  out.resize(out.size() - out_left);
  if (undefined) *undefined = bad;
  return out;
}

Result<DecodedText> decode_text(std::string_view bytes, const std::string& file) {
  auto bad = first_invalid_utf8(bytes);
  if (!bad) return DecodedText{std::string(bytes), TextEncoding::Utf8};
  if (auto binary = binary_file_error(bytes, file)) return *binary;
  if (looks_like_cp874(bytes)) {
    size_t undefined = 0;
    std::string out = cp874_to_utf8(bytes, &undefined);
    if (undefined == 0) return DecodedText{std::move(out), TextEncoding::Cp874};
  }
  // Line and column of the offending byte help people find it in an editor.
  int line = 1, col = 1;
  for (size_t i = 0; i < *bad; ++i) {
    if (bytes[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(bytes[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return make_error({file, line, col},
                    "text is neither UTF-8 nor Thai TIS-620/Windows-874 (invalid byte at offset " + std::to_string(*bad) + ")",
                    "save the file as UTF-8 (in Excel: Save As → CSV UTF-8; in an editor: encoding UTF-8)");
}

}  // namespace oit
