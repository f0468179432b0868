// concat(a, b): the columns of a, then those of b, row by row — the join of two towers (one per
// input column) before the layer that reads both. Its adjoint splits the gradient back: the left
// columns to a, the right ones to b, each as wide as the operand it goes to (read from that
// operand's shape only, so a width the data decides works too).
//
//   concat(a, b) = [a b]          d/da = g[:, :a.cols]    d/db = g[:, a.cols:]
//   left_cols(g, a)  = g[:, :a.cols]       right_cols(g, b) = g[:, g.cols - b.cols:]
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"

#include <Eigen/Core>

namespace metagrad {

// The first (Left) or last columns of g, as many as `like` has.
template <bool Left>
struct side_cols_op : elementwise_op {
  static constexpr const char* name = Left ? "left_cols" : "right_cols";
  static constexpr op_kind kind = op_kind::rowwise;
  static constexpr unsigned buffered = 0b01;
  static constexpr unsigned shape_only = 0b10;
  static constexpr shape infer(shape g, shape like) { return {g.rows, like.cols}; }
  template <class S>
  static void compute_row(Eigen::Index i, auto& out, const auto& g, const auto&) {
    const Eigen::Index n = out.cols();
    if constexpr (Left)
      out.row(i) = g.row(i).head(n);
    else
      out.row(i) = g.row(i).tail(n);
  }
};

struct concat_op : elementwise_op {
  static constexpr const char* name = "concat";
  static constexpr op_kind kind = op_kind::rowwise;
  static constexpr unsigned buffered = 0b11;
  template <class A, class B>
  static constexpr bool valid() {
    return check::concat_rows<A::static_shape.rows, B::static_shape.rows>();
  }
  static void check(shape a, shape b) { check::concat_rows(a.rows, b.rows); }
  static constexpr shape infer(shape a, shape b) {
    return {merge_dim(a.rows, b.rows), a.cols == dyn || b.cols == dyn ? dyn : a.cols + b.cols};
  }
  template <class S>
  static void compute_row(Eigen::Index i, auto& out, const auto& a, const auto& b) {
    out.row(i).head(a.cols()) = a.row(i);
    out.row(i).tail(b.cols()) = b.row(i);
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A a, B b) {
    if constexpr (K == 0)
      return make<side_cols_op<true>>(g, a);
    else
      return make<side_cols_op<false>>(g, b);
  }
};

template <expression A, expression B>
constexpr auto concat(A a, B b) {
  return make<concat_op>(a, b);
}

}  // namespace metagrad
