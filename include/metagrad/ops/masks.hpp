// Masks: comparisons that give 1 where they hold and 0 elsewhere, and where(), which picks
// element by element between two expressions by such a mask.
//
//   greater(a, b) = [a > b]      less(a, b) = [a < b]      (b an expression or a scalar<>)
//   where(mask, a, b) = a where mask != 0, else b
//     d/da = g [mask != 0],  d/db = g [mask == 0],  the mask: none (as PyTorch's bool condition)
//
// A comparison is a step function: it has no gradient, and asking for one through it (a loss that
// reads greater(z, 0) other than as a mask) is a compile-time sentence. Used as where()'s mask it
// takes none: where(greater(z, t), z, zeros_like(z)), t a scalar<> bound to 0, differentiates as
// relu does.
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/ops/activations.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/fill.hpp"

namespace metagrad {

namespace detail {
template <std::size_t>
inline constexpr bool no_gradient = false;
}  // namespace detail

// [a > b] (Greater) or [a < b]; b is an expression of a's shape, or a scalar<> (WithScalar).
template <bool Greater, bool WithScalar>
struct compare_op : binary_elementwise_op {
  static constexpr const char* name = Greater ? "greater" : "less";
  template <class A, class B>
  static constexpr bool valid() {
    if constexpr (WithScalar)
      return true;
    else if constexpr (Greater)
      return check::greater_shape<A::static_shape, B::static_shape>();
    else
      return check::less_shape<A::static_shape, B::static_shape>();
  }
  static constexpr shape infer(shape a, shape b) { return WithScalar ? a : merge_shape(a, b); }
  static void check(shape a, shape b) {
    if constexpr (WithScalar)
      return;
    else if constexpr (Greater)
      check::greater_shape(a, b);
    else
      check::less_shape(a, b);
  }
  template <class S>
  static auto apply(shape, const auto& a, const auto& b) {
    if constexpr (Greater)
      return (a > b).template cast<S>();
    else
      return (a < b).template cast<S>();
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G, A, B) {
    static_assert(detail::no_gradient<K>,
                  "greater(a, b) and less(a, b) are step functions and have no gradient: use "
                  "them as the mask of where(mask, a, b)");
    return invalid_expr{};
  }
};

template <expression A, class B>
requires expression<B> || scalar_expression<B>
constexpr auto greater(A a, B b) { return make<compare_op<true, scalar_expression<B>>>(a, b); }
template <expression A, class B>
requires expression<B> || scalar_expression<B>
constexpr auto less(A a, B b) { return make<compare_op<false, scalar_expression<B>>>(a, b); }

struct where_op : elementwise_op {
  static constexpr const char* name = "where";
  template <class M, class A, class B>
  static constexpr bool valid() {
    if constexpr (!check::where_mask_shape<M::static_shape, A::static_shape>())
      return false;
    else
      return check::where_shape<B::static_shape, A::static_shape>();
  }
  static void check(shape m, shape a, shape b) {
    check::where_mask_shape(m, a);
    check::where_shape(b, a);
  }
  static constexpr shape infer(shape m, shape a, shape b) {
    return merge_shape(m, merge_shape(a, b));
  }
  template <class S>
  static auto apply(shape, const auto& m, const auto& a, const auto& b) {
    return (m != S(0)).select(a, b);
  }
  template <std::size_t K, class Self, class G, class M, class A, class B>
  static constexpr auto vjp(Self, G g, M m, A a, B b) {
    if constexpr (K == 0)
      return zeros_like(m);  // a mask takes no gradient
    else if constexpr (K == 1)
      return make<where_op>(m, g, zeros_like(a));
    else
      return make<where_op>(m, zeros_like(b), g);
  }
};

template <expression M, expression A, expression B>
constexpr auto where(M m, A a, B b) {
  return make<where_op>(m, a, b);
}

}  // namespace metagrad
