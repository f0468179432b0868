// emit_cpp(program): a compiled program written out as standalone C++17 — a header and a source
// that need Eigen (and OpenMP, optionally) but no metagrad, Boost or Hana. They hold the schedule
// the compiler derived: one function per kernel (a GEMM through Eigen, so through the BLAS Eigen
// is built with; a fused element-wise pass or a reduction as an explicit loop split among OpenMP
// threads), each with the formulas it computes in a comment; `forward` (the first root: the loss),
// `backward` (the other roots: the gradients) and `step` (one step of plain SGD, as
// workspace::sgd_step: each weight's update folded into its gradient's kernel where nothing reads
// the weight after it), and a `buffers` struct holding the arena's slots, allocated once for the
// data's sizes.
//
// The emission rule of every op is in rules.hpp. The stable formulas, loops and thread partitions
// are the text of the library's own headers (embedded_sources.hpp), so generated code computes
// what the template executor computes.
#pragma once

#include "metagrad/codegen/cpp_files.hpp"
#include "metagrad/codegen/embedded_sources.hpp"
#include "metagrad/codegen/node_rule.hpp"
#include "metagrad/codegen/rules.hpp"
#include "metagrad/codegen/schedule.hpp"
#include "metagrad/codegen/source_text.hpp"
#include "metagrad/codegen/symbolic_dims.hpp"

#include <cctype>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
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
class cpp_emitter {
  using topo = typename P::topo;
  using plan = typename P::plan;
  static constexpr std::size_t n = topo::size;

 public:
  explicit cpp_emitter(const cpp_options& o)
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

  cpp_files files() const { return {o_.name, header(), source()}; }
  // The sizes the generated `sizes` struct asks for.
  std::vector<symbolic_dims::free_size> free_sizes() const { return sym_.free_sizes(); }

 private:
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

 public:
  // The header's includes, and its namespace's contents.
  static std::string header_includes() {
    return "#include <Eigen/Core>\n\n#include <array>\n#include <cstddef>\n#include <vector>\n";
  }
  std::string declarations() const {
    std::ostringstream h;
    h << "using Index = Eigen::Index;\n\n";
    if (sparse_)
      h << "// metagrad's sparse input and touched-rows record (its own header's text).\n"
        << "using dim_t = std::ptrdiff_t;\n\n"
        << embedded_body(embedded::sparse_view) << "\n";
    h << "// The sizes the data decides.\nstruct sizes {\n";
    for (const auto& f : sym_.free_sizes()) {
      h << "  Index " << f.name << " = 0;";
      if (f.members.size() > 1) {
        h << "  // also";
        for (std::size_t m = 1; m < f.members.size(); ++m) h << " " << f.members[m];
      }
      h << "\n";
    }
    h << "};\n\n// The model's leaves: inputs are read, parameters updated in place by step().\n"
      << "struct leaves {\n";
    for (std::size_t i = 0; i < n; ++i) {
      if (!is_leaf_node(i)) continue;
      const leaf_kind kind = plan::record(i).leaf;
      if (kind == leaf_kind::scalar)
        h << "  float " << names_[i] << " = 0;  // scalar\n";
      else if (kind == leaf_kind::sparse_input)
        h << "  sparse_view<float> " << names_[i] << ";  // sparse rows, " << size_text(i) << "\n";
      else
        h << "  " << (kind == leaf_kind::param && training() ? "float* " : "const float* ")
          << names_[i] << " = nullptr;  // " << kind_text(kind) << ", " << size_text(i) << "\n";
    }
    h << "};\n\n// Every buffer of the schedule, in " << plan::slots.count
      << " slots allocated once for the given sizes; the roots by name.\nstruct buffers {\n"
      << "  explicit buffers(const sizes& s);\n  buffers(const buffers&) = delete;\n"
      << "  buffers& operator=(const buffers&) = delete;\n\n  const sizes n;\n";
    for (std::size_t i : kernels_)
      h << "  float* " << names_[i] << " = nullptr;  // " << size_text(i) << ", slot "
        << plan::slots.of[i] << ": " << describe(i, i) << "\n";
    if (sparse_) {
      h << "\n  // The sparse kernels' thread count and scratch, and the rows each sparse "
           "gradient\n"
        << "  // touched (what step() updates).\n"
        << "  int threads = 1;\n  Index scratch_stride = 0;\n  Eigen::VectorXf scratch;\n";
      for (std::size_t i : kernels_)
        if (plan::record(i).kind == op_kind::sparse_grad)
          h << "  touched_rows touched_" << names_[i] << ";\n";
    }
    h << "\n private:\n  std::array<Eigen::VectorXf, " << plan::slots.count << "> slot_;\n};\n\n"
      << "// The first root (the loss) for the leaves' current values.\n"
      << "void forward(const leaves& in, buffers& b);\n";
    if (training())
      h << "// The other roots (the gradients); after forward.\n"
        << "void backward(const leaves& in, buffers& b);\n"
        << "// One step of plain SGD: forward, backward, every parameter p -= learning_rate dp;\n"
        << "// a parameter's update is added by its gradient's kernel straight into it where\n"
        << "// nothing reads it after that kernel (that gradient's buffer is then not written).\n"
        << "void step(leaves& in, buffers& b, float learning_rate);\n";
    return h.str();
  }

  // The source's includes, and its namespace's contents.
  static std::string source_includes() {
    return "#include <Eigen/Core>\n\n#include <algorithm>\n#include <array>\n#include <cmath>\n"
           "#include <cstddef>\n#include <stdexcept>\n#include <string>\n#include <vector>\n"
           "\n#ifdef _OPENMP\n#include <omp.h>\n#endif\n";
  }
  std::string definitions() const {
    std::string kernel_text = sparse_check();
    for (std::size_t o = 0; o < kernels_.size(); ++o)
      kernel_text += kernel_function(kernels_[o], o + 1) + "\n";
    const std::string rest = entry_points();
    std::vector<std::string_view> headers{embedded::threads, embedded::product_threads,
                                          embedded::stable_math, embedded::softmax_math};
    if (sparse_) headers.push_back(embedded::sparse_kernels);
    headers.push_back(embedded::kernel_loops);
    return "namespace {\n\n"
           "// What the kernels use of metagrad's thread partition, stable formulas and loops "
           "(the\n"
           "// text of its own headers).\n" +
           std::string(sparse_ ? "" : "using dim_t = std::ptrdiff_t;\n") +
           "namespace pm = Eigen::internal;\n\n" + needed_units(headers, kernel_text + rest) +
           kernel_text + "}  // namespace\n\n" + rest;
  }

  // The buffers' constructor, forward, backward and step.
  std::string entry_points() const {
    const std::vector<std::size_t>& ks = kernels_;
    std::ostringstream s;
    s << "buffers::buffers(const sizes& s) : n(s) {\n";
    for (std::size_t slot = 0; slot < plan::slots.count; ++slot) {
      std::string sizes;
      for (std::size_t i : ks)
        if (plan::slots.of[i] == slot)
          sizes += ", " + sym_.text(dims_[i].rows, "s.") + " * " + sym_.text(dims_[i].cols, "s.");
      s << "  slot_[" << slot << "].resize(std::max<Index>({1" << sizes << "}));\n";
    }
    for (std::size_t slot = 0; slot < plan::slots.count; ++slot) {  // a = b = slot_[k].data();
      s << " ";
      for (std::size_t i : ks)
        if (plan::slots.of[i] == slot) s << " " << names_[i] << " =";
      s << " slot_[" << slot << "].data();\n";
    }
    s << sparse_state() << "}\n\n";
    std::string fwd, bwd;
    if (sparse_) fwd = bwd = "  check_sparse_sizes(in, b.n);\n";
    for (std::size_t o = 0; o < ks.size(); ++o)
      (ks[o] <= last_forward_ ? fwd : bwd) +=
          "  kernel_" + std::to_string(o + 1) + "(in, b, b.n);\n";
    s << "void forward(const leaves& in, buffers& b) {\n" << fwd << "}\n";
    if (!training()) return s.str();
    s << "\nvoid backward(const leaves& in, buffers& b) {\n"
      << bwd << "}\n\n"
      << "void step(leaves& in, buffers& b, float learning_rate) {\n  forward(in, b);\n"
      << "  if (learning_rate == 0) return;  // the kernels below read 0 as \"not a step\"\n";
    std::string body;
    for (std::size_t o = 0; o < ks.size(); ++o)
      if (ks[o] > last_forward_) body += step_statement(ks[o], o + 1);
    body += updates();
    if (mentions(body, "n")) s << "  const sizes& n = b.n;\n";
    s << body << "}\n";
    return s.str();
  }

  // SGD from its gradient's buffer on every parameter not updated inside a kernel.
  std::string updates() const {
    std::string out;
    for (const auto& [param, root] : o_.parameters) {
      const std::size_t g = topo::root_index.at(root), p = leaf_index(param);
      if (folded_[g] != graph::npos) continue;
      if (rules_[g].update)
        out += "  " + rules_[g].update({"in." + param, "b." + names_[g], rows(p), cols(p),
                                        "b.touched_" + names_[g]});
      else
        out += "  sgd(in." + param + ", b." + names_[g] + ", " + rows(p) + " * " + cols(p) +
               ", learning_rate);\n";
    }
    return out;
  }

  std::string header() const {
    return banner(o_.model) + "//\n// " + o_.name +
           "::forward computes the first root (the loss), backward the others (its gradients),\n"
           "// step updates the parameters. Matrices are column-major floats; `leaves` holds the\n"
           "// caller's data by address.\n#pragma once\n\n" +
           header_includes() + "\nnamespace " + o_.name + " {\n\n" + declarations() +
           "\n}  // namespace " + o_.name + "\n";
  }
  std::string source() const {
    return banner(o_.model) + schedule() + "#include \"" + o_.name + ".hpp\"\n\n" +
           source_includes() + "\nnamespace " + o_.name + " {\n" + definitions() +
           "\n}  // namespace " + o_.name + "\n";
  }

  // The table of contents: every kernel, in order, with what it computes.
  std::string schedule() const {
    const std::vector<std::size_t>& ks = kernels_;
    std::string out = "//\n// The schedule: " + std::to_string(ks.size()) + " kernels over " +
                      std::to_string(plan::slots.count) + " buffers.\n";
    for (std::size_t o = 0; o < ks.size(); ++o)
      out += "//  " + std::string(o < 9 ? " " : "") + std::to_string(o + 1) +
             (ks[o] <= last_forward_ ? " forward  " : " backward ") + names_[ks[o]] + " = " +
             describe(ks[o], ks[o]) +
             (folded_[ks[o]] == graph::npos ? ""
                                            : "   (step(): into " + names_[folded_[ks[o]]] + ")") +
             "\n";
    return out;
  }

 private:
  // The constructor's part for sparse kernels: thread count, scratch, touched-row records, and the
  // zeros a sparse gradient keeps outside the rows it writes.
  std::string sparse_state() const {
    if (!sparse_) return "";
    std::string scratch = "0", out = "  threads = default_threads();\n";
    for (std::size_t i : kernels_) {
      const op_kind kind = plan::record(i).kind;
      if (kind != op_kind::sparse_matmul && kind != op_kind::sparse_grad) continue;
      const std::string r = sym_.text(dims_[i].rows, "s."), c = sym_.text(dims_[i].cols, "s.");
      const std::string longer = "std::max<Index>(" + r + ", " + c + ")";
      scratch += ", " + (kind == op_kind::sparse_matmul ? "sparse_row_block * " + longer : longer);
      if (kind == op_kind::sparse_grad)
        out += "  touched_" + names_[i] + ".reserve(" + longer + ");\n  std::fill(" + names_[i] +
               ", " + names_[i] + " + " + r + " * " + c + ", 0.0f);\n";
    }
    return out + "  scratch_stride = (std::max<Index>({" + scratch + "}) + 15) / 16 * 16;\n" +
           "  scratch.resize(scratch_stride * threads);\n";
  }

  // forward() and backward() refuse a sparse input of other sizes than the buffers were made for.
  std::string sparse_check() const {
    if (!sparse_) return "";
    std::string out =
        "// A sparse input must have the sizes the buffers were made for.\n"
        "void check_sparse_sizes(const leaves& in, const sizes& n) {\n";
    for (std::size_t i = 0; i < n; ++i) {
      if (!is_leaf_node(i) || plan::record(i).leaf != leaf_kind::sparse_input) continue;
      const std::string x = "in." + names_[i];
      out += "  if (" + x + ".rows != " + rows(i) + " || " + x + ".cols != " + cols(i) + ")\n";
      out += "    throw std::invalid_argument(\"" + o_.name + ": sparse input " + names_[i] +
             " is \" + std::to_string(" + x + ".rows) + \" x \" + std::to_string(" + x +
             ".cols) + \", the buffers were made for \" + std::to_string(" + rows(i) +
             ") + \" x \" + std::to_string(" + cols(i) + "));\n";
    }
    return out + "}\n\n";
  }

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

template <class... Roots>
cpp_files emit_cpp(program<Roots...>, const cpp_options& options) {
  return detail::cpp_emitter<program<Roots...>>(options).files();
}

// The training program of a loss and grad(loss, params...): roots "loss" and "d_<param>", and a
// step() updating every parameter.
template <expression Loss, class... Entries>
cpp_files emit_cpp(Loss loss, gradient_set<Entries...> grads, std::string name, std::string model) {
  cpp_options o{std::move(name), std::move(model), {"loss"}, {}};
  grads.for_each([&](auto param, auto) {
    o.parameters.emplace_back(std::string(decltype(param)::name), o.root_names.size());
    o.root_names.push_back("d_" + detail::cpp_name(decltype(param)::name));
  });
  return emit_cpp(compile(loss, grads), o);
}

}  // namespace metagrad::codegen
