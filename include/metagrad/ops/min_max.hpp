// Element-wise max, min and clamp, with the sub-gradients PyTorch takes at the kinks.
//
//   max(a, b)           d/da = g [a > b] + g/2 [a == b]     d/db the same with a and b swapped
//   min(a, b)           d/da = g [a < b] + g/2 [a == b]     (torch.maximum / torch.minimum)
//   clamp(a, lo, hi) = min(max(a, lo), hi)                    (lo, hi run-time scalar<>s)
//                       d/da = g [lo <= a <= hi]            (torch.clamp: the bounds included)
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/ops/activations.hpp"
#include "metagrad/ops/arithmetic.hpp"

namespace metagrad {

// g where `a` wins over `b` (a > b for Max, a < b for min), g / 2 where they tie, else 0.
template <bool Max>
struct pick_grad_op : elementwise_op {
  static constexpr const char* name = Max ? "max_grad" : "min_grad";
  static constexpr shape infer(shape g, shape, shape) { return g; }
  template <class S>
  static auto apply(shape, const auto& g, const auto& a, const auto& b) {
    const auto wins = [&] {
      if constexpr (Max)
        return a > b;
      else
        return a < b;
    }();
    return wins.select(g, (a == b).select(S(0.5) * g, S(0)));
  }
};

template <bool Max>
struct pick_op : binary_elementwise_op {
  static constexpr const char* name = Max ? "max" : "min";
  template <class A, class B>
  static constexpr bool valid() {
    if constexpr (Max)
      return check::max_shape<A::static_shape, B::static_shape>();
    else
      return check::min_shape<A::static_shape, B::static_shape>();
  }
  static void check(shape a, shape b) {
    if constexpr (Max)
      check::max_shape(a, b);
    else
      check::min_shape(a, b);
  }
  static constexpr shape infer(shape a, shape b) { return merge_shape(a, b); }
  template <class S>
  static auto apply(shape, const auto& a, const auto& b) {
    if constexpr (Max)
      return a.max(b);
    else
      return a.min(b);
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A a, B b) {
    if constexpr (K == 0)
      return make<pick_grad_op<Max>>(g, a, b);
    else
      return make<pick_grad_op<Max>>(g, b, a);
  }
};

template <expression A, expression B>
constexpr auto max(A a, B b) {
  return make<pick_op<true>>(a, b);
}
template <expression A, expression B>
constexpr auto min(A a, B b) {
  return make<pick_op<false>>(a, b);
}

// g [lo <= a <= hi]: clamp's adjoint.
struct clamp_grad_op : elementwise_op {
  static constexpr const char* name = "clamp_grad";
  static constexpr shape infer(shape g, shape, shape, shape) { return g; }
  template <class S>
  static auto apply(shape, const auto& g, const auto& a, S lo, S hi) {
    return (a >= lo && a <= hi).select(g, S(0));
  }
};

struct clamp_op : elementwise_op {
  static constexpr const char* name = "clamp";
  static constexpr shape infer(shape a, shape, shape) { return a; }
  template <class S>
  static auto apply(shape, const auto& a, S lo, S hi) {
    return a.max(lo).min(hi);
  }
  template <std::size_t K, class Self, class G, class A, class Lo, class Hi>
  static constexpr auto vjp(Self, G g, A a, Lo lo, Hi hi) {
    static_assert(K == 0,
                  "clamp(a, lo, hi): the bounds are hyper-parameters; no gradient flows "
                  "into them");
    return make<clamp_grad_op>(g, a, lo, hi);
  }
};

template <expression A, scalar_expression Lo, scalar_expression Hi>
constexpr auto clamp(A a, Lo lo, Hi hi) {
  return make<clamp_op>(a, lo, hi);
}

}  // namespace metagrad
