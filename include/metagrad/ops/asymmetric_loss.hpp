// asymmetric_loss: the asymmetric loss of Ridnik et al. (ICCV 2021) for multi-label data,
// element-wise on logits z and 0/1 targets y, written from primitives; the compiler derives its
// gradient. With p = sigmoid(z) and the shifted probability of the negatives
// p_m = max(p - margin, 0):
//
//   L = -y (1 - p)^gamma_pos log(p) - (1 - y) p_m^gamma_neg log(1 - p_m)
//
// gamma_neg > gamma_pos down-weights the many easy negatives of multi-label data, and the margin
// discards the most confident ones (the paper's defaults: gamma_pos 0, gamma_neg 4, margin 0.05).
// The rewrites of elementary.hpp build (1 - p)^gamma_pos as exp(gamma_pos log_sigmoid(-z)),
// log(p) as log_sigmoid(z) and 1 - p as sigmoid(-z), so nothing rounds to log(0) at |z| = 1000 —
// but for the negatives with margin 0 at z beyond 745 (float64), where sigmoid(-z) underflows, as
// the literal formula is infinite there too: use a margin, as the paper does.
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/ops/activations.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/broadcast.hpp"
#include "metagrad/ops/elementary.hpp"
#include "metagrad/ops/loss_weights.hpp"

namespace metagrad {

template <expression Z, expression Y, scalar_expression GammaPos, scalar_expression GammaNeg,
          scalar_expression Margin>
constexpr auto asymmetric_loss(Z z, Y y, GammaPos gamma_pos, GammaNeg gamma_neg, Margin margin) {
  if constexpr (is_invalid_v<Z> || is_invalid_v<Y>)
    return invalid_expr{};
  else if constexpr (!check::asymmetric_shape<Y::static_shape, Z::static_shape>())
    return invalid_expr{};
  else {
    const auto p = sigmoid(z);
    const auto p_m = relu(sub_scalar(p, margin));
    const auto positives = mul(pow(one_minus(p), gamma_pos), log(p));
    // 1 - p_m is 1 - p + margin where p_m > 0; where p_m = 0 the factor p_m^gamma_neg is 0 (and
    // so is its derivative, for gamma_neg >= 1), whatever the log.
    const auto negatives = mul(pow(p_m, gamma_neg), log(add_scalar(one_minus(p), margin)));
    return neg(add(mul(positives, y), mul(negatives, one_minus(y))));
  }
}
template <expression Z, expression Y, scalar_expression GammaPos, scalar_expression GammaNeg,
          scalar_expression Margin, expression W>
constexpr auto asymmetric_loss(Z z, Y y, GammaPos gamma_pos, GammaNeg gamma_neg, Margin margin,
                               sample_weight_t<W> w) {
  return mul_col(asymmetric_loss(z, y, gamma_pos, gamma_neg, margin), w.value);
}

}  // namespace metagrad
