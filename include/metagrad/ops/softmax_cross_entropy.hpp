// softmax_cross_entropy: categorical cross-entropy over each row (one class per sample), for
// contrast with the per-label sigmoid losses. One value per row (rows x 1); reduce with mean().
//
//   ce(z, y)[i]   = -sum_j y_ij log softmax(z_i)_j = lse(z_i) sum_j y_ij - sum_j y_ij z_ij
//   d/dz_ij       = g_i (softmax(z_i)_j sum_k y_ik - y_ij)
// lse(z_i) = max_j z_ij + log sum_j exp(z_ij - max_j z_ij), so nothing overflows.
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/detail/eigen_types.hpp"
#include "metagrad/detail/softmax_math.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/broadcast.hpp"
#include "metagrad/ops/loss_weights.hpp"

#include <cmath>

namespace metagrad {

// g_i (softmax(z_i) sum_k y_ik - y_i): the adjoint of softmax_cross_entropy with respect to z.
struct softmax_ce_grad_op : elementwise_op {
  static constexpr const char* name = "softmax_cross_entropy_grad";
  static constexpr op_kind kind = op_kind::rowwise;
  static constexpr unsigned buffered = 0b111;
  static constexpr shape infer(shape, shape z, shape) { return z; }
  template <class S>
  static void compute_row(Eigen::Index i, auto& out, const auto& g, const auto& z, const auto& y) {
    detail::softmax_ce_grad_row<S>(i, out, g, z, y);
  }
};

struct softmax_ce_op : elementwise_op {
  static constexpr const char* name = "softmax_cross_entropy";
  static constexpr op_kind kind = op_kind::rowwise;
  static constexpr unsigned buffered = 0b11;
  template <class Z, class Y>
  static constexpr bool valid() {
    return check::softmax_ce_shape<Y::static_shape, Z::static_shape>();
  }
  static void check(shape z, shape y) { check::softmax_ce_shape(y, z); }
  static constexpr shape infer(shape z, shape) { return {z.rows, 1}; }
  template <class S>
  static void compute_row(Eigen::Index i, auto& out, const auto& z, const auto& y) {
    detail::softmax_ce_row<S>(i, out, z, y);
  }
  template <std::size_t K, class Self, class G, class Z, class Y>
  static constexpr auto vjp(Self, G g, Z z, Y y) {
    static_assert(K == 0, "softmax_cross_entropy: only the logits take a gradient");
    return make<softmax_ce_grad_op>(g, z, y);
  }
};

template <expression Z, expression Y>
constexpr auto softmax_cross_entropy(Z z, Y y) {
  return make<softmax_ce_op>(z, y);
}
template <expression Z, expression Y, expression W>
constexpr auto softmax_cross_entropy(Z z, Y y, sample_weight_t<W> w) {
  return mul_col(softmax_cross_entropy(z, y), w.value);
}

}  // namespace metagrad
