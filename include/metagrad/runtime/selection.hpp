// The runtime graph's selecting ops, written plainly as the oracle for the compiled ones
// (ops/masks.hpp, ops/min_max.hpp, ops/softmax.hpp, ops/slice.hpp): where by a fixed mask, max and
// min (ties split the gradient in halves, as torch.maximum does), clamp (bounds included, as
// torch.clamp), softmax and log_softmax over rows, and a block of columns.
#pragma once

#include "metagrad/runtime/ops.hpp"

#include <cmath>

namespace metagrad::runtime {

// mask is data: 1 picks a, 0 picks b.
template <class S>
value<S> where(const matrix<S>& mask, const value<S>& a, const value<S>& b) {
  matrix<S> out = a->value;
  for (Eigen::Index k = 0; k < out.size(); ++k)
    if (mask(k) == S(0)) out(k) = b->value(k);
  return make_node<S>(std::move(out), {a, b}, [mask](node<S>& n) {
    matrix<S> to_a = n.grad, to_b = n.grad;
    for (Eigen::Index k = 0; k < mask.size(); ++k) (mask(k) != S(0) ? to_b : to_a)(k) = 0;
    accumulate(*n.parents[0], to_a);
    accumulate(*n.parents[1], to_b);
  });
}

// max (Max) or min of a and b, element by element.
template <bool Max, class S>
value<S> pick(const value<S>& a, const value<S>& b) {
  const auto a_wins = [](S x, S y) { return Max ? x > y : x < y; };
  matrix<S> out = a->value;
  for (Eigen::Index k = 0; k < out.size(); ++k)
    if (a_wins(b->value(k), a->value(k))) out(k) = b->value(k);
  return make_node<S>(std::move(out), {a, b}, [a_wins](node<S>& n) {
    const matrix<S>&x = n.parents[0]->value, &y = n.parents[1]->value;
    matrix<S> to_a(x.rows(), x.cols()), to_b(x.rows(), x.cols());
    for (Eigen::Index k = 0; k < x.size(); ++k) {
      const S share = x(k) == y(k) ? S(0.5) : a_wins(x(k), y(k)) ? S(1) : S(0);
      to_a(k) = share * n.grad(k);
      to_b(k) = (x(k) == y(k) ? S(0.5) : S(1) - share) * n.grad(k);
    }
    accumulate(*n.parents[0], to_a);
    accumulate(*n.parents[1], to_b);
  });
}
template <class S>
value<S> maximum(const value<S>& a, const value<S>& b) {
  return pick<true>(a, b);
}
template <class S>
value<S> minimum(const value<S>& a, const value<S>& b) {
  return pick<false>(a, b);
}

template <class S>
value<S> clamp(const value<S>& a, S lo, S hi) {
  matrix<S> out = a->value.cwiseMax(lo).cwiseMin(hi);
  return make_node<S>(std::move(out), {a}, [lo, hi](node<S>& n) {
    const auto& x = n.parents[0]->value.array();
    accumulate(*n.parents[0], (x >= lo && x <= hi).select(n.grad.array(), S(0)).matrix());
  });
}

// Each row's softmax, its maximum subtracted first; the adjoint from the Jacobian
// diag(s) - s s^T, one row at a time.
template <class S>
value<S> softmax(const value<S>& z) {
  matrix<S> out = z->value;
  for (Eigen::Index i = 0; i < out.rows(); ++i) {
    out.row(i).array() = (out.row(i).array() - out.row(i).maxCoeff()).exp();
    out.row(i) /= out.row(i).sum();
  }
  return make_node<S>(std::move(out), {z}, [](node<S>& n) {
    matrix<S> dz(n.value.rows(), n.value.cols());
    for (Eigen::Index i = 0; i < dz.rows(); ++i) {
      const Eigen::Matrix<S, Eigen::Dynamic, 1> s = n.value.row(i).transpose();
      const matrix<S> jacobian = matrix<S>(s.asDiagonal()) - s * s.transpose();
      dz.row(i) = n.grad.row(i) * jacobian;
    }
    accumulate(*n.parents[0], dz);
  });
}
template <class S>
value<S> log_softmax(const value<S>& z) {
  return log(softmax(z));
}

// Columns begin .. begin + count - 1.
template <class S>
value<S> slice(const value<S>& a, Eigen::Index begin, Eigen::Index count) {
  return make_node<S>(a->value.middleCols(begin, count), {a}, [begin, count](node<S>& n) {
    const matrix<S>& x = n.parents[0]->value;
    matrix<S> da = matrix<S>::Zero(x.rows(), x.cols());
    da.middleCols(begin, count) = n.grad;
    accumulate(*n.parents[0], da);
  });
}

}  // namespace metagrad::runtime
