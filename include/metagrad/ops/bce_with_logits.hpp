// bce_with_logits: binary cross-entropy per label from logits, written from primitives; the
// compiler derives its gradient. Element-wise (one loss per sample and label); reduce it with
// mean() or sum().
//
//   bce(z, y) = (1 - y) softplus(z) + p y softplus(-z)       (p = pos_weight, 1 without it)
//   derived:  d/dz = g ((1 - y) sigmoid(z) - p y sigmoid(-z))   (= g (sigmoid(z) - y) for p = 1)
//
// For p = 1 this is softplus(z) - y z, the form the literature writes; this one keeps every digit
// where softplus(z) and y z nearly cancel (z = 30, y = 1: 9.4e-14 rather than 0 in float64), and
// softplus and sigmoid are stable on both sides, so |z| = 1000 gives finite values and gradients.
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

namespace detail {
// (1 - y) softplus(z) + w softplus(-z), w = y or p y. The logits come first, so that in the
// graph's order (and generated code's size names: x_rows, not y_rows) the model precedes the
// targets.
template <class Z, class Y, class W>
constexpr auto cross_entropy_terms(Z z, Y y, W weighted_y) {
  return metagrad::add(metagrad::mul(metagrad::softplus(z), one_minus(y)),
                       metagrad::mul(metagrad::softplus(neg(z)), weighted_y));
}
}  // namespace detail

template <expression Z, expression Y>
constexpr auto bce_with_logits(Z z, Y y) {
  if constexpr (is_invalid_v<Z> || is_invalid_v<Y>)
    return invalid_expr{};
  else if constexpr (!check::bce_shape<Y::static_shape, Z::static_shape>())
    return invalid_expr{};
  else
    return detail::cross_entropy_terms(z, y, y);
}
template <expression Z, expression Y, expression P>
constexpr auto bce_with_logits(Z z, Y y, pos_weight_t<P> p) {
  if constexpr (is_invalid_v<Z> || is_invalid_v<Y> || is_invalid_v<P>)
    return invalid_expr{};
  else if constexpr (!check::bce_shape<Y::static_shape, Z::static_shape>())
    return invalid_expr{};
  else if constexpr (!check::pos_weight_shape<P::static_shape, shape{1, Z::static_shape.cols}>())
    return invalid_expr{};
  else
    return detail::cross_entropy_terms(z, y, mul_row(y, p.value));
}
template <expression Z, expression Y, expression W>
constexpr auto bce_with_logits(Z z, Y y, sample_weight_t<W> w) {
  return mul_col(bce_with_logits(z, y), w.value);
}
template <expression Z, expression Y, expression P, expression W>
constexpr auto bce_with_logits(Z z, Y y, pos_weight_t<P> p, sample_weight_t<W> w) {
  return mul_col(bce_with_logits(z, y, p), w.value);
}

}  // namespace metagrad
