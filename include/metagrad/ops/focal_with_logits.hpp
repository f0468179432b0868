// focal_with_logits: Lin et al.'s sigmoid focal loss (as torchvision.ops.sigmoid_focal_loss),
// element-wise, from logits, with alpha and gamma bound at run time (alpha < 0: no alpha weight),
// written from primitives; the compiler derives its gradient.
//
//   ce = bce(z, y),  m = 1 - p_t = (1 - y) sigmoid(z) + y sigmoid(-z)
//   a_t = alpha y + (1 - alpha)(1 - y)   (1 when alpha < 0)
//   focal(z, y) = a_t ce m^gamma
//
// Stable at |z| = 1000: ce and m come from softplus and sigmoid of z and -z, never 1 - p. Where m
// underflows to 0 (y = 1, z beyond 745 in float64) so does ce, and pow's derivative sends nothing
// back through a zero adjoint (ops/elementary.hpp), so the gradient stays finite for every gamma.
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/ops/activations.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/bce_with_logits.hpp"
#include "metagrad/ops/broadcast.hpp"
#include "metagrad/ops/elementary.hpp"
#include "metagrad/ops/loss_weights.hpp"

namespace metagrad {

namespace detail {
template <std::size_t>
inline constexpr bool targets_take_no_gradient = false;
}  // namespace detail

// a_t = alpha y + (1 - alpha)(1 - y), or 1 when alpha < 0: the class weight of focal loss.
struct alpha_weight_op : binary_elementwise_op {
  static constexpr const char* name = "alpha_weight";
  template <class S>
  static auto apply(shape, const auto& y, S alpha) {
    const S slope = alpha < S(0) ? S(0) : S(2) * alpha - S(1);  // a_t = slope y + base
    const S base = alpha < S(0) ? S(1) : S(1) - alpha;
    return y * slope + base;
  }
  template <std::size_t K, class Self, class G, class Y, class Alpha>
  static constexpr auto vjp(Self, G, Y, Alpha) {
    static_assert(detail::targets_take_no_gradient<K>,
                  "focal_with_logits(z, y, alpha, gamma): only the logits take a gradient");
    return invalid_expr{};
  }
};

template <expression Z, expression Y, scalar_expression Alpha, scalar_expression Gamma>
constexpr auto focal_with_logits(Z z, Y y, Alpha alpha, Gamma gamma) {
  if constexpr (is_invalid_v<Z> || is_invalid_v<Y> || is_invalid_v<Alpha> || is_invalid_v<Gamma>)
    return invalid_expr{};
  else if constexpr (!check::focal_shape<Y::static_shape, Z::static_shape>())
    return invalid_expr{};
  else {
    const auto ce = detail::cross_entropy_terms(z, y, y);
    const auto m = add(mul(sigmoid(z), one_minus(y)), mul(sigmoid(neg(z)), y));
    return mul(mul(ce, pow(m, gamma)), make<alpha_weight_op>(y, alpha));
  }
}
template <expression Z, expression Y, scalar_expression Alpha, scalar_expression Gamma,
          expression W>
constexpr auto focal_with_logits(Z z, Y y, Alpha alpha, Gamma gamma, sample_weight_t<W> w) {
  return mul_col(focal_with_logits(z, y, alpha, gamma), w.value);
}

}  // namespace metagrad
