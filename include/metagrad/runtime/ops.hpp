// The runtime graph's ops: the same set as the compiled library, each a forward and a backward
// rule over fresh matrices. Focal loss is composed from elementary ops, as torchvision does.
#pragma once

#include "metagrad/runtime/graph.hpp"

#include <Eigen/SparseCore>

#include <cmath>

namespace metagrad::runtime {

template <class S>
using matrix = typename node<S>::matrix;

template <class S>
value<S> matmul(const value<S>& a, const value<S>& b) {
  return make_node<S>(a->value * b->value, {a, b}, [](node<S>& n) {
    accumulate(*n.parents[0], n.grad * n.parents[1]->value.transpose());
    accumulate(*n.parents[1], n.parents[0]->value.transpose() * n.grad);
  });
}

// x w for a sparse x (rows of features, held by the caller until backward): the gradient of w is
// the dense x^T g, as a define-by-run graph without sparse gradients computes it.
template <class S>
value<S> sparse_matmul(const Eigen::SparseMatrix<S, Eigen::RowMajor, int>& x, const value<S>& w) {
  matrix<S> out = x * w->value;
  return make_node<S>(std::move(out), {w}, [&x](node<S>& n) {
    accumulate(*n.parents[0], matrix<S>(x.transpose() * n.grad));
  });
}

// [a b], and the gradient's columns split back.
template <class S>
value<S> concat(const value<S>& a, const value<S>& b) {
  matrix<S> out(a->value.rows(), a->value.cols() + b->value.cols());
  out << a->value, b->value;
  return make_node<S>(std::move(out), {a, b}, [](node<S>& n) {
    const Eigen::Index left = n.parents[0]->value.cols();
    accumulate(*n.parents[0], matrix<S>(n.grad.leftCols(left)));
    accumulate(*n.parents[1], matrix<S>(n.grad.rightCols(n.grad.cols() - left)));
  });
}

template <class S>
value<S> add_row(const value<S>& a, const value<S>& bias) {
  matrix<S> out = a->value.rowwise() + bias->value.row(0);
  return make_node<S>(std::move(out), {a, bias}, [](node<S>& n) {
    accumulate(*n.parents[0], n.grad);
    accumulate(*n.parents[1], n.grad.colwise().sum());
  });
}

// a + c and a * c for a column c: each column of a with c.
template <class S>
value<S> add_col(const value<S>& a, const value<S>& c) {
  matrix<S> out = a->value.colwise() + c->value.col(0);
  return make_node<S>(std::move(out), {a, c}, [](node<S>& n) {
    accumulate(*n.parents[0], n.grad);
    accumulate(*n.parents[1], n.grad.rowwise().sum());
  });
}
template <class S>
value<S> mul_col(const value<S>& a, const value<S>& c) {
  matrix<S> out = a->value.array().colwise() * c->value.col(0).array();
  return make_node<S>(std::move(out), {a, c}, [](node<S>& n) {
    const matrix<S> ga = n.grad.array().colwise() * n.parents[1]->value.col(0).array();
    accumulate(*n.parents[0], ga);
    accumulate(*n.parents[1], n.grad.cwiseProduct(n.parents[0]->value).rowwise().sum());
  });
}

template <class S>
value<S> add(const value<S>& a, const value<S>& b) {
  return make_node<S>(a->value + b->value, {a, b}, [](node<S>& n) {
    accumulate(*n.parents[0], n.grad);
    accumulate(*n.parents[1], n.grad);
  });
}

template <class S>
value<S> sub(const value<S>& a, const value<S>& b) {
  return make_node<S>(a->value - b->value, {a, b}, [](node<S>& n) {
    accumulate(*n.parents[0], n.grad);
    accumulate(*n.parents[1], -n.grad);
  });
}

template <class S>
value<S> mul(const value<S>& a, const value<S>& b) {
  return make_node<S>(a->value.cwiseProduct(b->value), {a, b}, [](node<S>& n) {
    accumulate(*n.parents[0], n.grad.cwiseProduct(n.parents[1]->value));
    accumulate(*n.parents[1], n.grad.cwiseProduct(n.parents[0]->value));
  });
}

// s a + c, for the constants of composed losses (1 - p is affine(p, -1, 1)).
template <class S>
value<S> affine(const value<S>& a, S s, S c) {
  matrix<S> out = (a->value.array() * s + c).matrix();
  return make_node<S>(std::move(out), {a},
                      [s](node<S>& n) { accumulate(*n.parents[0], n.grad * s); });
}

template <class S>
value<S> pow(const value<S>& a, S exponent) {
  matrix<S> out = a->value.array().pow(exponent).matrix();
  return make_node<S>(std::move(out), {a}, [exponent](node<S>& n) {
    const auto& x = n.parents[0]->value.array();
    matrix<S> d = matrix<S>::Zero(x.rows(), x.cols());
    if (exponent != S(0)) d = (exponent * x.pow(exponent - 1)).matrix();
    accumulate(*n.parents[0], n.grad.cwiseProduct(d));
  });
}

// exp, log, log1p, sqrt, abs (sub-gradient 0 at 0) and a / b, each with its derivative.
template <class S, class F, class D>
value<S> unary(const value<S>& a, F f, D d) {
  matrix<S> out = f(a->value.array()).matrix();
  return make_node<S>(std::move(out), {a}, [d](node<S>& n) {
    accumulate(*n.parents[0],
               (n.grad.array() * d(n.parents[0]->value.array(), n.value.array())).matrix());
  });
}
template <class S>
value<S> exp(const value<S>& a) {
  return unary(
      a, [](const auto& x) { return x.exp(); }, [](const auto&, const auto& y) { return y; });
}
template <class S>
value<S> log(const value<S>& a) {
  return unary(
      a, [](const auto& x) { return x.log(); },
      [](const auto& x, const auto&) { return x.inverse(); });
}
template <class S>
value<S> log1p(const value<S>& a) {
  return unary(
      a, [](const auto& x) { return x.log1p(); },
      [](const auto& x, const auto&) { return (x + S(1)).inverse(); });
}
template <class S>
value<S> sqrt(const value<S>& a) {
  return unary(
      a, [](const auto& x) { return x.sqrt(); },
      [](const auto&, const auto& y) { return (S(2) * y).inverse(); });
}
template <class S>
value<S> abs(const value<S>& a) {
  return unary(
      a, [](const auto& x) { return x.abs(); },
      [](const auto& x, const auto&) { return x.sign(); });
}
template <class S>
value<S> div(const value<S>& a, const value<S>& b) {
  matrix<S> out = (a->value.array() / b->value.array()).matrix();
  return make_node<S>(std::move(out), {a, b}, [](node<S>& n) {
    const auto& y = n.parents[1]->value.array();
    accumulate(*n.parents[0], (n.grad.array() / y).matrix());
    accumulate(*n.parents[1], (-n.grad.array() * n.value.array() / y).matrix());
  });
}

template <class S>
value<S> relu(const value<S>& a) {
  return make_node<S>(a->value.cwiseMax(S(0)), {a}, [](node<S>& n) {
    accumulate(*n.parents[0], (n.parents[0]->value.array() > S(0)).select(n.grad, S(0)).matrix());
  });
}

template <class S>
value<S> sigmoid(const value<S>& a) {
  matrix<S> out = a->value.unaryExpr([](S x) {
    return x >= 0 ? S(1) / (S(1) + std::exp(-x)) : std::exp(x) / (S(1) + std::exp(x));
  });
  return make_node<S>(std::move(out), {a}, [](node<S>& n) {
    const auto& s = n.value.array();
    accumulate(*n.parents[0], (n.grad.array() * s * (S(1) - s)).matrix());
  });
}

template <class S>
value<S> tanh(const value<S>& a) {
  return make_node<S>(a->value.array().tanh().matrix(), {a}, [](node<S>& n) {
    accumulate(*n.parents[0], (n.grad.array() * (S(1) - n.value.array().square())).matrix());
  });
}

template <class S>
value<S> mean(const value<S>& a) {
  matrix<S> out(1, 1);
  out(0, 0) = a->value.mean();
  return make_node<S>(std::move(out), {a}, [](node<S>& n) {
    const auto& x = n.parents[0]->value;
    accumulate(*n.parents[0], matrix<S>::Constant(x.rows(), x.cols(), n.grad(0, 0) / S(x.size())));
  });
}

template <class S>
value<S> sum(const value<S>& a) {
  matrix<S> out(1, 1);
  out(0, 0) = a->value.sum();
  return make_node<S>(std::move(out), {a}, [](node<S>& n) {
    const auto& x = n.parents[0]->value;
    accumulate(*n.parents[0], matrix<S>::Constant(x.rows(), x.cols(), n.grad(0, 0)));
  });
}

// Element-wise binary cross-entropy from logits, PyTorch's formula:
// max(z, 0) - z y + log(1 + exp(-|z|));  d/dz = sigmoid(z) - y
template <class S>
value<S> bce_with_logits(const value<S>& z, const value<S>& y) {
  const auto& zv = z->value.array();
  const auto& yv = y->value.array();
  matrix<S> out = (zv.max(S(0)) - zv * yv + (-zv.abs()).exp().log1p()).matrix();
  return make_node<S>(std::move(out), {z, y}, [](node<S>& n) {
    const auto& zv = n.parents[0]->value.array();
    const auto p = zv.unaryExpr([](S x) {
      return x >= 0 ? S(1) / (S(1) + std::exp(-x)) : std::exp(x) / (S(1) + std::exp(x));
    });
    accumulate(*n.parents[0], (n.grad.array() * (p - n.parents[1]->value.array())).matrix());
  });
}

// torchvision.ops.sigmoid_focal_loss, element-wise, composed from the ops above.
template <class S>
value<S> focal_with_logits(const value<S>& z, const value<S>& y, S alpha, S gamma) {
  const auto p = sigmoid(z);
  const auto ce = bce_with_logits(z, y);
  const auto one_minus_y = affine(y, S(-1), S(1));
  const auto p_t = add(mul(p, y), mul(affine(p, S(-1), S(1)), one_minus_y));
  auto loss = mul(ce, pow(affine(p_t, S(-1), S(1)), gamma));
  if (alpha >= 0)
    loss = mul(affine(y, S(2 * alpha - 1), S(1 - alpha)), loss);  // alpha y + (1-alpha)(1-y)
  return loss;
}

}  // namespace metagrad::runtime
