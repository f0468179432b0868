// Two losses a user writes from metagrad's primitives; the compiler derives their gradients.
//
// The asymmetric loss (Ridnik et al., ICCV 2021), element-wise on logits z and 0/1 targets y,
// with p = sigmoid(z) and the shifted probability p_m = max(p - margin, 0) of the negatives:
//   L = -y (1 - p)^gamma_pos log(p) - (1 - y) p_m^gamma_neg log(1 - p_m)
// The library's rewrites make (1 - p)^gamma_pos exp(gamma_pos log_sigmoid(-z)), log(p)
// log_sigmoid(z) and 1 - p sigmoid(-z), so nothing rounds to log(0) at |z| = 1000 — but for the
// negatives with margin 0 at z beyond 745, where sigmoid(-z) underflows (as the 50-digit
// reference of the literal formula, which is infinite there: use a margin, as the paper does).
//
// The soft macro-F1 loss on a batch: 1 - the mean over labels of 2 tp / (2 tp + fp + fn + eps),
// counts made soft with p in place of 0/1 predictions (2 tp + fp + fn = sum of p + y).
#pragma once

#include <metagrad/metagrad.hpp>

template <metagrad::expression Z, metagrad::expression Y, metagrad::scalar_expression GammaPos,
          metagrad::scalar_expression GammaNeg, metagrad::scalar_expression Margin>
constexpr auto asymmetric_loss(Z z, Y y, GammaPos gamma_pos, GammaNeg gamma_neg, Margin margin) {
  namespace mg = metagrad;
  const auto p = mg::sigmoid(z);
  const auto p_m = mg::relu(mg::sub_scalar(p, margin));
  const auto positives = mg::mul(mg::pow(mg::one_minus(p), gamma_pos), mg::log(p));
  // 1 - p_m is 1 - p + margin where p_m > 0; where p_m = 0 the factor p_m^gamma_neg is 0 (and so
  // is its derivative, for gamma_neg >= 1), whatever the log.
  const auto negatives =
      mg::mul(mg::pow(p_m, gamma_neg), mg::log(mg::add_scalar(mg::one_minus(p), margin)));
  return mg::neg(mg::add(mg::mul(y, positives), mg::mul(mg::one_minus(y), negatives)));
}

template <metagrad::expression Z, metagrad::expression Y, metagrad::scalar_expression Eps>
constexpr auto soft_macro_f1_loss(Z z, Y y, Eps eps) {
  namespace mg = metagrad;
  const auto p = mg::sigmoid(z);
  const auto tp = mg::sum(mg::mul(p, y), mg::per_column);
  const auto counted = mg::sum(mg::add(p, y), mg::per_column);  // 2 tp + fp + fn
  return mg::one_minus(mg::mean(mg::div(mg::add(tp, tp), mg::add_scalar(counted, eps))));
}
