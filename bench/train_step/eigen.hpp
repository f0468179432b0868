// train_step/eigen: the best hand-written Eigen step we know: buffers allocated once, bias + relu
// in one pass, the loss, its gradient and the last bias update in one pass, the relu mask and the
// bias update in one pass, and SGD folded into the weight-gradient GEMM (W -= lr A^T G, one GEMM
// with alpha = -lr and beta = 1, no gradient buffer). A sparse first layer is stored feature-major
// and updated in place, column by touched column.
//
// train_step/gemm (ProductsOnly): the same step without its element-wise passes, i.e. only the
// matrix products: the floor any implementation of this step stands on.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <vector>

#include "configs.hpp"

namespace bench {

using metagrad::exec::parallel_for;
using metagrad::exec::parallel_parts;

template <bool ProductsOnly>
class eigen_step {
 public:
  eigen_step(const problem& p, int threads) : p_(p), threads_(threads) {
    const std::size_t layers = p_.W.size();
    for (std::size_t l = 0; l < layers; ++l)
      Z_.push_back(matrix::Zero(p_.c.batch, p_.c.widths[l + 1]));
    G_ = Z_;
    column_loss_.resize(p_.c.widths.back());
    if (p_.c.sparse()) {
      p_.W[0].transposeInPlace();  // feature-major: hidden x features
      HT_ = matrix::Zero(p_.c.widths[1], p_.c.batch);
      GT_ = HT_;
    }
  }

  float step() { return p_.c.sparse() ? sparse_step() : dense_step(); }

 private:
  // Dense layers: Z[l] = relu(A[l-1] W[l] + b[l]) for hidden layers, logits for the last.
  float dense_step() {
    const std::size_t L = p_.W.size();
    for (std::size_t l = 0; l < L; ++l) {
      Z_[l].noalias() = (l ? Z_[l - 1] : p_.x) * p_.W[l];
      if (l + 1 < L && !ProductsOnly) bias_relu(Z_[l], p_.b[l]);
    }
    const float loss = ProductsOnly ? 0.0f : loss_pass(Z_[L - 1], p_.b[L - 1], G_[L - 1]);
    for (std::size_t l = L; l-- > 0;) {
      if (l > 0) G_[l - 1].noalias() = G_[l] * p_.W[l].transpose();  // with the old W[l]
      p_.W[l].noalias() -= learning_rate * ((l ? Z_[l - 1] : p_.x).transpose() * G_[l]);
      if (l > 0 && !ProductsOnly) mask_and_bias(G_[l - 1], Z_[l - 1], p_.b[l - 1]);
    }
    return loss;
  }

  // The movie model: sparse x -> hidden (kept transposed, hidden x batch) -> labels.
  float sparse_step() {
    const sparse_rows& x = p_.xs;
    matrix& W1 = p_.W[0];  // hidden x features
    const Eigen::Index hidden = W1.rows(), n = x.rows();
    parallel_for(threads_, n, [&](Eigen::Index r) {
      auto h = HT_.col(r);
      if (ProductsOnly)
        h.setZero();
      else
        h = p_.b[0].row(0).transpose();
      for (sparse_rows::InnerIterator it(x, r); it; ++it) h += it.value() * W1.col(it.index());
      if (!ProductsOnly) h = h.cwiseMax(0.0f);
    });
    Z_[1].noalias() = HT_.transpose() * p_.W[1];
    const float loss = ProductsOnly ? 0.0f : loss_pass(Z_[1], p_.b[1], G_[1]);
    GT_.noalias() = p_.W[1] * G_[1].transpose();
    p_.W[1].noalias() -= learning_rate * (HT_ * G_[1]);
    // Each thread owns a band of hidden units: the relu mask, b1 and then W1's touched columns.
    parallel_parts(threads_, [&](int t) {
      const int parts = threads_;
      const Eigen::Index h0 = hidden * t / parts, h1 = hidden * (t + 1) / parts, len = h1 - h0;
      if (!ProductsOnly) {
        for (Eigen::Index h = h0; h < h1; ++h) {
          float sum = 0;
          for (Eigen::Index r = 0; r < n; ++r) {
            float& g = GT_(h, r);
            g = HT_(h, r) > 0 ? g : 0.0f;
            sum += g;
          }
          p_.b[0](0, h) -= learning_rate * sum;
        }
      }
      for (Eigen::Index r = 0; r < n; ++r)
        for (sparse_rows::InnerIterator it(x, r); it; ++it)
          W1.col(it.index()).segment(h0, len) -=
              (learning_rate * it.value()) * GT_.col(r).segment(h0, len);
    });
    return loss;
  }

  // z = max(z + b, 0), columns split among threads.
  void bias_relu(matrix& z, const matrix& b) const {
    const Eigen::Index cols = z.cols();
    parallel_for(threads_, cols,
                 [&](Eigen::Index j) { z.col(j) = (z.col(j).array() + b(0, j)).max(0.0f); });
  }

  // g = g where the relu passed (a > 0), else 0; b -= lr colsum(g). One pass.
  void mask_and_bias(matrix& g, const matrix& a, matrix& b) const {
    const Eigen::Index cols = g.cols();
    parallel_for(threads_, cols, [&](Eigen::Index j) {
      g.col(j) = (a.col(j).array() > 0).select(g.col(j), 0.0f);
      b(0, j) -= learning_rate * g.col(j).sum();
    });
  }

  // From logits z = Z + b: the mean loss, its gradient into g, and b -= lr colsum(g). One pass.
  //   bce:   l = max(z, 0) - z y + log(1 + e^-|z|);  dl/dz = sigmoid(z) - y
  //   focal: l = a_t q^gamma bce, q = 1 - p_t;       dl/dz = a_t (1 - 2y) q^gamma (gamma p_t bce +
  //   q)
  //          (p_t = p y + (1 - p)(1 - y), a_t = alpha y + (1 - alpha)(1 - y), binary y)
  float loss_pass(const matrix& Z, matrix& b, matrix& g) {
    const Eigen::Index rows = Z.rows(), cols = Z.cols();
    const float scale = 1.0f / float(Z.size());
    const bool focal = p_.c.kind == loss::focal;
    parallel_for(threads_, cols, [&](Eigen::Index j) {
      float column_grad = 0, column_loss = 0;
      for (Eigen::Index i = 0; i < rows; ++i) {
        const float z = Z(i, j) + b(0, j), y = p_.y(i, j);
        const float e = std::exp(-std::abs(z));
        const float p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        const float u = 1 + e, log1p_e = u == 1 ? e : std::log(u) * e / (u - 1);  // log1p(e)
        const float bce = std::max(z, 0.0f) - z * y + log1p_e;
        float l = bce, d = p - y;
        if (focal) {
          const float pt = p * y + (1 - p) * (1 - y), q = 1 - pt;
          const float at = focal_alpha * y + (1 - focal_alpha) * (1 - y);
          const float qg = std::pow(q, focal_gamma);
          l = at * qg * bce;
          d = at * (1 - 2 * y) * qg * (focal_gamma * pt * bce + q);
        }
        g(i, j) = d * scale;
        column_grad += d * scale;
        column_loss += l;
      }
      b(0, j) -= learning_rate * column_grad;
      column_loss_(j) = column_loss;
    });
    return float(column_loss_.cast<double>().sum()) * scale;
  }

  problem p_;
  int threads_;
  std::vector<matrix> Z_, G_;
  matrix HT_, GT_;
  Eigen::VectorXf column_loss_;  // the loss summed per label, for the mean  // sparse model: hidden
                                 // activations and their gradient, hidden x batch
};

}  // namespace bench
