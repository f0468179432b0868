// Row-wise softmax's formulas on one row of Eigen arrays — softmax, log_softmax and their adjoints
// — shared by their ops and by the code generator, which writes this file's text into generated
// sources.
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

// out row i = softmax(z_i) = exp(z_i - lse(z_i))
template <class S, class Out, class Z>
void softmax_row(Eigen::Index i, Out& out, const Z& z) {
  out.row(i) = (z.row(i) - log_sum_exp<S>(z.row(i))).exp();
}

// out row i = log_softmax(z_i) = z_i - lse(z_i)
template <class S, class Out, class Z>
void log_softmax_row(Eigen::Index i, Out& out, const Z& z) {
  out.row(i) = z.row(i) - log_sum_exp<S>(z.row(i));
}

// out row i = s_i (g_i - sum_j g_ij s_ij), s = softmax(z): softmax's adjoint.
template <class S, class Out, class G, class Soft>
void softmax_grad_row(Eigen::Index i, Out& out, const G& g, const Soft& s) {
  const S dot = (g.row(i) * s.row(i)).sum();
  out.row(i) = s.row(i) * (g.row(i) - dot);
}

// out row i = g_i - exp(l_i) sum_j g_ij, l = log_softmax(z): log_softmax's adjoint.
template <class S, class Out, class G, class LogSoft>
void log_softmax_grad_row(Eigen::Index i, Out& out, const G& g, const LogSoft& l) {
  const S total = g.row(i).sum();
  out.row(i) = g.row(i) - l.row(i).exp() * total;
}

}  // namespace metagrad::detail
