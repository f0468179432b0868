// A loss a user writes from metagrad's primitives; the compiler derives its gradient. (The
// library's own asymmetric loss, ops/asymmetric_loss.hpp, is written the same way.)
//
// The soft macro-F1 loss on a batch: 1 - the mean over labels of 2 tp / (2 tp + fp + fn + eps),
// counts made soft with p in place of 0/1 predictions (2 tp + fp + fn = sum of p + y).
#pragma once

#include <metagrad/metagrad.hpp>

template <metagrad::expression Z, metagrad::expression Y, metagrad::scalar_expression Eps>
constexpr auto soft_macro_f1_loss(Z z, Y y, Eps eps) {
  namespace mg = metagrad;
  const auto p = mg::sigmoid(z);
  const auto tp = mg::sum(mg::mul(p, y), mg::per_column);
  const auto counted = mg::sum(mg::add(p, y), mg::per_column);  // 2 tp + fp + fn
  return mg::one_minus(mg::mean(mg::div(mg::add(tp, tp), mg::add_scalar(counted, eps))));
}
