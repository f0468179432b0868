// train_step/runtime: the naive define-by-run graph (metagrad::runtime), rebuilt every step from
// persistent parameter leaves, as a small autograd is used: forward builds nodes, backward fills
// the parameters' gradients, SGD updates the leaves' values and drops the gradients.
#pragma once

#include <metagrad/runtime/ops.hpp>

#include "configs.hpp"

namespace bench {

class runtime_step {
  using value = metagrad::runtime::value<float>;

 public:
  runtime_step(const problem& p, int threads) : p_(p), threads_(threads) {
    namespace rt = metagrad::runtime;
    if (!p_.c.sparse()) x_ = rt::leaf<float>(p_.x);
    y_ = rt::leaf<float>(p_.y);
    for (std::size_t l = 0; l < p_.W.size(); ++l) {
      W_.push_back(rt::leaf<float>(p_.W[l], true));
      b_.push_back(rt::leaf<float>(p_.b[l], true));
    }
  }

  float step() {
    namespace rt = metagrad::runtime;
    value a = p_.c.sparse() ? rt::sparse_matmul(p_.xs, W_[0]) : rt::matmul(x_, W_[0]);
    for (std::size_t l = 0;; ++l) {
      a = rt::add_row(a, b_[l]);
      if (l + 1 == W_.size()) break;
      a = rt::matmul(rt::relu(a), W_[l + 1]);
    }
    const value loss =
        rt::mean(p_.c.kind == loss::focal ? rt::focal_with_logits(a, y_, focal_alpha, focal_gamma)
                                          : rt::bce_with_logits(a, y_));
    rt::backward(loss);
    for (auto* params : {&W_, &b_})
      for (auto& w : *params) {
        sgd(w->value, w->grad, learning_rate, threads_);
        w->grad = matrix();  // the next step allocates it again, as PyTorch's grad = None does
      }
    return loss->value(0, 0);
  }

 private:
  problem p_;
  int threads_;
  value x_, y_;
  std::vector<value> W_, b_;
};

}  // namespace bench
