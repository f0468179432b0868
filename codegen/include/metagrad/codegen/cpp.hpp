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
#include "metagrad/codegen/cpp_kernels.hpp"
#include "metagrad/codegen/embedded_sources.hpp"
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

namespace detail {

template <class P>
class cpp_emitter : public cpp_kernels<P> {
  using base = cpp_kernels<P>;
  using base::cols, base::describe, base::folded_, base::is_leaf_node, base::kernel_function,
      base::kernels_, base::last_forward_, base::leaf_index, base::names_, base::o_, base::rows,
      base::rules_, base::size_text, base::sparse_, base::step_statement, base::sym_,
      base::training, base::dims_;
  using base::n;
  using typename base::plan;
  using typename base::topo;

 public:
  explicit cpp_emitter(const cpp_options& o) : base(o) {}

  cpp_files files() const { return {o_.name, header(), source()}; }
  // The sizes the generated `sizes` struct asks for.
  std::vector<symbolic_dims::free_size> free_sizes() const { return sym_.free_sizes(); }

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
