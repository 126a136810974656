#include "core/error.h"

#include "core/control_chars.h"

namespace oit {

static std::string format_pos(const SourcePos& p) {
  std::string s = p.file.empty() ? std::string("oit") : printable(p.file);
  if (p.line > 0) {
    s += ':' + std::to_string(p.line);
    if (p.col > 0) s += ':' + std::to_string(p.col);
  }
  return s;
}

std::string Error::str() const {
  std::string s = format_pos(pos) + ": " + printable(message);
  if (!hint.empty()) s += "\n  hint: " + printable(hint);
  return s;
}

std::string Warning::str() const { return format_pos(pos) + ": warning: " + printable(message); }

}  // namespace oit
