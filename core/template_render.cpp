#include "core/template_render.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <forward_list>
#include <optional>
#include <vector>

#include "core/template_filters.h"
#include "core/template_values.h"

namespace oit::tmpl {

namespace {

struct LoopInfo {
  size_t index0, length;
};

struct Binding {
  std::string_view name;
  Value value;
  const LoopInfo* loop = nullptr;  // the `loop` variable: its attributes are computed, not stored
};

struct Scope {
  const Scope* parent = nullptr;
  const json* globals = nullptr;     // the render context, in the outermost scope only
  Binding fixed[3];                  // loop variables, without allocating
  int nfixed = 0;
  std::forward_list<Binding> sets;   // `set`: newest first; nodes never move, so references stay valid
};

struct Found {
  const Binding* binding = nullptr;
  const json* global = nullptr;
};

Found lookup(const Scope* s, std::string_view name) {
  for (; s; s = s->parent) {
    for (const Binding& b : s->sets)
      if (b.name == name) return {&b, nullptr};
    for (int i = s->nfixed - 1; i >= 0; --i)
      if (s->fixed[i].name == name) return {&s->fixed[i], nullptr};
    if (s->globals) {
      auto it = s->globals->find(name);
      if (it != s->globals->end()) return {nullptr, &*it};
    }
  }
  return {};
}

struct BlockCtx {
  std::string_view name;
  size_t level;  // index in the chain of the template whose definition is being rendered
};

struct Frame {
  const Template* tmpl;                        // whose nodes are rendered (positions in errors)
  const std::vector<const Template*>* chain;   // inheritance chain of the rendered template, child first
  const BlockCtx* block;                       // innermost block, for super()
};

class Renderer {
 public:
  Renderer(const EnvState& env, std::string_view page) : env_(env), page_(page) {}

  std::string out;
  std::optional<Error> err;

  bool render_template(const Template& leaf, const Scope& parent) {
    std::vector<const Template*> chain{&leaf};
    while (!chain.back()->parent.empty()) {
      const Template& t = *chain.back();
      auto it = env_.templates.find(t.parent);
      Frame f{&t, nullptr, nullptr};
      if (it == env_.templates.end())
        return fail(f, t.parent_off, "template " + ticked(t.parent) + " not found", "templates are named relative to the templates folder");
      if (std::find(chain.begin(), chain.end(), it->second.get()) != chain.end()) {
        std::string cycle;
        for (auto* c : chain) cycle += c->name + " → ";
        return fail(f, t.parent_off, "`{% extends %}` cycle: " + cycle + t.parent);
      }
      if (chain.size() + size_t(include_depth_) >= size_t(kMaxIncludeDepth))
        return fail(f, t.parent_off, "include/extends nested more than " + std::to_string(kMaxIncludeDepth) + " levels deep");
      chain.push_back(it->second.get());
    }
    Scope scope;
    scope.parent = &parent;
    // Top-level `set` of the children runs first, so they can configure their parents.
    for (size_t i = 0; i + 1 < chain.size(); ++i) {
      Frame f{chain[i], &chain, nullptr};
      for (const Node& n : chain[i]->body)
        if (n.kind == NodeKind::Set && !render_node(f, n, scope)) return false;
    }
    Frame f{chain.back(), &chain, nullptr};
    return render_nodes(f, chain.back()->body, scope);
  }

 private:
  // The builtin filters' view of this render: errors at positions of frame `f`, and this render's budgets.
  class Host final : public FilterHost {
   public:
    Host(Renderer& r, const Frame& f) : r_(r), f_(f) {}
    bool fail(uint32_t off, std::string msg, std::string hint) override { return r_.fail(f_, off, std::move(msg), std::move(hint)); }
    bool check_size(uint32_t off, size_t n) override { return r_.check_size(f_, off, n); }
    bool charge_copy(uint32_t off, const json& j) override { return r_.charge_copy(f_, off, j); }

   private:
    Renderer& r_;
    const Frame& f_;
  };

  const EnvState& env_;
  std::string_view page_;
  int depth_ = 0;
  int include_depth_ = 0;
  uint64_t steps_ = 0;
  uint64_t copies_ = 0;
  std::vector<std::pair<const Template*, uint32_t>> includes_;  // include tags being rendered, for messages

  bool fail(const Frame& f, uint32_t off, std::string msg, std::string hint = {}) {
    if (err) return false;
    if (!page_.empty()) {
      msg += " (rendering " + std::string(page_);
      // Innermost first; a run of the same include tag (a template including itself) is said once.
      for (auto it = includes_.rbegin(); it != includes_.rend();) {
        auto run_end = std::find_if(it, includes_.rend(), [&](const auto& inc) { return inc != *it; });
        SourcePos p = it->first->pos(it->second);
        msg += it == includes_.rbegin() ? "; included from " : ", from ";
        msg += p.file + ":" + std::to_string(p.line) + ":" + std::to_string(p.col);
        if (auto times = std::distance(it, run_end); times > 1) msg += " (" + std::to_string(times) + " times)";
        it = run_end;
      }
      msg += ")";
    }
    err = f.tmpl->error(off, std::move(msg), std::move(hint));
    return false;
  }

  bool check_size(const Frame& f, uint32_t off, size_t n) {
    if (n <= kMaxText) return true;
    return fail(f, off, "text grows past " + std::to_string(kMaxText >> 20) + " MiB", "check for a runaway loop or recursive include");
  }

  bool step(const Frame& f, uint32_t off) {
    if (++steps_ <= kMaxSteps) return true;
    return fail(f, off, "rendering takes more than " + std::to_string(kMaxSteps) + " steps", "check for a runaway loop or recursive include");
  }

  // Copies are counted by size, so `{% set x = [x, x] %}` cannot double its way to gigabytes, and
  // values built by templates stay shallow enough for nlohmann's recursive copy/compare/dump.
  bool charge_copy(const Frame& f, uint32_t off, const json& j) {
    std::vector<std::pair<const json*, size_t>> todo{{&j, 1}};
    while (!todo.empty()) {
      auto [node, depth] = todo.back();
      todo.pop_back();
      if (++copies_ > kMaxCopies)
        return fail(f, off, "rendering copies more than " + std::to_string(kMaxCopies) + " values", "check for a list that grows with each `set`");
      if (depth > kMaxValueDepth) return fail(f, off, "value is nested more than " + std::to_string(kMaxValueDepth) + " levels deep");
      if (node->is_array() || node->is_object())
        for (const json& k : *node) todo.emplace_back(&k, depth + 1);
    }
    return true;
  }

  bool render_nodes(const Frame& f, const std::vector<Node>& nodes, Scope& scope) {
    if (depth_ >= kMaxRenderDepth)
      return fail(f, nodes.empty() ? 0 : nodes[0].off, "templates are nested more than " + std::to_string(kMaxRenderDepth) + " levels deep",
                  "check for a recursive include");
    ++depth_;
    bool ok = true;
    for (const Node& n : nodes)
      if (!(ok = render_node(f, n, scope))) break;
    --depth_;
    return ok;
  }

  void append_value(const Value& v) {
    const json& j = v.get();
    if (j.is_string()) {
      if (v.safe) out += j.get_ref<const std::string&>();
      else append_escaped(out, j.get_ref<const std::string&>());
    } else if (j.is_number_integer() || j.is_null() || j.is_boolean()) {
      append_plain(out, j);  // nothing to escape
    } else if (v.safe) {
      append_plain(out, j);
    } else {
      append_escaped(out, plain(j));
    }
  }

  bool render_node(const Frame& f, const Node& n, Scope& scope) {
    if (!step(f, n.off)) return false;
    switch (n.kind) {
      case NodeKind::Text:
        out += n.text;
        return check_size(f, n.off, out.size());
      case NodeKind::Output: {
        Value v;
        if (!eval(f, *n.expr, scope, v)) return false;
        append_value(v);
        return check_size(f, n.expr->off, out.size());
      }
      case NodeKind::If:
        for (size_t i = 0; i < n.conds.size(); ++i) {
          Value c;
          if (!eval(f, *n.conds[i], scope, c)) return false;
          if (truthy(c.get())) return render_nodes(f, n.bodies[i], scope);
        }
        if (n.bodies.size() > n.conds.size()) return render_nodes(f, n.bodies.back(), scope);
        return true;
      case NodeKind::For: return render_for(f, n, scope);
      case NodeKind::Set: {
        Binding b;
        b.name = n.text;
        if (!eval(f, *n.expr, scope, b.value)) return false;
        scope.sets.push_front(std::move(b));
        return true;
      }
      case NodeKind::Include: {
        auto it = env_.templates.find(n.text);
        if (it == env_.templates.end())
          return fail(f, n.off, "template " + ticked(n.text) + " not found", "templates are named relative to the templates folder");
        if (include_depth_ + 1 >= kMaxIncludeDepth)
          return fail(f, n.off, "include/extends nested more than " + std::to_string(kMaxIncludeDepth) + " levels deep",
                      "a template that includes itself needs an `{% if %}` that stops the recursion");
        ++include_depth_;
        includes_.emplace_back(f.tmpl, n.off);
        bool ok = render_template(*it->second, scope);
        includes_.pop_back();
        --include_depth_;
        return ok;
      }
      case NodeKind::Block: {
        size_t level = 0;
        const Node* def = &n;
        const Template* owner = f.tmpl;
        if (f.chain) {
          for (size_t i = 0; i < f.chain->size(); ++i) {
            auto it = (*f.chain)[i]->blocks.find(n.text);
            if (it != (*f.chain)[i]->blocks.end()) {
              level = i, def = it->second, owner = (*f.chain)[i];
              break;
            }
          }
        }
        BlockCtx bc{n.text, level};
        Frame inner{owner, f.chain, &bc};
        Scope s;
        s.parent = &scope;
        return render_nodes(inner, def->bodies[0], s);
      }
    }
    return true;
  }

  bool render_for(const Frame& f, const Node& n, Scope& scope) {
    Value seq;
    if (!eval(f, *n.expr, scope, seq)) return false;
    const json& j = seq.get();
    if (!j.is_array() && !j.is_object())
      return fail(f, n.expr->off, std::string("cannot loop over a ") + type_name(j) + " (" + ticked(describe(*n.expr)) + ")",
                  "`for` needs a list or an object");
    if (j.is_array() && !n.text2.empty())
      return fail(f, n.expr->off, "`for " + n.text + ", " + n.text2 + " in` needs an object, " + ticked(describe(*n.expr)) + " is a list");
    if (j.empty()) return render_nodes(f, n.bodies[1], scope);
    LoopInfo info{0, j.size()};
    for (auto it = j.begin(); it != j.end(); ++it, ++info.index0) {
      if (!step(f, n.off)) return false;
      Scope s;
      s.parent = &scope;
      s.fixed[0].name = "loop";
      s.fixed[0].loop = &info;
      s.fixed[1].name = n.text;
      if (j.is_array()) {
        s.fixed[1].value.set_ref(*it);
        s.nfixed = 2;
      } else if (n.text2.empty()) {
        s.fixed[1].value.set_own(it.key());
        s.nfixed = 2;
      } else {
        s.fixed[1].value.set_own(it.key());
        s.fixed[2].name = n.text2;
        s.fixed[2].value.set_ref(*it);
        s.nfixed = 3;
      }
      if (!render_nodes(f, n.bodies[0], s)) return false;
    }
    return true;
  }

  // -- expressions ----------------------------------------------------------------------------------

  static json loop_object(const LoopInfo& l) {
    return json{{"index", l.index0 + 1}, {"index0", l.index0}, {"first", l.index0 == 0}, {"last", l.index0 + 1 == l.length},
                {"length", l.length}, {"revindex", l.length - l.index0}, {"revindex0", l.length - l.index0 - 1}};
  }

  std::vector<std::string_view> names_in_scope(const Scope& sc) const {
    std::vector<std::string_view> names;
    for (const Scope* s = &sc; s; s = s->parent) {
      for (auto& b : s->sets) names.push_back(b.name);
      for (int i = 0; i < s->nfixed; ++i) names.push_back(s->fixed[i].name);
      if (s->globals)
        for (auto it = s->globals->begin(); it != s->globals->end(); ++it) names.push_back(it.key());
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  }

  bool undefined(const Frame& f, const Expr& e, bool* undef, std::string hint) {
    if (undef) {
      *undef = true;
      return true;
    }
    return fail(f, e.off, "undefined variable " + ticked(describe(e)), std::move(hint));
  }

  bool eval(const Frame& f, const Expr& e, const Scope& sc, Value& v, bool* undef = nullptr) {
    switch (e.op) {
      case Op::Lit: v.set_ref(e.lit); return true;
      case Op::List: {
        json arr = json::array();
        for (auto& k : e.kids) {
          Value x;
          if (!eval(f, *k, sc, x) || !charge_copy(f, k->off, x.get())) return false;
          arr.push_back(x.ref ? *x.ref : std::move(x.own));
        }
        v.set_own(std::move(arr));
        return true;
      }
      case Op::Var: {
        const LoopInfo* loop = nullptr;
        if (!eval_var(f, e, sc, v, undef, &loop)) return false;
        if (loop) v.set_own(loop_object(*loop));
        return true;
      }
      case Op::Attr: return eval_attr(f, e, sc, v, undef);
      case Op::Index: return eval_index(f, e, sc, v, undef);
      case Op::Not: {
        Value a;
        if (!eval(f, *e.kids[0], sc, a)) return false;
        v.set_own(!truthy(a.get()));
        return true;
      }
      case Op::And:
      case Op::Or: {
        Value a;
        if (!eval(f, *e.kids[0], sc, a)) return false;
        bool t = truthy(a.get());
        if ((e.op == Op::And) != t) {  // `a and b` is a when a is falsy; `a or b` is a when a is truthy
          v = std::move(a);
          return true;
        }
        return eval(f, *e.kids[1], sc, v);
      }
      case Op::Cond: {
        Value c;
        if (!eval(f, *e.kids[1], sc, c)) return false;
        if (truthy(c.get())) return eval(f, *e.kids[0], sc, v);
        if (e.kids.size() > 2) return eval(f, *e.kids[2], sc, v);
        v.set_own("");
        return true;
      }
      case Op::Concat: {
        Value a, b;
        if (!eval(f, *e.kids[0], sc, a) || !eval(f, *e.kids[1], sc, b)) return false;
        std::string s = plain(a.get());
        append_plain(s, b.get());
        if (!check_size(f, e.off, s.size())) return false;
        v.set_own(std::move(s), a.safe && b.safe);
        return true;
      }
      case Op::Test: return eval_test(f, e, sc, v);
      case Op::Filter: return eval_filter(f, e, sc, v);
      case Op::Super: return eval_super(f, e, sc, v);
      default: return eval_binary(f, e, sc, v);
    }
  }

  // A variable's value; for `loop`, sets *loop instead so callers can read its attributes directly.
  bool eval_var(const Frame& f, const Expr& e, const Scope& sc, Value& v, bool* undef, const LoopInfo** loop) {
    Found found = lookup(&sc, e.name);
    if (found.global) v.set_ref(*found.global);
    else if (found.binding && found.binding->loop) *loop = found.binding->loop;
    else if (found.binding) v.set_ref(found.binding->value.get(), found.binding->value.safe);
    else return undefined(f, e, undef, suggest(e.name, names_in_scope(sc), "the context"));
    return true;
  }

  bool eval_attr(const Frame& f, const Expr& e, const Scope& sc, Value& v, bool* undef) {
    const Expr& base_e = *e.kids[0];
    Value base;
    if (base_e.op == Op::Var) {
      const LoopInfo* loop = nullptr;
      if (!eval_var(f, base_e, sc, base, undef, &loop)) return false;
      if (loop) {  // `loop.index` without building a loop object
        const LoopInfo& l = *loop;
        const std::string& a = e.name;
        if (a == "index") v.set_own(l.index0 + 1);
        else if (a == "index0") v.set_own(l.index0);
        else if (a == "first") v.set_own(l.index0 == 0);
        else if (a == "last") v.set_own(l.index0 + 1 == l.length);
        else if (a == "length") v.set_own(l.length);
        else if (a == "revindex") v.set_own(l.length - l.index0);
        else if (a == "revindex0") v.set_own(l.length - l.index0 - 1);
        else return undefined(f, e, undef, "`loop` has: index, index0, first, last, length, revindex, revindex0");
        return true;
      }
    } else if (!eval(f, base_e, sc, base, undef)) {
      return false;
    }
    if (undef && *undef) return true;
    const json& b = base.get();
    if (!b.is_object()) {
      if (undef) return *undef = true, true;
      return fail(f, e.off, "cannot read " + ticked("." + e.name) + " of " + ticked(describe(base_e)) + ", which is a " + type_name(b),
                  b.is_null() ? "check it first with `{% if " + describe(base_e) + " %}`" : "");
    }
    auto it = b.find(e.name);
    if (it == b.end()) {
      std::vector<std::string_view> keys;
      for (auto k = b.begin(); k != b.end(); ++k) keys.push_back(k.key());
      return undefined(f, e, undef, suggest(e.name, keys, ticked(describe(base_e))));
    }
    take_element(v, base, *it);
    return true;
  }

  bool eval_index(const Frame& f, const Expr& e, const Scope& sc, Value& v, bool* undef) {
    Value base, idx;
    if (!eval(f, *e.kids[0], sc, base, undef)) return false;
    if (undef && *undef) return true;
    if (!eval(f, *e.kids[1], sc, idx)) return false;
    const json& b = base.get();
    const json& i = idx.get();
    if (b.is_array() && i.is_number_integer()) {
      auto n = as_int(i);
      int64_t size = int64_t(b.size());
      int64_t k = n ? (*n < 0 ? *n + size : *n) : -1;
      if (k < 0 || k >= size) {
        if (undef) return *undef = true, true;
        return fail(f, e.off, "index " + dump(i) + " is out of range: " + ticked(describe(*e.kids[0])) + " has " + std::to_string(size) + " items");
      }
      take_element(v, base, b[size_t(k)]);
      return true;
    }
    if (b.is_object() && i.is_string()) {
      auto it = b.find(i.get_ref<const std::string&>());
      if (it == b.end()) {
        if (undef) return *undef = true, true;
        return fail(f, e.off, "undefined variable " + ticked(describe(*e.kids[0]) + "[" + dump(i) + "]"));
      }
      take_element(v, base, *it);
      return true;
    }
    if (undef && (b.is_null() || b.is_array() || b.is_object())) return *undef = true, true;
    return fail(f, e.off, std::string("cannot index a ") + type_name(b) + " (" + ticked(describe(*e.kids[0])) + ") with a " + type_name(i),
                "lists take integer indexes, objects take string keys");
  }

  bool eval_test(const Frame& f, const Expr& e, const Scope& sc, Value& v) {
    bool r;
    if (e.test == TestKind::Defined || e.test == TestKind::Undefined) {
      bool u = false;
      Value a;
      if (!eval(f, *e.kids[0], sc, a, &u)) return false;
      r = (e.test == TestKind::Defined) != u;
    } else {
      Value a;
      if (!eval(f, *e.kids[0], sc, a)) return false;
      const json& j = a.get();
      switch (e.test) {
        case TestKind::None: r = j.is_null(); break;
        case TestKind::String: r = j.is_string(); break;
        case TestKind::Number: r = j.is_number(); break;
        case TestKind::Mapping: r = j.is_object(); break;
        case TestKind::Sequence: r = j.is_array(); break;
        case TestKind::Boolean: r = j.is_boolean(); break;
        default: {
          auto n = as_int(j);
          if (!n) return fail(f, e.off, "`is odd`/`is even` need an integer, " + ticked(describe(*e.kids[0])) + " is a " + type_name(j));
          r = (*n % 2 != 0) == (e.test == TestKind::Odd);
        }
      }
    }
    v.set_own(r != e.negate);
    return true;
  }

  bool eval_super(const Frame& f, const Expr& e, const Scope& sc, Value& v) {
    if (!f.block || !f.chain)
      return fail(f, e.off, "`super()` is only allowed inside a `{% block %}`");
    const auto& chain = *f.chain;
    for (size_t i = f.block->level + 1; i < chain.size(); ++i) {
      auto it = chain[i]->blocks.find(f.block->name);
      if (it == chain[i]->blocks.end()) continue;
      BlockCtx bc{f.block->name, i};
      Frame inner{chain[i], f.chain, &bc};
      Scope s;
      s.parent = &sc;
      std::string saved;
      std::swap(saved, out);
      bool ok = render_nodes(inner, it->second->bodies[0], s);
      std::swap(saved, out);
      if (!ok) return false;
      v.set_own(std::move(saved), true);
      return true;
    }
    return fail(f, e.off, "block " + ticked(f.block->name) + " has no parent block for `super()` to render");
  }

  bool eval_binary(const Frame& f, const Expr& e, const Scope& sc, Value& v) {
    Value av, bv;
    if (!eval(f, *e.kids[0], sc, av)) return false;
    if (e.op == Op::Neg || e.op == Op::Pos) {
      const json& a = av.get();
      if (!a.is_number()) return fail(f, e.off, std::string("unary `") + (e.op == Op::Neg ? "-" : "+") + "` needs a number, got a " + type_name(a));
      if (e.op == Op::Pos) v.set_own(a);
      else if (auto i = as_int(a); i && *i != INT64_MIN) v.set_own(-*i);
      else v.set_own(-a.get<double>());
      return true;
    }
    if (!eval(f, *e.kids[1], sc, bv)) return false;
    const json& a = av.get();
    const json& b = bv.get();
    switch (e.op) {
      case Op::Eq: v.set_own(a == b); return true;
      case Op::Ne: v.set_own(a != b); return true;
      case Op::Lt:
      case Op::Gt:
      case Op::Le:
      case Op::Ge: {
        int c;
        if (a.is_number() && b.is_number()) {
          auto ia = as_int(a), ib = as_int(b);
          if (ia && ib) c = *ia < *ib ? -1 : *ia > *ib;
          else {
            double x = a.get<double>(), y = b.get<double>();
            c = x < y ? -1 : x > y;
          }
        } else if (a.is_string() && b.is_string()) {
          c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
        } else {
          return fail(f, e.off, std::string("cannot compare a ") + type_name(a) + " with a " + type_name(b), "compare numbers with numbers, text with text");
        }
        bool r = e.op == Op::Lt ? c < 0 : e.op == Op::Gt ? c > 0 : e.op == Op::Le ? c <= 0 : c >= 0;
        v.set_own(r);
        return true;
      }
      case Op::In:
      case Op::NotIn: {
        bool r;
        if (b.is_array()) r = std::find(b.begin(), b.end(), a) != b.end();
        else if (b.is_string() && a.is_string()) r = b.get_ref<const std::string&>().find(a.get_ref<const std::string&>()) != std::string::npos;
        else if (b.is_object()) r = a.is_string() && b.contains(a.get_ref<const std::string&>());
        else return fail(f, e.off, std::string("`in` needs a list, an object or text on its right, got a ") + type_name(b));
        v.set_own(r != (e.op == Op::NotIn));
        return true;
      }
      default: return arithmetic(f, e, a, b, v);
    }
  }

  bool arithmetic(const Frame& f, const Expr& e, const json& a, const json& b, Value& v) {
    if (e.op == Op::Add && a.is_string() && b.is_string()) {
      if (!check_size(f, e.off, a.get_ref<const std::string&>().size() + b.get_ref<const std::string&>().size())) return false;
      v.set_own(a.get<std::string>() + b.get_ref<const std::string&>());
      return true;
    }
    if (e.op == Op::Add && a.is_array() && b.is_array()) {
      if (!charge_copy(f, e.off, a) || !charge_copy(f, e.off, b)) return false;
      json r = a;
      r.insert(r.end(), b.begin(), b.end());
      v.set_own(std::move(r));
      return true;
    }
    static const char* const sym[] = {"+", "-", "*", "/", "//", "%"};
    const char* s = sym[int(e.op) - int(Op::Add)];
    if (!a.is_number() || !b.is_number())
      return fail(f, e.off, std::string("`") + s + "` needs two numbers, got a " + type_name(a) + " and a " + type_name(b),
                  e.op == Op::Add ? "join text with `~`" : "");
    auto ia = as_int(a), ib = as_int(b);
    bool zero = ib ? *ib == 0 : b.get<double>() == 0.0;
    if (zero && (e.op == Op::Div || e.op == Op::FloorDiv || e.op == Op::Mod)) return fail(f, e.off, "division by zero");
    if (ia && ib && e.op != Op::Div) {
      int64_t x = *ia, y = *ib, r = 0;
      bool overflow = false;
      switch (e.op) {
        case Op::Add: overflow = __builtin_add_overflow(x, y, &r); break;
        case Op::Sub: overflow = __builtin_sub_overflow(x, y, &r); break;
        case Op::Mul: overflow = __builtin_mul_overflow(x, y, &r); break;
        default:  // floor division and modulo as in Python/Jinja: the sign follows the divisor
          if (x == INT64_MIN && y == -1) { overflow = true; break; }
          r = e.op == Op::FloorDiv ? x / y : x % y;
          if (e.op == Op::FloorDiv && (x % y != 0) && ((x < 0) != (y < 0))) --r;
          if (e.op == Op::Mod && r != 0 && ((r < 0) != (y < 0))) r += y;
      }
      if (!overflow) {
        v.set_own(r);
        return true;
      }
    }
    double x = a.get<double>(), y = b.get<double>(), r;
    switch (e.op) {
      case Op::Add: r = x + y; break;
      case Op::Sub: r = x - y; break;
      case Op::Mul: r = x * y; break;
      case Op::Div: r = x / y; break;
      case Op::FloorDiv: r = std::floor(x / y); break;
      default: r = std::fmod(x, y); if (r != 0 && ((r < 0) != (y < 0))) r += y;
    }
    v.set_own(r);
    return true;
  }

  // -- filters --------------------------------------------------------------------------------------

  bool eval_filter(const Frame& f, const Expr& e, const Scope& sc, Value& v) {
    Value base;
    bool undef = false;
    if (!eval(f, *e.kids[0], sc, base, e.builtin == Builtin::Default ? &undef : nullptr)) return false;
    std::vector<Value> args(e.kids.size() - 1);
    for (size_t i = 1; i < e.kids.size(); ++i)
      if (!eval(f, *e.kids[i], sc, args[i - 1])) return false;
    if (e.builtin == Builtin::Custom) return call_custom(f, e, base, args, v);
    if (e.builtin == Builtin::Default) {
      v = std::move(undef || base.get().is_null() ? args[0] : base);
      return true;
    }
    Host host(*this, f);
    return apply_builtin_filter(host, e, base, args, v);
  }

  bool call_custom(const Frame& f, const Expr& e, const Value& base, const std::vector<Value>& args, Value& v) {
    auto it = env_.filters.find(e.name);
    if (it == env_.filters.end() || !it->second) return fail(f, e.off, "unknown filter " + ticked(e.name));
    std::vector<json> plain_args;
    plain_args.reserve(args.size());
    for (auto& a : args) {
      if (!charge_copy(f, e.off, a.get())) return false;
      plain_args.push_back(a.get());
    }
    std::optional<Result<json>> r;
    try {
      r.emplace(it->second(base.get(), plain_args));
    } catch (const std::exception& ex) {
      return fail(f, e.off, "filter " + ticked(e.name) + " failed: " + ex.what());
    }
    if (!*r) return fail(f, e.off, "filter " + ticked(e.name) + ": " + r->error().message, r->error().hint);
    v.set_own(std::move(**r));
    return true;
  }

};

}  // namespace

Result<std::string> render_page(const EnvState& env, const Template& t, const json& context, std::string_view page) {
  std::string suffix = page.empty() ? "" : " (rendering " + std::string(page) + ")";
  Renderer r(env, page);
  r.out.reserve(16384);
  Scope root;
  root.globals = &context;
  try {
    if (!r.render_template(t, root)) return *r.err;
  } catch (const std::exception& ex) {
    return make_error({t.file, 0, 0}, std::string("internal error while rendering: ") + ex.what() + suffix);
  }
  return std::move(r.out);
}

}  // namespace oit::tmpl
