// The hand-fused losses the library had before BCE and focal loss were written from primitives:
// each loss and its derivative one kernel, derived by hand. Kept for the benchmark's `fused` row
// only (train_step_pair/compiled:fused), which measures what deriving them costs.
#pragma once

#include <metagrad/metagrad.hpp>

#include "fused_loss_math.hpp"

namespace metagrad::fused {

// Operand 2, when present, is the pos_weight row. Which = 0: the loss; 1: d/dz; 2: d/dy.
template <int Which>
struct bce_family_op : elementwise_op {
  static constexpr const char* name = Which == 0 ? "bce_with_logits" : "bce_with_logits_grad";
  static constexpr unsigned buffered = 0b100;
  template <class Z, class Y, class... P>
  static constexpr bool valid() {
    if constexpr (!check::bce_shape<Y::static_shape, Z::static_shape>())
      return false;
    else if constexpr (sizeof...(P) == 0)
      return true;
    else
      return check::pos_weight_shape<P::static_shape..., shape{1, Z::static_shape.cols}>();
  }
  static void check(shape z, shape y, auto... p) {
    check::bce_shape(y, z);
    (check::pos_weight_shape(p, shape{1, z.cols}), ...);
  }
  static constexpr shape infer(shape z, shape, auto...) { return z; }
  template <class S, class Z, class Y>
  static auto apply(shape out, const Z& z, const Y& y) {
    return kernel<S>(out, z, y, detail::constant<S>{S(1)});
  }
  template <class S, class Z, class Y, class P>
  static auto apply(shape out, const Z& z, const Y& y, const P& p) {
    return kernel<S>(out, z, y, detail::row_broadcast<P>{p});
  }
  template <std::size_t K, class Self, class G, class Z, class Y, class... P>
  static constexpr auto vjp(Self, G g, Z z, Y y, P... p) {
    static_assert(Which == 0 && K < 2, "bce_with_logits: pos_weight takes no gradient");
    if constexpr (K == 0)
      return mul(g, make<bce_family_op<1>>(z, y, p...));  // g d/dz
    else
      return mul(g, make<bce_family_op<2>>(z, y, p...));  // g d/dy
  }

 private:
  template <class S, class Z, class Y, class PosWeight>
  static auto kernel(shape out, const Z& z, const Y& y, PosWeight p) {
    return detail::elementwise<S>(
        out, [](const auto& zv, const auto& yv, const auto& pv) { return evaluate(zv, yv, pv); },
        detail::each<Z>{z}, detail::each<Y>{y}, p);
  }
  template <class V>
  static V evaluate(const V& z, const V& y, const V& p) {
    if constexpr (Which == 0)
      return detail::bce(z, y, p);
    else if constexpr (Which == 1)
      return detail::bce_dz(z, y, p);
    else
      return detail::bce_dy(z, p);
  }
};

template <expression Z, expression Y>
constexpr auto bce_with_logits(Z z, Y y) {
  return make<bce_family_op<0>>(z, y);
}
template <expression Z, expression Y, expression P>
constexpr auto bce_with_logits(Z z, Y y, pos_weight_t<P> p) {
  return make<bce_family_op<0>>(z, y, p.value);
}

// Operands: z, y, alpha, gamma. Which = 0: the loss; 1: d/dz.
template <int Which>
struct focal_family_op : elementwise_op {
  static constexpr const char* name = Which == 0 ? "focal_with_logits" : "focal_with_logits_grad";
  template <class Z, class Y, class Alpha, class Gamma>
  static constexpr bool valid() {
    return check::focal_shape<Y::static_shape, Z::static_shape>();
  }
  static void check(shape z, shape y, shape, shape) { check::focal_shape(y, z); }
  static constexpr shape infer(shape z, shape, shape, shape) { return z; }
  template <class S, class Z, class Y>
  static auto apply(shape out, const Z& z, const Y& y, S alpha, S gamma) {
    return detail::elementwise<S>(
        out,
        [alpha, gamma](const auto& zv, const auto& yv) {
          if constexpr (Which == 0)
            return detail::focal(zv, yv, alpha, gamma);
          else
            return detail::focal_dz(zv, yv, alpha, gamma);
        },
        detail::each<Z>{z}, detail::each<Y>{y});
  }
  template <std::size_t K, class Self, class G, class Z, class Y, class Alpha, class Gamma>
  static constexpr auto vjp(Self, G g, Z z, Y y, Alpha alpha, Gamma gamma) {
    static_assert(Which == 0 && K == 0, "focal_with_logits: only the logits take a gradient");
    return mul(g, make<focal_family_op<1>>(z, y, alpha, gamma));  // g d/dz focal
  }
};

template <expression Z, expression Y, scalar_expression Alpha, scalar_expression Gamma>
constexpr auto focal_with_logits(Z z, Y y, Alpha alpha, Gamma gamma) {
  return make<focal_family_op<0>>(z, y, alpha, gamma);
}
}  // namespace metagrad::fused
