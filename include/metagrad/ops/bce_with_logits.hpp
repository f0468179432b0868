// bce_with_logits: binary cross-entropy per label, computed from logits so that no log or exp
// overflows at |z| = 1000. The result is element-wise (one loss per sample and label); reduce it
// with mean() or sum().
//
//   bce(z, y)    = (1 - y) softplus(z) + p y softplus(-z)       (p = pos_weight, 1 without it)
//   d/dz bce     = (1 - y) sigmoid(z) - p y sigmoid(-z)           (= sigmoid(z) - y when p = 1)
//   d/dy bce     = softplus(z) - p softplus(-z)                  (= -z when p = 1)
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/detail/eigen_types.hpp"
#include "metagrad/detail/loss_math.hpp"
#include "metagrad/detail/packet_kernel.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/broadcast.hpp"
#include "metagrad/ops/loss_weights.hpp"

namespace metagrad {

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
template <expression Z, expression Y, expression W>
constexpr auto bce_with_logits(Z z, Y y, sample_weight_t<W> w) {
  return mul_col(bce_with_logits(z, y), w.value);
}
template <expression Z, expression Y, expression P, expression W>
constexpr auto bce_with_logits(Z z, Y y, pos_weight_t<P> p, sample_weight_t<W> w) {
  return mul_col(bce_with_logits(z, y, p), w.value);
}

}  // namespace metagrad
