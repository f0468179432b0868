// focal_with_logits: Lin et al.'s sigmoid focal loss (as torchvision.ops.sigmoid_focal_loss),
// element-wise, from logits, with alpha and gamma bound at run time (alpha < 0: no alpha weight).
//
//   p = sigmoid(z),  ce = bce(z, y),  m = 1 - p_t = (1 - y) p + y (1 - p)
//   a_t = alpha y + (1 - alpha)(1 - y)   (1 when alpha < 0)
//   focal(z, y) = a_t ce m^gamma
//   d/dz focal  = a_t m^gamma [ (p - y) + gamma ce (1 - 2y) q / m ],   q = p (1 - p)
//
// Stable at |z| = 1000: p - y = (1 - y) p - y (1 - p) and q are formed from sigmoid(z) and
// sigmoid(-z), never as 1 - p; q / m <= 1 for y in [0, 1] and is taken as 0 where m = 0, the limit
// of m^gamma q / m for gamma > 0 (gamma = 0 multiplies it by 0).
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

#include <cmath>

namespace metagrad {

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
template <expression Z, expression Y, scalar_expression Alpha, scalar_expression Gamma,
          expression W>
constexpr auto focal_with_logits(Z z, Y y, Alpha alpha, Gamma gamma, sample_weight_t<W> w) {
  return mul_col(focal_with_logits(z, y, alpha, gamma), w.value);
}

}  // namespace metagrad
