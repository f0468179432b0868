// Row-wise softmax and log_softmax: each row of z made a distribution (over classes, over labels
// for a soft-F1 surrogate), computed through lse(z_i) so that nothing overflows.
//
//   softmax(z)_i     = exp(z_i - lse(z_i))     adjoint: s_i (g_i - sum_j g_ij s_ij)
//   log_softmax(z)_i = z_i - lse(z_i)          adjoint: g_i - softmax(z_i) sum_j g_ij
// Both adjoints read the op's own output (s, or exp of it), not z again.
#pragma once

#include "metagrad/core/expr.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/core/op_kind.hpp"
#include "metagrad/detail/softmax_math.hpp"

#include <Eigen/Core>

namespace metagrad {

// The adjoint of softmax (Log = false) or log_softmax, from g and the op's output.
template <bool Log>
struct softmax_grad_op : elementwise_op {
  static constexpr const char* name = Log ? "log_softmax_grad" : "softmax_grad";
  static constexpr op_kind kind = op_kind::rowwise;
  static constexpr unsigned buffered = 0b11;
  static constexpr shape infer(shape g, shape) { return g; }
  template <class S>
  static void compute_row(Eigen::Index i, auto& out, const auto& g, const auto& self) {
    if constexpr (Log)
      detail::log_softmax_grad_row<S>(i, out, g, self);
    else
      detail::softmax_grad_row<S>(i, out, g, self);
  }
};

template <bool Log>
struct softmax_op : elementwise_op {
  static constexpr const char* name = Log ? "log_softmax" : "softmax";
  static constexpr op_kind kind = op_kind::rowwise;
  static constexpr unsigned buffered = 0b1;
  static constexpr shape infer(shape z) { return z; }
  template <class S>
  static void compute_row(Eigen::Index i, auto& out, const auto& z) {
    if constexpr (Log)
      detail::log_softmax_row<S>(i, out, z);
    else
      detail::softmax_row<S>(i, out, z);
  }
  template <std::size_t K, class Self, class G, class Z>
  static constexpr auto vjp(Self self, G g, Z) {
    return make<softmax_grad_op<Log>>(g, self);
  }
};

template <expression Z>
constexpr auto softmax(Z z) {
  return make<softmax_op<false>>(z);
}
template <expression Z>
constexpr auto log_softmax(Z z) {
  return make<softmax_op<true>>(z);
}

}  // namespace metagrad
