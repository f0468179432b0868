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

// log(1 + x) for x >= 0 through log rather than log1p (glibc's log1pf is several times slower
// than its logf): log(u) x / (u - 1) with u = 1 + x rounded cancels u's rounding error
// (Goldberg, "What every computer scientist should know about floating-point arithmetic", thm. 4).
template <class S>
S log1p_nonnegative(S x) {
  const S u = S(1) + x;
  return u == S(1) ? x : std::log(u) * x / (u - S(1));
}

// sigmoid(z), sigmoid(-z), softplus(z) and softplus(-z) from one exp and one log1p: the losses
// need several of them per element, and the transcendental calls are what their kernels cost.
template <class S>
struct logistic {
  S sigmoid_z, sigmoid_minus_z, softplus_z, softplus_minus_z;
  explicit logistic(S z) {
    const S e = std::exp(-std::abs(z)), near = S(1) / (S(1) + e), far = e / (S(1) + e);
    const S log_term = log1p_nonnegative(e);
    sigmoid_z = z >= S(0) ? near : far;
    sigmoid_minus_z = z >= S(0) ? far : near;
    softplus_z = std::max(z, S(0)) + log_term;
    softplus_minus_z = std::max(-z, S(0)) + log_term;
  }
};

// x^gamma, by multiplication when gamma is a small whole number (focal loss's usual 1, 2, 3),
// which is exact and several times cheaper than pow.
template <class S>
S power(S x, S gamma) {
  if (gamma == S(2)) return x * x;
  if (gamma >= S(0) && gamma <= S(8) && gamma == std::floor(gamma)) {
    S out = S(1);
    for (int k = 0; k < int(gamma); ++k) out *= x;
    return out;
  }
  return std::pow(x, gamma);
}

}  // namespace metagrad::detail
