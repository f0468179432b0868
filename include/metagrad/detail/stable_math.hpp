// Scalar functions written so that no exp, log or division overflows at |z| = 1000.
#pragma once

#include <algorithm>
#include <cmath>

namespace metagrad::detail {

// sigmoid(x) = 1 / (1 + exp(-x)), evaluated on the side where exp cannot overflow.
template <class S>
S sigmoid(S x) {
  if (x >= S(0)) return S(1) / (S(1) + std::exp(-x));
  const S e = std::exp(x);
  return e / (S(1) + e);
}

// softplus(x) = log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)).
template <class S>
S softplus(S x) {
  return std::max(x, S(0)) + std::log1p(std::exp(-std::abs(x)));
}

}  // namespace metagrad::detail
