// The hand-fused losses' formulas and their hand-derived derivatives on scalars or packets
// (stable_math.hpp): what the library computed before BCE and focal loss were written from
// primitives, kept for the benchmark's `fused` row (fused_losses.hpp).
#pragma once

#include <metagrad/detail/stable_math.hpp>

namespace metagrad::detail {

// Binary cross-entropy from logits z, targets y and the positive-term weight p (1 without one):
//   bce(z, y)   = (1 - y) softplus(z) + p y softplus(-z)
//   d/dz bce    = (1 - y) sigmoid(z) - p y sigmoid(-z)
//   d/dy bce    = softplus(z) - p softplus(-z)
template <class V>
V bce(const V& z, const V& y, const V& p) {
  const logistic<V> l(z);
  return pm::padd(pm::pmul(pm::psub(pm::pset1<V>(1), y), l.softplus_z),
                  pm::pmul(pm::pmul(p, y), l.softplus_minus_z));
}

template <class V>
V bce_dz(const V& z, const V& y, const V& p) {
  const logistic<V> l(z);
  return pm::psub(pm::pmul(pm::psub(pm::pset1<V>(1), y), l.sigmoid_z),
                  pm::pmul(pm::pmul(p, y), l.sigmoid_minus_z));
}

template <class V>
V bce_dy(const V& z, const V& p) {
  const logistic<V> l(z);
  return pm::psub(l.softplus_z, pm::pmul(p, l.softplus_minus_z));
}

// Sigmoid focal loss (Lin et al.; torchvision.ops.sigmoid_focal_loss), alpha < 0: no alpha term:
//   p = sigmoid(z),  ce = bce(z, y),  m = 1 - p_t = (1 - y) p + y (1 - p),  q = p (1 - p)
//   a_t = alpha y + (1 - alpha)(1 - y)
//   focal(z, y) = a_t ce m^gamma
//   d/dz focal  = a_t m^gamma [ (p - y) + gamma ce (1 - 2y) q / m ]   (q / m taken as 0 at m = 0)
template <class V>
struct focal_terms {
  V p, not_p, ce, m, alpha_t;
  template <class S>
  focal_terms(const V& z, const V& y, S alpha) {
    const logistic<V> l(z);
    const V one = pm::pset1<V>(1), not_y = pm::psub(one, y);
    p = l.sigmoid_z, not_p = l.sigmoid_minus_z;
    ce = pm::padd(pm::pmul(not_y, l.softplus_z), pm::pmul(y, l.softplus_minus_z));
    m = pm::padd(pm::pmul(not_y, p), pm::pmul(y, not_p));
    alpha_t = alpha < S(0) ? one
                           : pm::padd(pm::pmul(pm::pset1<V>(alpha), y),
                                      pm::pmul(pm::pset1<V>(S(1) - alpha), not_y));
  }
};

template <class V, class S>
V focal(const V& z, const V& y, S alpha, S gamma) {
  const focal_terms<V> t(z, y, alpha);
  return pm::pmul(pm::pmul(t.alpha_t, t.ce), power(t.m, gamma));
}

template <class V, class S>
V focal_dz(const V& z, const V& y, S alpha, S gamma) {
  const focal_terms<V> t(z, y, alpha);
  const V one = pm::pset1<V>(1), zero = pm::pzero(z);
  const V p_minus_y = pm::psub(pm::pmul(pm::psub(one, y), t.p), pm::pmul(y, t.not_p));
  const V q_over_m =
      pm::pselect(pm::pcmp_lt(zero, t.m), pm::pdiv(pm::pmul(t.p, t.not_p), t.m), zero);
  const V slope =
      pm::pmul(pm::pmul(pm::pmul(pm::pset1<V>(gamma), t.ce), pm::psub(one, pm::padd(y, y))),
               q_over_m);  // gamma ce (1 - 2y) q / m
  return pm::pmul(pm::pmul(t.alpha_t, power(t.m, gamma)), pm::padd(p_minus_y, slope));
}

}  // namespace metagrad::detail
