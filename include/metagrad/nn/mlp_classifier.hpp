// mlp_classifier: the multi-label classifier users build first, as expressions: features (dense,
// or sparse TF-IDF rows) -> dense hidden layer, relu, dropout -> one logit per label; sigmoid
// outputs. Its models for nn::fit differ in the loss alone: BCE (pos_weight, sample weights),
// focal loss (alpha, gamma, sample weights) or the asymmetric loss (gamma_pos, gamma_neg, margin,
// sample weights, bound by name from fit_options::scalars).
// Several text columns enter as column blocks of one sparse input: block c meets its own rows of
// W1, which is exactly one first layer per column, summed before the hidden activation.
#pragma once

#include "metagrad/exec/program.hpp"
#include "metagrad/nn/dropout.hpp"
#include "metagrad/nn/initialize.hpp"
#include "metagrad/nn/loss_kind.hpp"
#include "metagrad/nn/multilabel_model.hpp"
#include "metagrad/nn/parameters.hpp"
#include "metagrad/nn/training_state.hpp"
#include "metagrad/ops/activations.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/asymmetric_loss.hpp"
#include "metagrad/ops/matmul.hpp"
#include "metagrad/ops/reductions.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace metagrad::nn {

// The asymmetric loss with its three run-time scalars.
struct asymmetric {
  template <expression Z, expression Y>
  constexpr auto operator()(Z z, Y y) const {
    return mean(asymmetric_loss(z, y, scalar<"gamma_pos">, scalar<"gamma_neg">, scalar<"margin">,
                                sample_weight(input<"sample_weight", dyn, 1>)));
  }
};

template <bool Sparse>
struct mlp_classifier {
  static constexpr auto x = [] {
    if constexpr (Sparse)
      return sparse_input<"x">;
    else
      return input<"x">;
  }();
  // The first layer: features x hidden for dense features; for sparse rows stored transposed,
  // hidden x features, one column per feature, so that a batch reads and updates whole columns.
  static constexpr auto W1 = param<"W1">;
  static constexpr auto b1 = param<"b1", 1, dyn>;
  static constexpr auto W2 = param<"W2">;
  static constexpr auto b2 = param<"b2", 1, dyn>;

  static constexpr auto first_layer = [] {
    if constexpr (Sparse)
      return x * transpose(W1);
    else
      return x * W1;
  }();
  static constexpr auto hidden = relu(first_layer + b1);
  // The rate is fit_options::dropout's {"hidden", rate}; 0.5 where none is given.
  static constexpr auto logits = dropout<"hidden", 0.5>(hidden) * W2 + b2;
  static constexpr auto probabilities = sigmoid(hidden * W2 + b2);

  static constexpr auto bce = multilabel(logits);
  static constexpr auto focal = multilabel(logits, nn::focal);
  static constexpr auto asl = multilabel(logits, asymmetric{});
  using predict_program = decltype(compile(probabilities));
  using store = typename decltype(bce)::store;  // the same four parameters for every loss

  // New parameters for `features` inputs, `hidden` units and `labels` outputs, by role (He for
  // the relu layer, Glorot for the sigmoid layer, zero biases), from the seed.
  static store initial(Eigen::Index features, Eigen::Index hidden, Eigen::Index labels,
                       unsigned long seed) {
    store s;
    initialize(s, {{"x", {1, features}}, {"y", {1, labels}}},
               {.seed = seed, .sizes = {{"b1", {1, hidden}}}}, bce.loss);
    return s;
  }
};

// The parameters a training state holds, as a model file keeps them.
inline parameters mlp_parameters(training_state s) {
  const auto at = [&](std::string_view name) -> matrix& {
    for (std::size_t i = 0; i < s.names.size() && i < s.current.size(); ++i)
      if (s.names[i] == name) return s.current[i];
    throw std::invalid_argument("training state: it holds no parameter '" + std::string(name) +
                                "' of the classifier's network");
  };
  return {std::move(at("W1")), std::move(at("b1")), std::move(at("W2")), std::move(at("b2"))};
}

}  // namespace metagrad::nn
