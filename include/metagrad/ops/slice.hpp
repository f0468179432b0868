// slice<begin, count>(a): columns begin .. begin + count - 1 of a, row by row — one head of a
// network's outputs, or one input column's block of a joined matrix. Its adjoint puts the
// gradient back in place, zeros elsewhere (as wide as a, read from a's shape only).
//
//   slice<b, n>(a) = a[:, b : b + n]      d/da = [0 g 0]   (g in columns b .. b + n - 1)
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"

#include <Eigen/Core>

namespace metagrad {

// g placed at column Begin of a matrix shaped like `like`, zeros elsewhere.
template <dim_t Begin>
struct unslice_op : elementwise_op {
  static constexpr const char* name = "unslice";
  static constexpr op_kind kind = op_kind::rowwise;
  static constexpr unsigned buffered = 0b01;
  static constexpr unsigned shape_only = 0b10;
  static constexpr dim_t begin = Begin;
  static constexpr shape infer(shape g, shape like) { return {g.rows, like.cols}; }
  template <class S>
  static void compute_row(Eigen::Index i, auto& out, const auto& g, const auto&) {
    out.row(i).setZero();
    out.row(i).segment(Begin, g.cols()) = g.row(i);
  }
};

template <dim_t Begin, dim_t Count>
struct slice_op : elementwise_op {
  static constexpr const char* name = "slice";
  static constexpr op_kind kind = op_kind::rowwise;
  static constexpr unsigned buffered = 0b1;
  static constexpr dim_t begin = Begin;
  template <class A>
  static constexpr bool valid() {
    return check::slice_cols<Begin + Count, A::static_shape.cols>();
  }
  static void check(shape a) { check::slice_cols(Begin + Count, a.cols); }
  static constexpr shape infer(shape a) { return {a.rows, Count}; }
  template <class S>
  static void compute_row(Eigen::Index i, auto& out, const auto& a) {
    out.row(i) = a.row(i).segment(Begin, Count);
  }
  template <std::size_t K, class Self, class G, class A>
  static constexpr auto vjp(Self, G g, A a) {
    return make<unslice_op<Begin>>(g, a);
  }
};

template <dim_t Begin, dim_t Count, expression A>
constexpr auto slice(A a) {
  static_assert(Begin >= 0 && Count > 0, "slice<begin, count>(a): begin >= 0 and count > 0");
  return make<slice_op<Begin, Count>>(a);
}

}  // namespace metagrad
