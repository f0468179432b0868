// cpp_kernels: a compiled program read for emission as C++ — each node's C++ name, symbolic
// sizes and emission rule (rules.hpp), where its values are, and each kernel's function text with
// the formulas it computes. cpp.hpp assembles the files from them.
#pragma once

#include "metagrad/codegen/node_rule.hpp"
#include "metagrad/codegen/schedule.hpp"
#include "metagrad/codegen/source_text.hpp"
#include "metagrad/codegen/symbolic_dims.hpp"

#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace metagrad::codegen {

struct cpp_options {
  std::string name;                     // the namespace and the files' stem: NAME.hpp, NAME.cpp
  std::string model;                    // what the banner says the code was generated from
  std::vector<std::string> root_names;  // a C++ name per root, in compile()'s order
  // (parameter, the root holding its gradient): what step() updates.
  std::vector<std::pair<std::string, std::size_t>> parameters;
};

namespace detail {

template <class P>
class cpp_kernels {
 protected:
  using topo = typename P::topo;
  using plan = typename P::plan;
  static constexpr std::size_t n = topo::size;

  explicit cpp_kernels(const cpp_options& o)
      : o_(o), kernel_(kernel_of<P>()), last_forward_(last_forward_kernel<P>()) {
    for (std::size_t i = 0; i < n; ++i)
      if (plan::buffered[i]) kernels_.push_back(i);
    if (!identifier(o.name))
      throw std::invalid_argument("emit_cpp: '" + o.name + "' is not a C++ name");
    [&]<std::size_t... I>(std::index_sequence<I...>) { (visit<I>(), ...); }
    (std::make_index_sequence<n>{});
    for (std::size_t i = 0; i < n; ++i) tie_sizes(i);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (is_leaf_node(i) && is_leaf_node(j) && names_[i] == names_[j])
          throw std::invalid_argument("emit_cpp: two leaves have the C++ name '" + names_[i] +
                                      "' (a '.' is written '_')");
    // The parameters step() updates inside their gradients' kernels, as workspace::sgd_step does.
    std::vector<graph::update_pair> pairs;
    for (const auto& [param, root] : o_.parameters)
      pairs.push_back({leaf_index(param), topo::root_index.at(root)});
    const auto folded = plan::folded_updates(pairs);
    for (std::size_t i = 0; i < n; ++i)
      folded_.push_back(folded[i] == graph::npos ? graph::npos : pairs[folded[i]].param);
  }

  // Names, symbolic sizes and rules of node I.
  template <std::size_t I>
  void visit() {
    using T = typename P::template node<I>;
    if constexpr (is_leaf<T>::value) {
      const std::string name = cpp_name(T::name);
      if (!identifier(name) || reserved(name))
        throw std::invalid_argument("emit_cpp: leaf '" + name +
                                    "' needs a C++ name that is not a generated one");
      sparse_ = sparse_ || T::kind == leaf_kind::sparse_input;
      names_.push_back(name);
      dims_.push_back({sym_.of_leaf(T::static_shape.rows, name + "_rows"),
                       sym_.of_leaf(T::static_shape.cols, name + "_cols")});
      rules_.emplace_back();
    } else {
      using Op = typename metagrad::detail::op_of<T>::type;
      names_.push_back(std::string(1, 't').append(std::to_string(I)));  // -Wrestrict-safe (g++ 12)
      for (std::size_t k = 0; k < topo::root_index.size(); ++k)
        if (topo::root_index[k] == I && plan::buffered[I] && k < o_.root_names.size())
          names_[I] = o_.root_names[k];
      dims_.push_back([&]<std::size_t... K>(std::index_sequence<K...>) {
        return Op::infer(dims_[topo::operand(I, K)]...);
      }(std::make_index_sequence<plan::record(I).arity>{}));
      rules_.push_back(rule_for<Op>());
    }
  }

  static bool reserved(const std::string& s) {
    static const std::set<std::string> words{"in", "b", "n",     "v",   "i",
                                             "j",  "V", "Index", "out", "learning_rate"};
    return words.count(s) || (s.size() > 1 && s[0] == 't' &&
                              s.find_first_not_of("0123456789", 1) == std::string::npos);
  }

  // The sizes an op ties together.
  void tie_sizes(std::size_t i) {
    const graph::node_record& r = plan::record(i);
    const std::string where = std::string(r.name) + " (node " + std::to_string(i) + ")";
    if (r.kind == op_kind::matmul || r.kind == op_kind::sparse_matmul)  // a b: a.cols = b.rows
      sym_.unify(dims_[operand(i, 0)].cols, dims_[operand(i, 1)].rows, where);
    if (r.kind == op_kind::sparse_grad)  // x^T g: x.rows = g.rows
      sym_.unify(dims_[operand(i, 0)].rows, dims_[operand(i, 1)].rows, where);
    if (r.kind == op_kind::rowwise)  // one output row per row of every operand
      for (std::size_t k = 0; k < r.arity; ++k)
        sym_.unify(dims_[operand(i, k)].rows, dims_[i].rows, where);
    if (r.kind != op_kind::elementwise) return;
    for (std::size_t k = 0; k < r.arity; ++k) {
      const shape a = dims_[operand(i, k)];
      const read how = rules_[i].reads[k];
      if (how == read::each || how == read::column) sym_.unify(a.rows, dims_[i].rows, where);
      if (how == read::each || how == read::row) sym_.unify(a.cols, dims_[i].cols, where);
    }
  }

  static std::size_t operand(std::size_t i, std::size_t k) { return topo::operand(i, k); }
  static bool is_leaf_node(std::size_t i) { return plan::record(i).kind == op_kind::leaf; }
  static bool is_view(std::size_t i) {
    return plan::record(i).kind == op_kind::transpose && !plan::buffered[i];
  }
  bool inlined_into(std::size_t i, std::size_t k) const {
    return !is_leaf_node(i) && !plan::buffered[i] && !is_view(i) && kernel_[i] == k;
  }
  std::string rows(std::size_t i) const { return sym_.text(dims_[i].rows); }
  std::string cols(std::size_t i) const { return sym_.text(dims_[i].cols); }
  // For comments: sizes by their names.
  std::string size_text(std::size_t i) const {
    return sym_.text(dims_[i].rows, "") + " x " + sym_.text(dims_[i].cols, "");
  }

  // Where node i's values are: a leaf's pointer or a buffer, possibly through a transposed view.
  memory memory_of(std::size_t i) const {
    const bool view = is_view(i);
    const std::size_t at = view ? operand(i, 0) : i;
    if (!is_leaf_node(at) && !plan::buffered[at])
      throw std::logic_error("emit_cpp: node " + std::to_string(at) + " has no memory");
    return {(is_leaf_node(at) ? "in." : "b.") + names_[at], rows(at), cols(at), view};
  }

  // Node i as a formula over buffers and leaves, for comments.
  std::string describe(std::size_t i, std::size_t k) const {
    if (is_leaf_node(i) || (plan::buffered[i] && i != k)) return names_[i];
    if (is_view(i)) return describe(operand(i, 0), k) + "^T";
    const graph::node_record& r = plan::record(i);
    std::string out = std::string(r.name) + "(";
    bool first = true;
    for (std::size_t a = 0; a < r.arity; ++a) {
      if (!r.reads_data(a)) continue;
      out += (first ? "" : ", ") + describe(operand(i, a), k);
      first = false;
    }
    return out + ")";
  }

  // Memory read as an element-wise op reads it at (i, j), with the loop's tag v.
  static std::string read_text(const memory& m, read how) {
    if (how == read::each)
      return m.transposed ? "gather(v, " + m.data + " + j + i * " + m.rows + ", " + m.rows + ")"
                          : "load(v, " + m.data + " + i + j * " + m.rows + ")";
    if (how == read::row)
      return "splat(v, " + m.data + "[" + (m.transposed || m.rows == "1" ? "j" : "j * " + m.rows) +
             "])";
    if (how == read::column)
      return m.transposed ? "gather(v, " + m.data + " + i * " + m.rows + ", " + m.rows + ")"
                          : "load(v, " + m.data + " + i)";
    return "splat(v, " + m.data + "[0])";
  }

  // The lambda f(v, i, j) computing node `result` at (i, j) inside kernel k, with the nodes inlined
  // there; it stores into k's buffer when `store`, else returns the value.
  std::string element_lambda(std::size_t k, std::size_t result, bool store) const {
    const std::string head = "[&](auto v, Index i, Index j) {";
    if (!store && !inlined_into(result, k))  // a reduction of memory: one load
      return head + " return " + read_text(memory_of(result), read::each) + "; }";
    std::string loads, body;
    std::set<std::string> loaded;
    auto operand_text = [&](std::size_t i, std::size_t a) -> std::string {
      const std::size_t c = operand(i, a);
      const read how = rules_[i].reads[a];
      if (how == read::shape) return "";
      if (inlined_into(c, k)) return names_[c];
      if (how == read::scalar) return "in." + names_[c];
      const memory m = memory_of(c);
      const std::string local = names_[is_view(c) ? operand(c, 0) : c] +
                                (m.transposed ? "_t" : "") +
                                (how == read::each     ? ""
                                 : how == read::row    ? "_row"
                                 : how == read::column ? "_col"
                                                       : "_0");
      if (loaded.insert(local).second)
        loads += "    const auto " + local + " = " + read_text(m, how) + ";\n";
      return local;
    };
    for (std::size_t i = 0; i <= result; ++i) {
      if (!(inlined_into(i, k) || (i == k && i == result))) continue;
      element_site site{{}, rows(i), cols(i)};
      for (std::size_t a = 0; a < plan::record(i).arity; ++a) site.in.push_back(operand_text(i, a));
      body += "    const auto " + names_[i] + " = " + rules_[i].value(site) + ";\n";
    }
    const std::string end = store ? "    store(b." + names_[k] + " + i + j * " + rows(k) + ", " +
                                        names_[result] + ");\n"
                                  : "    return " + names_[result] + ";\n";
    return head + "\n" + loads + body + end + "  }";
  }

  // The site of kernel op k: its buffer, size, operands in memory, and for a reduction the value
  // it reduces.
  kernel_site site_of(std::size_t k) const {
    const graph::node_record& r = plan::record(k);
    kernel_site site{.out = "b." + names_[k],
                     .rows = rows(k),
                     .cols = cols(k),
                     .threads = "b.threads",
                     .scratch = "b.scratch.data()",
                     .scratch_stride = "b.scratch_stride",
                     .touched = "b.touched_" + names_[k]};
    if (r.kind == op_kind::reduce) {
      const std::size_t c = operand(k, 0);
      site.value = element_lambda(k, c, false);
      site.in_rows = rows(c), site.in_cols = cols(c);
    } else {
      for (std::size_t a = 0; a < r.arity; ++a)
        if (r.reads_data(a)) site.in.push_back(memory_of(operand(k, a)));
    }
    return site;
  }

  std::string kernel_function(std::size_t k, std::size_t ordinal) const {
    const graph::node_record& r = plan::record(k);
    std::string formulas;
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i <= k; ++i)
      if ((i == k || inlined_into(i, k)) && seen.insert(rules_[i].formula).second)
        formulas += "//   " + std::string(rules_[i].formula) + "\n";
    const std::string body = r.kind == op_kind::elementwise && !rules_[k].kernel
                                 ? "  for_each_element(" + rows(k) + ", " + cols(k) + ", " +
                                       element_lambda(k, k, true) + ");\n"
                                 : "  " + rules_[k].kernel(site_of(k));
    const bool uses_sizes = mentions(body, "n"), uses_leaves = mentions(body, "in");
    return "// kernel " + std::to_string(ordinal) + " of " + std::to_string(kernels_.size()) +
           ": " + names_[k] + " (" + size_text(k) + ") = " + describe(k, k) + "\n" + formulas +
           "void kernel_" + std::to_string(ordinal) + "(" +
           (uses_leaves ? "const leaves& in" : "const leaves&") + ", buffers& b, " +
           (uses_sizes ? "const sizes& n" : "const sizes&") + ") {\n" + body + "}\n";
  }

  // step()'s statements for kernel k: its call, or (a gradient whose parameter's SGD is folded
  // into it) the kernel adding -learning_rate times the gradient into the parameter.
  std::string step_statement(std::size_t k, std::size_t ordinal) const {
    const std::string call = "kernel_" + std::to_string(ordinal);
    if (folded_[k] == graph::npos) return "  " + call + "(in, b, b.n);\n";
    if (!rules_[k].step_kernel)
      throw std::logic_error("emit_cpp: node " + std::to_string(k) + " has no step_kernel rule");
    kernel_site site = site_of(k);
    site.out = "in." + names_[folded_[k]];
    return "  // " + call + "'s result times -learning_rate, added into " + names_[folded_[k]] +
           ":\n  " + rules_[k].step_kernel(site);
  }

  bool training() const { return !o_.parameters.empty(); }

  std::size_t leaf_index(const std::string& name) const {
    for (std::size_t i = 0; i < n; ++i)
      if (is_leaf_node(i) && names_[i] == cpp_name(name)) return i;
    throw std::invalid_argument("emit_cpp: no leaf named '" + name + "'");
  }

  cpp_options o_;
  std::vector<std::size_t> kernel_;   // the kernel computing each node (schedule.hpp)
  std::size_t last_forward_;          // the last kernel of the forward pass
  std::vector<std::size_t> kernels_;  // the buffered nodes, in order: one kernel each
  symbolic_dims sym_;
  std::vector<std::string> names_;
  std::vector<shape> dims_;
  std::vector<node_rule> rules_;
  std::vector<std::size_t> folded_;  // per node: the parameter step() updates in its kernel
  bool sparse_ = false;
};

}  // namespace detail

}  // namespace metagrad::codegen
