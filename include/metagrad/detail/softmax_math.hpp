// Softmax cross-entropy's formulas on one row of Eigen arrays, shared by its ops and by the code
// generator, which writes this file's text into generated sources.
#pragma once

#include <Eigen/Core>

#include <cmath>

namespace metagrad::detail {

// lse(z) = max_j z_j + log sum_j exp(z_j - max_j z_j): nothing overflows.
template <class S, class Row>
S log_sum_exp(const Row& row) {
  const S top = row.maxCoeff();
  return top + std::log((row - top).exp().sum());
}

// out(i, 0) = ce(z_i, y_i) = lse(z_i) sum_j y_ij - sum_j y_ij z_ij
template <class S, class Out, class Z, class Y>
void softmax_ce_row(Eigen::Index i, Out& out, const Z& z, const Y& y) {
  const S lse = log_sum_exp<S>(z.row(i));
  out(i, 0) = lse * y.row(i).sum() - (y.row(i) * z.row(i)).sum();
}

// out row i = g_i (softmax(z_i) sum_k y_ik - y_i): the adjoint with respect to z.
template <class S, class Out, class G, class Z, class Y>
void softmax_ce_grad_row(Eigen::Index i, Out& out, const G& g, const Z& z, const Y& y) {
  const S lse = log_sum_exp<S>(z.row(i));
  out.row(i) = g(i, 0) * ((z.row(i) - lse).exp() * y.row(i).sum() - y.row(i));
}

}  // namespace metagrad::detail
