// train_step/compiled: the step as metagrad expressions, compiled once; bindings are by address,
// so the workspace reads the weights that SGD updates in place.
#pragma once

#include <metagrad/metagrad.hpp>

#include "configs.hpp"

namespace bench {

namespace mg = metagrad;

// An MLP with one or two hidden relu layers, BCE or focal loss, dense or sparse input (then the
// first layer is stored feature-major, hidden x features, and updated by touched columns).
template <int Hidden, bool Focal, bool Sparse>
struct compiled_model {
  static constexpr auto x = [] {
    if constexpr (Sparse)
      return mg::sparse_input<"x">;
    else
      return mg::input<"x">;
  }();
  static constexpr auto y = mg::input<"y">;
  static constexpr auto alpha = mg::scalar<"alpha">;
  static constexpr auto gamma = mg::scalar<"gamma">;
  static constexpr auto W1 = mg::param<"W1">;
  static constexpr auto b1 = mg::param<"b1", 1, mg::dyn>;
  static constexpr auto W2 = mg::param<"W2">;
  static constexpr auto b2 = mg::param<"b2", 1, mg::dyn>;
  static constexpr auto W3 = mg::param<"W3">;
  static constexpr auto b3 = mg::param<"b3", 1, mg::dyn>;

  static constexpr auto h1 = [] {
    if constexpr (Sparse)
      return relu(x * transpose(W1) + b1);
    else
      return relu(x * W1 + b1);
  }();
  static constexpr auto logits = [] {
    if constexpr (Hidden == 1)
      return h1 * W2 + b2;
    else
      return relu(h1 * W2 + b2) * W3 + b3;
  }();
  static constexpr auto loss = [] {
    if constexpr (Focal)
      return mean(focal_with_logits(logits, y, alpha, gamma));
    else
      return mean(bce_with_logits(logits, y));
  }();
  static constexpr auto grads = [] {
    if constexpr (Hidden == 1)
      return mg::grad(loss, W1, b1, W2, b2);
    else
      return mg::grad(loss, W1, b1, W2, b2, W3, b3);
  }();
  using program = decltype(mg::compile(loss, grads));
};

template <int Hidden, bool Focal, bool Sparse>
class compiled_step {
  using model = compiled_model<Hidden, Focal, Sparse>;

 public:
  compiled_step(const problem& p, int threads) : p_(p), ws_(threads), threads_(threads) {
    if constexpr (Sparse) {
      p_.W[0].transposeInPlace();  // feature-major
      const auto& xs = p_.xs;
      ws_.bind(model::x = mg::exec::sparse_view<float>{xs.rows(), xs.cols(), xs.outerIndexPtr(),
                                                       xs.innerIndexPtr(), xs.valuePtr()});
    } else {
      ws_.bind(model::x = p_.x);
    }
    ws_.bind_if_used(model::y = p_.y, model::alpha = double(focal_alpha),
                     model::gamma = double(focal_gamma), model::W1 = p_.W[0], model::b1 = p_.b[0],
                     model::W2 = p_.W[1], model::b2 = p_.b[1]);
    if constexpr (Hidden == 2) ws_.bind(model::W3 = p_.W[2], model::b3 = p_.b[2]);
  }

  float step() {
    ws_.run();
    const auto& g = model::grads;
    if constexpr (Sparse) {
      const auto& G = ws_[g[model::W1]];
      matrix& W = p_.W[0];
      const std::vector<int>& touched = ws_.touched_features(g[model::W1]);
      mg::exec::parallel_for(threads_, Eigen::Index(touched.size()), [&](Eigen::Index k) {
        const Eigen::Index j = touched[std::size_t(k)];
        W.col(j) -= learning_rate * G.col(j);
      });
    } else {
      sgd(p_.W[0], ws_[g[model::W1]], learning_rate, threads_);
    }
    sgd(p_.b[0], ws_[g[model::b1]], learning_rate, 1);
    sgd(p_.W[1], ws_[g[model::W2]], learning_rate, threads_);
    sgd(p_.b[1], ws_[g[model::b2]], learning_rate, 1);
    if constexpr (Hidden == 2) {
      sgd(p_.W[2], ws_[g[model::W3]], learning_rate, threads_);
      sgd(p_.b[2], ws_[g[model::b3]], learning_rate, 1);
    }
    return ws_[model::loss](0, 0);
  }

 private:
  problem p_;
  mg::workspace<typename model::program, float> ws_;
  int threads_;
};

}  // namespace bench
