// Text files as they arrive from agency offices: UTF-8 (the rule), or legacy Thai TIS-620 / Windows-874
// exported by old spreadsheets and word processors. Converted at ingestion so no mojibake reaches the site.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace oit {

enum class TextEncoding { Utf8, Cp874 };

struct DecodedText {
  std::string utf8;
  TextEncoding from = TextEncoding::Utf8;
};

// Byte offset of the first invalid UTF-8 sequence (overlongs, surrogates and code points above U+10FFFF are
// invalid), or nullopt when the whole text is valid.
std::optional<size_t> first_invalid_utf8(std::string_view bytes);

// CP874 (Windows-874, a superset of TIS-620 and ISO-8859-11) → UTF-8. A byte CP874 leaves undefined becomes
// U+FFFD, as a browser shows it; `undefined` (when given) counts them.
std::string cp874_to_utf8(std::string_view bytes, size_t* undefined = nullptr);

// Legacy Thai: nearly every byte above 0x7F is a CP874 Thai letter, digit or mark, or one of its punctuation
// additions; false when there is no such byte.
bool looks_like_cp874(std::string_view bytes);

// Valid UTF-8 → unchanged. Otherwise, a file that is not text at all (UTF-16, ZIP/.xlsx/.docx, .doc/.xls, PDF,
// PNG, JPEG or GIF by its first bytes, or any NUL byte) is an error saying what it is. Otherwise, when the bytes above 0x7F are mostly Thai letters of CP874
// (0xA1–0xFB), decoded as CP874 (a superset of TIS-620). Otherwise an error naming the file and the byte
// offset of the first invalid sequence.
Result<DecodedText> decode_text(std::string_view bytes, const std::string& file);

}  // namespace oit
