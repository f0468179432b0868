// rule<Op>: how generated C++ computes each op — one emission rule per op, all of them here.
//
// An element-wise op's rule states how it reads each operand (`reads`), the formula a reader of the
// generated code sees (`formula`), and value(): its result at (i, j) as an expression of its
// operands' values there, in Eigen's packet primitives and the embedded stable formulas, so the
// one expression serves single floats and packets (kernel_loops.hpp). A kernel op's rule (a
// product, a reduction, a copy) writes kernel(): the statements computing its whole buffer.
#pragma once

#include "metagrad/metagrad.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace metagrad::codegen {

// How an element-wise op reads operand K at (i, j).
enum class read {
  each,    // its (i, j): an operand of the result's size
  row,     // its (0, j): a row, the same down every column
  column,  // its (i, 0): a column, the same along every row
  first,   // its (0, 0)
  scalar,  // a run-time number
  shape    // nothing: only its size matters
};

// An element-wise op's site: its operands as C++ names (values of the type of the loop's tag v,
// floats for scalars) and its size as C++ text.
struct element_site {
  std::vector<std::string> in;
  std::string rows, cols;
};

// A matrix in memory: a pointer expression and its stored size (before any transposition).
struct memory {
  std::string data, rows, cols;
  bool transposed = false;  // the op reads it transposed (a view)
};

// A kernel op's site: the output buffer and size, each operand in memory, for reductions the
// lambda f(v, i, j) giving the reduced operand's value at (i, j) over its size in_rows x in_cols,
// and for sparse kernels the state they keep: the thread count the buffers were made for,
// per-thread scratch, and a sparse gradient's touched rows.
struct kernel_site {
  std::string out, rows, cols;
  std::vector<memory> in{};
  std::string value{}, in_rows{}, in_cols{};
  std::string threads, scratch, scratch_stride, touched;
};

// A parameter's update by plain SGD with its gradient, both rows x cols in memory.
struct update_site {
  std::string param, gradient, rows, cols, touched;
};

namespace detail {
inline std::string call(std::string_view f, const std::vector<std::string>& args) {
  std::string out(f);
  out += '(';
  for (std::size_t k = 0; k < args.size(); ++k) out.append(k ? ", " : "").append(args[k]);
  return out + ')';
}
inline std::string matrix_text(const memory& m) {
  return "as_matrix(" + m.data + ", " + m.rows + ", " + m.cols + ")" +
         (m.transposed ? ".transpose()" : "");
}
template <class>
inline constexpr bool no_rule = false;
}  // namespace detail

// An op without a rule stops code generation with one sentence (the op's type is in the
// "required from" line under it).
template <class Op>
struct rule {
  static_assert(detail::no_rule<Op>,
                "codegen: this op has no emission rule: write rule<Op> (codegen/rules.hpp) with "
                "its formula and its value() or kernel()");
  static constexpr bool missing = true;
};

// Rules of element-wise ops that apply one primitive to operands read element by element.
template <std::size_t N>
struct pointwise {
  static constexpr std::array<read, N> reads = [] {
    std::array<read, N> r{};
    r.fill(read::each);
    return r;
  }();
};

template <>
struct rule<add_op> : pointwise<2> {
  static constexpr std::string_view formula = "add(a, b) = a + b";
  static std::string value(const element_site& s) { return detail::call("pm::padd", s.in); }
};
template <>
struct rule<sub_op> : pointwise<2> {
  static constexpr std::string_view formula = "sub(a, b) = a - b";
  static std::string value(const element_site& s) { return detail::call("pm::psub", s.in); }
};
template <>
struct rule<mul_op> : pointwise<2> {
  static constexpr std::string_view formula = "mul(a, b) = a b (element-wise)";
  static std::string value(const element_site& s) { return detail::call("pm::pmul", s.in); }
};
template <double Rate>
struct rule<dropout_op<Rate>> : pointwise<2> {
  static constexpr std::string_view formula = "dropout(x, mask) = x mask (the mask bound per step)";
  static std::string value(const element_site& s) { return detail::call("pm::pmul", s.in); }
};
template <>
struct rule<neg_op> : pointwise<1> {
  static constexpr std::string_view formula = "neg(a) = -a";
  static std::string value(const element_site& s) { return detail::call("pm::pnegate", s.in); }
};
template <>
struct rule<relu_op> : pointwise<1> {
  static constexpr std::string_view formula = "relu(a) = max(a, 0)";
  static std::string value(const element_site& s) {
    return "pm::pmax(" + s.in[0] + ", pm::pzero(" + s.in[0] + "))";
  }
};
template <>
struct rule<relu_grad_op> : pointwise<2> {
  static constexpr std::string_view formula = "relu_grad(g, a) = g [a > 0]";
  static std::string value(const element_site& s) {
    const std::string &g = s.in[0], &a = s.in[1];
    return "pm::pselect(pm::pcmp_lt(pm::pzero(" + a + "), " + a + "), " + g + ", pm::pzero(" + g +
           "))";
  }
};
template <>
struct rule<sigmoid_op> : pointwise<1> {
  static constexpr std::string_view formula = "sigmoid(a) = 1 / (1 + exp(-a))";
  static std::string value(const element_site& s) { return detail::call("sigmoid", s.in); }
};
template <>
struct rule<tanh_op> : pointwise<1> {
  static constexpr std::string_view formula = "tanh(a)";
  static std::string value(const element_site& s) { return detail::call("pm::ptanh", s.in); }
};
template <>
struct rule<tanh_grad_op> : pointwise<2> {
  static constexpr std::string_view formula = "tanh_grad(g, t) = g (1 - t^2)";
  static std::string value(const element_site& s) {
    return "pm::pmul(" + s.in[0] + ", pm::psub(splat(v, 1), pm::pmul(" + s.in[1] + ", " + s.in[1] +
           ")))";
  }
};
template <>
struct rule<softplus_op> : pointwise<1> {
  static constexpr std::string_view formula = "softplus(a) = log(1 + exp(a))";
  static std::string value(const element_site& s) { return detail::call("softplus", s.in); }
};
template <>
struct rule<log_sigmoid_op> : pointwise<1> {
  static constexpr std::string_view formula = "log_sigmoid(a) = -softplus(-a)";
  static std::string value(const element_site& s) {
    return "pm::pnegate(softplus(pm::pnegate(" + s.in[0] + ")))";
  }
};

// a_t = alpha y + (1 - alpha)(1 - y), 1 for alpha < 0: slope y + base.
template <>
struct rule<alpha_weight_op> {
  static constexpr std::array<read, 2> reads{read::each, read::scalar};
  static constexpr std::string_view formula =
      "alpha_weight(y, alpha) = alpha y + (1 - alpha)(1 - y), 1 for alpha < 0";
  static std::string value(const element_site& s) {
    const std::string& alpha = s.in[1];
    return "pm::padd(pm::pmul(" + s.in[0] + ", splat(v, " + alpha + " < 0 ? 0.0f : 2 * " + alpha +
           " - 1)), splat(v, " + alpha + " < 0 ? 1.0f : 1 - " + alpha + "))";
  }
};

template <>
struct rule<add_row_op> {
  static constexpr std::array<read, 2> reads{read::each, read::row};
  static constexpr std::string_view formula = "add_row(a, b)[i, j] = a[i, j] + b[0, j]";
  static std::string value(const element_site& s) { return detail::call("pm::padd", s.in); }
};
template <>
struct rule<mul_row_op> {
  static constexpr std::array<read, 2> reads{read::each, read::row};
  static constexpr std::string_view formula = "mul_row(a, b)[i, j] = a[i, j] b[0, j]";
  static std::string value(const element_site& s) { return detail::call("pm::pmul", s.in); }
};
template <>
struct rule<add_col_op> {
  static constexpr std::array<read, 2> reads{read::each, read::column};
  static constexpr std::string_view formula = "add_col(a, c)[i, j] = a[i, j] + c[i, 0]";
  static std::string value(const element_site& s) { return detail::call("pm::padd", s.in); }
};
template <>
struct rule<mul_col_op> {
  static constexpr std::array<read, 2> reads{read::each, read::column};
  static constexpr std::string_view formula = "mul_col(a, w)[i, j] = a[i, j] w[i, 0]";
  static std::string value(const element_site& s) { return detail::call("pm::pmul", s.in); }
};

// The adjoint of a reduction spread back over what was reduced (divided by its count for a mean).
template <axis Along, bool Mean>
struct rule<expand_op<Along, Mean>> {
  static constexpr std::array<read, 2> reads{Along == axis::all          ? read::first
                                             : Along == axis::per_column ? read::row
                                                                         : read::column,
                                             read::shape};
  static constexpr std::string_view formula =
      Along == axis::all ? (Mean ? "expand(g)[i, j] = g / (rows cols)" : "expand(g)[i, j] = g")
      : Along == axis::per_column
          ? (Mean ? "expand(g)[i, j] = g[j] / rows" : "expand(g)[i, j] = g[j]")
          : (Mean ? "expand(g)[i, j] = g[i] / cols" : "expand(g)[i, j] = g[i]");
  static std::string value(const element_site& s) {
    if constexpr (!Mean) return s.in[0];
    const std::string count = Along == axis::all          ? s.rows + " * " + s.cols
                              : Along == axis::per_column ? s.rows
                                                          : s.cols;
    return "pm::pdiv(" + s.in[0] + ", splat(v, float(" + count + ")))";
  }
};

template <int Value>
struct rule<fill_op<Value>> {
  static constexpr std::array<read, 1> reads{read::shape};
  static constexpr std::string_view formula = Value == 0 ? "zeros" : "ones";
  static std::string value(const element_site&) {
    return Value == 0 ? "splat(v, 0)" : "splat(v, 1)";
  }
  // A buffer of its own (the loss's adjoint seed) is filled, not computed element by element.
  static std::string kernel(const kernel_site& s) {
    return "std::fill_n(" + s.out + ", " + s.rows + " * " + s.cols + ", " +
           (Value == 0 ? "0.0f" : "1.0f") + ");\n";
  }
};

template <>
struct rule<scale_op> {
  static constexpr std::array<read, 2> reads{read::each, read::scalar};
  static constexpr std::string_view formula = "scale(a, s) = s a";
  static std::string value(const element_site& s) {
    return "pm::pmul(" + s.in[0] + ", splat(v, " + s.in[1] + "))";
  }
};

// Kernel ops.

template <>
struct rule<matmul_op> {
  static constexpr std::string_view formula = "matmul(a, b) = a b (GEMM)";
  static std::string kernel(const kernel_site& s) {
    return "product(as_matrix(" + s.out + ", " + s.rows + ", " + s.cols + "), " +
           detail::matrix_text(s.in[0]) + ", " + detail::matrix_text(s.in[1]) + ");\n";
  }
  // A weight's SGD folded into its gradient's product: s.out is the weight.
  static std::string step_kernel(const kernel_site& s) {
    return "product(as_matrix(" + s.out + ", " + s.rows + ", " + s.cols + "), " +
           detail::matrix_text(s.in[0]) + ", " + detail::matrix_text(s.in[1]) +
           ", learning_rate);\n";
  }
};

template <>
struct rule<transpose_op> {
  static constexpr std::string_view formula = "transpose(a) = a^T";
  static std::string kernel(const kernel_site& s) {
    return "as_matrix(" + s.out + ", " + s.rows + ", " + s.cols +
           ") = " + detail::matrix_text(s.in[0]) + ";\n";
  }
};

template <axis Along, bool Mean>
struct rule<reduce_op<Along, Mean>> {
  static constexpr std::string_view formula =
      Along == axis::all
          ? (Mean ? "mean(a) = sum_ij a[i, j] / (rows cols)" : "sum(a) = sum_ij a[i, j]")
      : Along == axis::per_column
          ? (Mean ? "mean(a)[j] = sum_i a[i, j] / rows" : "sum(a)[j] = sum_i a[i, j]")
          : (Mean ? "mean(a)[i] = sum_j a[i, j] / cols" : "sum(a)[i] = sum_j a[i, j]");
  static std::string kernel(const kernel_site& s) { return statement(s, ""); }
  // The SGD step folded in: s.out is the parameter.
  static std::string step_kernel(const kernel_site& s) { return statement(s, "learning_rate"); }
  static std::string statement(const kernel_site& s, const std::string& learning_rate) {
    if constexpr (Along == axis::all) {
      const std::string count = Mean ? " / float(" + s.in_rows + " * " + s.in_cols + ")" : "";
      const std::string sum =
          "float(sum_all(" + s.in_rows + ", " + s.in_cols + ", " + s.value + "))" + count;
      return learning_rate.empty() ? s.out + "[0] = " + sum + ";\n"
                                   : s.out + "[0] -= " + learning_rate + " * (" + sum + ");\n";
    } else {
      const std::string count =
          Mean ? "float(" + (Along == axis::per_column ? s.in_rows : s.in_cols) + ")" : "1.0f";
      return std::string(Along == axis::per_column ? "sum_columns(" : "sum_rows(") + s.in_rows +
             ", " + s.in_cols + ", " + s.out + ", " + count + ", " + s.value +
             (learning_rate.empty() ? "" : ", " + learning_rate) + ");\n";
    }
  }
};

// Row-wise kernels: the row formula (detail/softmax_math.hpp, embedded) for every row, the rows
// split among threads as the executor splits them.
namespace detail {
inline std::string rowwise(const kernel_site& s, std::string_view row_function) {
  std::string out = "auto out = as_array(" + s.out + ", " + s.rows + ", " + s.cols + ");\n";
  std::string args;
  for (std::size_t k = 0; k < s.in.size(); ++k) {
    const std::string name = "in" + std::to_string(k);
    out += "  const auto " + name + " = as_array(" + s.in[k].data + ", " + s.in[k].rows + ", " +
           s.in[k].cols + ");\n";
    args += ", " + name;
  }
  return out + "  parallel_for(threads_for(" + s.rows + " * " + s.cols + ", default_threads(), " +
         s.rows + "), " + s.rows + ", [&](Index r) { " + std::string(row_function) +
         "<float>(r, out" + args + "); });\n";
}
}  // namespace detail

// x W, or x W^T for a first layer stored feature-major (the library's kernels, embedded).
template <>
struct rule<sparse_matmul_op> {
  static constexpr std::string_view formula = "sparse_matmul(x, w) = x w   (x sparse rows)";
  static std::string kernel(const kernel_site& s) {
    const memory &x = s.in[0], &w = s.in[1];
    const std::string out = "auto out = as_array(" + s.out + ", " + s.rows + ", " + s.cols + ");\n";
    if (w.transposed)
      return out + "  sparse_times_transposed(out, " + x.data + ", as_array(" + w.data + ", " +
             w.rows + ", " + w.cols + ").transpose(), " + s.threads + ", " + s.scratch + ", " +
             s.scratch_stride + ");\n";
    return out + "  sparse_times_dense(out, " + x.data + ", as_array(" + w.data + ", " + w.rows +
           ", " + w.cols + "), " + s.threads + ");\n";
  }
};

// x^T g written into the rows of the features in x (FeatureMajor: g^T x, into their columns).
template <bool FeatureMajor>
struct rule<sparse_grad_op<FeatureMajor>> {
  static constexpr std::string_view formula =
      FeatureMajor ? "sparse_matmul_grad_t(x, g) = g^T x   (only the columns of features in x)"
                   : "sparse_matmul_grad(x, g) = x^T g   (only the rows of features in x)";
  static std::string kernel(const kernel_site& s) {
    const memory &x = s.in[0], &g = s.in[1];
    const std::string gradient = "as_array(" + g.data + ", " + g.rows + ", " + g.cols + ")";
    if constexpr (FeatureMajor)
      return "sparse_transpose_times_feature_major(" + s.out + ", " + s.rows + ", " + x.data +
             ", " + gradient + ", " + s.touched + ", " + s.threads + ", " + s.scratch + ", " +
             s.scratch_stride + ");\n";
    return "sparse_transpose_times(" + s.out + ", " + s.rows + ", " + x.data + ", " + gradient +
           ", " + s.touched + ", " + s.threads + ");\n";
  }
  // The SGD step added straight into the weights (s.out), the gradient never written.
  static std::string step_kernel(const kernel_site& s) {
    const memory &x = s.in[0], &g = s.in[1];
    const std::string gradient = "as_array(" + g.data + ", " + g.rows + ", " + g.cols + ")";
    if constexpr (FeatureMajor)
      return "sparse_transpose_times_feature_major_add(" + s.out + ", " + s.rows + ", " + x.data +
             ", " + gradient + ", -learning_rate, " + s.threads + ", " + s.scratch + ", " +
             s.scratch_stride + ");\n";
    return "sparse_transpose_times_add(" + s.out + ", " + s.rows + ", " + x.data + ", " + gradient +
           ", -learning_rate, " + s.threads + ");\n";
  }
  // Only the touched rows (columns) change.
  static std::string update(const update_site& u) {
    return "sgd_touched(" + u.param + ", " + u.gradient + ", " + u.rows + ", " + u.cols + ", " +
           u.touched + ".rows, " + (FeatureMajor ? "true" : "false") + ", learning_rate);\n";
  }
};

}  // namespace metagrad::codegen

#include "metagrad/codegen/elementary_rules.hpp"  // exp, log, ..., concat: their own file
#include "metagrad/codegen/selection_rules.hpp"   // masks, max, min, softmax, slice
