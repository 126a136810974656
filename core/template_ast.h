// The template engine's syntax tree, its limits and the parsed templates an Environment holds: what the
// parser (core/template_parser) builds and the renderer (core/template_render) walks. Internal to the
// engine; the rest of oit includes core/template.h.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/template.h"

namespace oit::tmpl {

using json = nlohmann::json;

// Limits that keep hostile or broken templates from exhausting the stack, memory or time.
constexpr int kMaxTagNesting = 64;        // if/for/block nested inside one template
constexpr int kMaxParseDepth = 96;        // parser recursion inside one expression (parentheses, lists)
constexpr int kMaxExprHeight = 96;        // height of an expression tree (`a+a+a+...` chains too)
constexpr int kMaxIncludeDepth = 64;      // include/extends levels in one render
constexpr int kMaxRenderDepth = 512;      // nested node lists, blocks and includes in one render
constexpr uint64_t kMaxSteps = 20'000'000;  // nodes + loop iterations in one render
constexpr uint64_t kMaxCopies = 1'000'000;  // list/object elements copied in one render
constexpr size_t kMaxValueDepth = 200;    // nesting of lists/objects a template builds (`set x = [x]`)
constexpr size_t kMaxText = 64u << 20;    // longest string a render may produce
constexpr size_t kMaxSource = 16u << 20;  // longest template accepted

// ---------------------------------------------------------------------------------------------------
// Syntax tree

enum class Op : uint8_t {
  Lit, List, Var, Attr, Index, Not, Neg, Pos, Add, Sub, Mul, Div, FloorDiv, Mod, Concat,
  Eq, Ne, Lt, Gt, Le, Ge, In, NotIn, And, Or, Test, Filter, Cond, Super
};

enum class Builtin : uint8_t {
  Custom, Escape, Safe, Default, Length, Upper, Lower, Trim, Truncate, Join, First, Last, Json,
  Urlencode, Replace, Sort, Reverse, Int, String
};

struct BuiltinInfo {
  const char* name;
  Builtin id;
  int min_args, max_args;
};
constexpr BuiltinInfo kBuiltins[] = {
    {"escape", Builtin::Escape, 0, 0}, {"e", Builtin::Escape, 0, 0},      {"safe", Builtin::Safe, 0, 0},
    {"default", Builtin::Default, 1, 1}, {"d", Builtin::Default, 1, 1},   {"length", Builtin::Length, 0, 0},
    {"count", Builtin::Length, 0, 0},  {"upper", Builtin::Upper, 0, 0},   {"lower", Builtin::Lower, 0, 0},
    {"trim", Builtin::Trim, 0, 0},     {"truncate", Builtin::Truncate, 1, 1}, {"join", Builtin::Join, 0, 1},
    {"first", Builtin::First, 0, 0},   {"last", Builtin::Last, 0, 0},     {"json", Builtin::Json, 0, 0},
    {"tojson", Builtin::Json, 0, 0},   {"urlencode", Builtin::Urlencode, 0, 0},
    {"replace", Builtin::Replace, 2, 2}, {"sort", Builtin::Sort, 0, 1},   {"reverse", Builtin::Reverse, 0, 0},
    {"int", Builtin::Int, 0, 0},       {"string", Builtin::String, 0, 0},
};

enum class TestKind : uint8_t { Defined, Undefined, None, String, Number, Mapping, Sequence, Boolean, Odd, Even };
constexpr std::pair<const char*, TestKind> kTests[] = {
    {"defined", TestKind::Defined}, {"undefined", TestKind::Undefined}, {"none", TestKind::None},
    {"string", TestKind::String},   {"number", TestKind::Number},       {"mapping", TestKind::Mapping},
    {"sequence", TestKind::Sequence}, {"iterable", TestKind::Sequence}, {"boolean", TestKind::Boolean},
    {"odd", TestKind::Odd},         {"even", TestKind::Even},
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct Expr {
  Op op = Op::Lit;
  uint32_t off = 0;     // where errors about this expression point
  int height = 1;
  bool negate = false;  // Test: `is not`
  Builtin builtin = Builtin::Custom;
  TestKind test = TestKind::Defined;
  std::string name;     // Var, Attr, Filter
  json lit;             // Lit
  std::vector<ExprPtr> kids;  // operands; Filter: [value, args...]; Cond: [then, test, else?]
};

enum class NodeKind : uint8_t { Text, Output, If, For, Set, Include, Block };
struct Node {
  NodeKind kind = NodeKind::Text;
  uint32_t off = 0;
  std::string text;   // Text: the text; Set/For: variable; Include: target; Block: name
  std::string text2;  // For: second variable of `for k, v in`
  ExprPtr expr;       // Output, Set, For (the sequence)
  std::vector<ExprPtr> conds;             // If: one per if/elif
  std::vector<std::vector<Node>> bodies;  // If: per branch, then else; For: body, else; Block: body
};

struct Template {
  std::string name, file, source;
  std::vector<uint32_t> line_starts;
  std::vector<Node> body;
  std::string parent;  // `extends` target, empty when none
  uint32_t parent_off = 0;
  std::map<std::string, const Node*, std::less<>> blocks;     // every block, however deep
  std::vector<std::pair<std::string, uint32_t>> includes;    // every include target

  SourcePos pos(uint32_t off) const {
    auto it = std::upper_bound(line_starts.begin(), line_starts.end(), off);
    int line = static_cast<int>(it - line_starts.begin());
    uint32_t start = line_starts[line - 1];
    int col = 1;
    for (uint32_t i = start; i < off && i < source.size(); ++i)
      if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++col;
    return SourcePos{file, line, col};
  }
  Error error(uint32_t off, std::string message, std::string hint = {}) const {
    return make_error(pos(off), std::move(message), std::move(hint));
  }
};

struct EnvState {
  std::map<std::string, Filter, std::less<>> filters;
  std::map<std::string, std::unique_ptr<Template>, std::less<>> templates;
};

}  // namespace oit::tmpl
