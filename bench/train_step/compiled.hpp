// train_step/compiled: the step as metagrad expressions, compiled once; bindings are by address,
// so the workspace reads the weights that SGD updates in place.
#pragma once

#include <metagrad/metagrad.hpp>

#include "configs.hpp"
#include "fused_losses.hpp"

namespace bench {

namespace mg = metagrad;

// An MLP with one or two hidden relu layers, BCE or focal loss, dense or sparse input (then the
// first layer is stored feature-major, hidden x features, and updated by touched columns). The
// loss's gradient is derived by the compiler, or with Fused the hand-written kernels the library
// had before (fused_losses.hpp).
template <int Hidden, bool Focal, bool Sparse, bool Fused = false>
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
    if constexpr (Focal && Fused)
      return mean(mg::fused::focal_with_logits(logits, y, alpha, gamma));
    else if constexpr (Focal)
      return mean(focal_with_logits(logits, y, alpha, gamma));
    else if constexpr (Fused)
      return mean(mg::fused::bce_with_logits(logits, y));
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

template <int Hidden, bool Focal, bool Sparse, bool Fused = false>
class compiled_step {
  using model = compiled_model<Hidden, Focal, Sparse, Fused>;

 public:
  compiled_step(const problem& p, int threads) : p_(p), ws_(threads) {
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

  // Plain SGD folded into the program: each weight gradient is a GEMM (or the sparse kernel)
  // accumulating into the weights, the bias gradients are applied after.
  float step() {
    ws_.sgd_step(learning_rate, model::grads);
    return ws_[model::loss](0, 0);
  }

 private:
  problem p_;
  mg::workspace<typename model::program, float> ws_;
};

}  // namespace bench
