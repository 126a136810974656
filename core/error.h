// Errors as values. Every error carries the source position it is about so the
// CLI can print `file:line:col: message` and a hint on what to do.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace oit {

struct SourcePos {
  std::string file;  // path as the user would type it (relative to the source folder when possible)
  int line = 0;      // 1-based; 0 = unknown
  int col = 0;       // 1-based; 0 = unknown
};

struct Error {
  SourcePos pos;
  std::string message;  // what is wrong
  std::string hint;     // what to do about it (may be empty)

  // "file:line:col: message" (line/col omitted when unknown), then "\n  hint: ..." when a hint exists.
  std::string str() const;
};

inline Error make_error(SourcePos pos, std::string message, std::string hint = {}) {
  return Error{std::move(pos), std::move(message), std::move(hint)};
}

// Minimal expected<T, Error>: C++20 has no std::expected and we want one error type everywhere.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error e) : e_(std::move(e)) {}
  bool ok() const { return !e_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *e_; }

 private:
  std::optional<Error> e_;
};

// A build can produce warnings without failing; they carry positions too.
struct Warning {
  SourcePos pos;
  std::string message;
  std::string str() const;
};

}  // namespace oit
