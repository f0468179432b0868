// softmax_cross_entropy: categorical cross-entropy over each row (one class per sample), for
// contrast with the per-label sigmoid losses, written from primitives; the compiler derives its
// gradient. One value per row (rows x 1); reduce with mean().
//
//   ce(z, y)[i] = -sum_j y_ij log_softmax(z_i)_j
//   derived:    d/dz_ij = g_i (softmax(z_i)_j sum_k y_ik - y_ij)
// log_softmax(z_i) = z_i - lse(z_i) (ops/softmax.hpp), so nothing overflows.
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/broadcast.hpp"
#include "metagrad/ops/loss_weights.hpp"
#include "metagrad/ops/reductions.hpp"
#include "metagrad/ops/softmax.hpp"

namespace metagrad {

template <expression Z, expression Y>
constexpr auto softmax_cross_entropy(Z z, Y y) {
  if constexpr (is_invalid_v<Z> || is_invalid_v<Y>)
    return invalid_expr{};
  else if constexpr (!check::softmax_ce_shape<Y::static_shape, Z::static_shape>())
    return invalid_expr{};
  else
    return neg(sum(mul(log_softmax(z), y), per_row));
}
template <expression Z, expression Y, expression W>
constexpr auto softmax_cross_entropy(Z z, Y y, sample_weight_t<W> w) {
  return mul_col(softmax_cross_entropy(z, y), w.value);
}

}  // namespace metagrad
