// Force-included into every translation unit (see CMakeLists.txt): toml++ 3.3 asserts, and so aborts, on some
// malformed input in builds without NDEBUG instead of raising its parse error (fixed upstream in tomlplusplus
// PR #301). Our sanitizer builds must report the error, not abort; one definition for every TU keeps the
// inline functions identical.
#pragma once
#define TOML_ASSERT(expr) static_cast<void>(0)
