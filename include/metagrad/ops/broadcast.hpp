// Broadcasts: a row or a column added to or multiplying a matrix (add and mul call them where an
// operand is a row or a column: a bias row, a weight column), and the expansions that carry a
// reduction's adjoint back to the reduced shape.
//
//   add_row(a, b)[i, j] = a[i, j] + b[0, j]     d/da = 1,  d/db = sum over rows
//   add_col(a, c)[i, j] = a[i, j] + c[i, 0]     d/da = 1,  d/dc = sum over columns
//   mul_row(a, b)[i, j] = a[i, j] * b[0, j]     d/da = b,  d/db = sum over rows of (g * a)
//   mul_col(a, w)[i, j] = a[i, j] * w[i, 0]     d/da = w,  d/dw = sum over columns of (g * a)
//   expand(g, x)        = g[0, 0] / n, shaped like x (n = 1, or x's size for a mean)
//   expand_rows(g, x)   = g repeated down x's rows   (the adjoint of a per-column reduction)
//   expand_cols(g, x)   = g repeated along x's cols  (the adjoint of a per-row reduction)
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/detail/eigen_types.hpp"
#include "metagrad/detail/packet_kernel.hpp"
#include "metagrad/ops/axis.hpp"

#include <type_traits>

namespace metagrad {

struct add_row_op : elementwise_op {
  static constexpr const char* name = "add_row";
  static constexpr unsigned buffered = 0b10;  // replicating a lazy row would evaluate it
  template <class A, class B>
  static constexpr bool valid() {
    return check::add_row_cols<B::static_shape.cols, A::static_shape.cols>();
  }
  static void check(shape a, shape b) { check::add_row_cols(b.cols, a.cols); }
  static constexpr shape infer(shape a, shape) { return a; }
  template <class S, class A, class B>
  static auto apply(shape out, const A& a, const B& b) {
    return detail::elementwise<S>(
        out, [](const auto& x, const auto& y) { return detail::pm::padd(x, y); },
        detail::each<A>{a}, detail::row_broadcast<B>{b});
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A, B) {
    if constexpr (K == 0)
      return g;  // d/da = 1
    else
      return reduce<axis::per_column, false>(g);  // d/db: b was added to every row
  }
};

struct add_col_op : elementwise_op {
  static constexpr const char* name = "add_col";
  static constexpr unsigned buffered = 0b10;
  template <class A, class C>
  static constexpr bool valid() {
    return check::add_col_rows<C::static_shape.rows, A::static_shape.rows>();
  }
  static void check(shape a, shape c) { check::add_col_rows(c.rows, a.rows); }
  static constexpr shape infer(shape a, shape) { return a; }
  template <class S, class A, class C>
  static auto apply(shape out, const A& a, const C& c) {
    return detail::elementwise<S>(
        out, [](const auto& x, const auto& y) { return detail::pm::padd(x, y); },
        detail::each<A>{a}, detail::column_broadcast<C>{c});
  }
  template <std::size_t K, class Self, class G, class A, class C>
  static constexpr auto vjp(Self, G g, A, C) {
    if constexpr (K == 0)
      return g;  // d/da = 1
    else
      return reduce<axis::per_row, false>(g);  // d/dc: c was added to every column
  }
};

struct mul_row_op : elementwise_op {
  static constexpr const char* name = "mul_row";
  static constexpr unsigned buffered = 0b10;
  template <class A, class B>
  static constexpr bool valid() {
    return check::mul_row_cols<B::static_shape.cols, A::static_shape.cols>();
  }
  static void check(shape a, shape b) { check::mul_row_cols(b.cols, a.cols); }
  static constexpr shape infer(shape a, shape) { return a; }
  template <class S, class A, class B>
  static auto apply(shape out, const A& a, const B& b) {
    return detail::elementwise<S>(
        out, [](const auto& x, const auto& y) { return detail::pm::pmul(x, y); },
        detail::each<A>{a}, detail::row_broadcast<B>{b});
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A a, B b) {
    if constexpr (K == 0)
      return mul_row(g, b);  // d/da = b
    else
      return reduce<axis::per_column, false>(mul(g, a));  // d/db = sum_i g * a
  }
};

struct mul_col_op : elementwise_op {
  static constexpr const char* name = "mul_col";
  static constexpr unsigned buffered = 0b10;
  template <class A, class W>
  static constexpr bool valid() {
    return check::sample_weight_shape<W::static_shape, shape{A::static_shape.rows, 1}>();
  }
  static void check(shape a, shape w) { check::sample_weight_shape(w, shape{a.rows, 1}); }
  static constexpr shape infer(shape a, shape) { return a; }
  template <class S, class A, class W>
  static auto apply(shape out, const A& a, const W& w) {
    return detail::elementwise<S>(
        out, [](const auto& x, const auto& y) { return detail::pm::pmul(x, y); },
        detail::each<A>{a}, detail::column_broadcast<W>{w});
  }
  template <std::size_t K, class Self, class G, class A, class W>
  static constexpr auto vjp(Self, G g, A a, W w) {
    if constexpr (K == 0)
      return mul_col(g, w);  // d/da = w
    else
      return reduce<axis::per_row, false>(mul(g, a));  // d/dw = sum_j g * a
  }
};

// Shared by the three expansions: operand 0 is the adjoint read from a buffer, operand 1 gives the
// shape only.
template <axis Along, bool Mean>
struct expand_op : elementwise_op {
  static constexpr const char* name = "expand";
  static constexpr unsigned buffered = 0b01;
  static constexpr unsigned shape_only = 0b10;
  static constexpr shape infer(shape, shape like) { return like; }
  template <class S, class G>
  static auto apply(shape out, const G& g, detail::shape_operand) {
    if constexpr (Along == axis::all) {
      const S n = Mean ? S(out.rows * out.cols) : S(1);
      return detail::array_t<S>::Constant(out.rows, out.cols, g(0, 0) / n);
    } else {
      const S n = Mean ? S(Along == axis::per_column ? out.rows : out.cols) : S(1);
      using broadcast = std::conditional_t<Along == axis::per_column, detail::row_broadcast<G>,
                                           detail::column_broadcast<G>>;
      return detail::elementwise<S>(
          out,
          [n](const auto& v) {
            return detail::pm::pdiv(v, detail::pm::pset1<std::decay_t<decltype(v)>>(n));
          },
          broadcast{g});
    }
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A, B) {
    static_assert(K == 0, "expand: no gradient flows into a shape");
    return reduce<Along, Mean>(g);
  }
};

template <expression A, expression B>
constexpr auto add_row(A a, B b) {
  return make<add_row_op>(a, b);
}

// Each column of a plus the column c.
template <expression A, expression C>
constexpr auto add_col(A a, C c) {
  return make<add_col_op>(a, c);
}

// Each row of a multiplied by the row b (a weight per label).
template <expression A, expression B>
constexpr auto mul_row(A a, B b) {
  return make<mul_row_op>(a, b);
}

// Each row of a multiplied by the matching entry of the column w (per-sample weights).
template <expression A, expression W>
constexpr auto mul_col(A a, W w) {
  return make<mul_col_op>(a, w);
}

template <axis Along, bool Mean, expression G, expression Like>
constexpr auto expand(G g, Like like) {
  return make<expand_op<Along, Mean>>(g, like);
}

}  // namespace metagrad
