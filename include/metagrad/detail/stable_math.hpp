// Functions written so that no exp, log or division overflows at |z| = 1000. Each takes a scalar
// or an Eigen packet (V) and is built from Eigen's packet primitives, which accept both, so that
// element-wise kernels (packet_kernel.hpp) run the same formula on one coefficient or a register.
#pragma once

#include "metagrad/detail/packet_kernel.hpp"

#include <Eigen/Core>

#include <cmath>

namespace metagrad::detail {

// log(1 + x) for x >= 0 through log rather than log1p (glibc's log1pf is several times slower
// than its logf, and Eigen 3.4 has no packet log1p for double): log(u) x / (u - 1) with u = 1 + x
// rounded cancels u's rounding error (Goldberg, "What every computer scientist should know about
// floating-point arithmetic", thm. 4); this is also how Eigen computes it for float packets.
template <class V>
V log1p_nonnegative(const V& x) {
  const V one = pm::pset1<V>(1), u = pm::padd(one, x);
  return pm::pselect(pm::pcmp_eq(u, one), x, pm::pdiv(pm::pmul(pm::plog(u), x), pm::psub(u, one)));
}

// exp(-|z|), in (0, 1]: the one exponential the functions below share.
template <class V>
V exp_minus_abs(const V& z) {
  return pm::pexp(pm::pnegate(pm::pabs(z)));
}

// sigmoid(z) = 1 / (1 + exp(-z)), evaluated on the side where exp cannot overflow.
template <class V>
V sigmoid(const V& z) {
  const V one = pm::pset1<V>(1), e = exp_minus_abs(z), near = pm::pdiv(one, pm::padd(one, e));
  return pm::pselect(pm::pcmp_le(pm::pzero(z), z), near, pm::pmul(e, near));
}

// softplus(z) = log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)).
template <class V>
V softplus(const V& z) {
  return pm::padd(pm::pmax(z, pm::pzero(z)), log1p_nonnegative(exp_minus_abs(z)));
}

// sigmoid(z), sigmoid(-z), softplus(z) and softplus(-z) from one exp and one log1p: the losses
// need several of them per element, and the transcendental calls are what their kernels cost.
template <class V>
struct logistic {
  V sigmoid_z, sigmoid_minus_z, softplus_z, softplus_minus_z;
  explicit logistic(const V& z) {
    const V one = pm::pset1<V>(1), zero = pm::pzero(z), e = exp_minus_abs(z);
    const V near = pm::pdiv(one, pm::padd(one, e)), far = pm::pmul(e, near);
    const V log_term = log1p_nonnegative(e), nonnegative = pm::pcmp_le(zero, z);
    sigmoid_z = pm::pselect(nonnegative, near, far);
    sigmoid_minus_z = pm::pselect(nonnegative, far, near);
    softplus_z = pm::padd(pm::pmax(z, zero), log_term);
    softplus_minus_z = pm::padd(pm::pmax(pm::pnegate(z), zero), log_term);
  }
};

// x^gamma: by multiplication when gamma is a whole number in [-8, 8] (focal loss's usual 1, 2, 3;
// a square), which is exact, several times cheaper than pow, and right for x < 0 too; otherwise
// for x >= 0 only.
template <class V, class S>
V power(const V& x, S gamma) {
  if (std::abs(gamma) <= S(8) && gamma == std::floor(gamma)) {
    V out = pm::pset1<V>(1);
    for (int k = 0; k < int(std::abs(gamma)); ++k) out = pm::pmul(out, x);
    return gamma < S(0) ? pm::pdiv(pm::pset1<V>(1), out) : out;
  }
  // exp(gamma log x) on both paths, so that a column's packets and its scalar tail agree;
  // log 0 = -inf gives 0 for gamma > 0 and inf for gamma < 0, as pow does.
  return pm::pexp(pm::pmul(pm::pset1<V>(gamma), pm::plog(x)));
}

// g p x^(p - 1), pow's derivative; 0 where g p = 0: for p = 0 (as PyTorch) and where a zero
// adjoint meets an infinite x^(p - 1) (x = 0, p < 1), so that a zero stays a zero.
template <class V, class S>
V power_adjoint(const V& g, const V& x, S p) {
  const V live = pm::pmul(g, pm::pset1<V>(p));
  return pm::pselect(pm::pcmp_eq(live, pm::pzero(g)), pm::pzero(g),
                     pm::pmul(live, power(x, p - S(1))));
}

}  // namespace metagrad::detail
