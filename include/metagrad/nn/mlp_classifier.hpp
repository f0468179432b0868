// mlp_classifier: the multi-label classifier users build first, as expressions: features (dense,
// or sparse TF-IDF rows) -> dense hidden layer, relu, dropout -> one logit per label; trained with
// BCE (pos_weight, sample weights), focal loss (alpha, gamma, sample weights) or the asymmetric
// loss (gamma_pos, gamma_neg, margin, sample weights); sigmoid outputs.
// Several text columns enter as column blocks of one sparse input: block c meets its own rows of
// W1, which is exactly one first layer per column, summed before the hidden activation.
#pragma once

#include "metagrad/exec/program.hpp"
#include "metagrad/graph/grad.hpp"
#include "metagrad/nn/loss_kind.hpp"
#include "metagrad/ops/activations.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/asymmetric_loss.hpp"
#include "metagrad/ops/bce_with_logits.hpp"
#include "metagrad/ops/focal_with_logits.hpp"
#include "metagrad/ops/matmul.hpp"
#include "metagrad/ops/reductions.hpp"

namespace metagrad::nn {

template <bool Sparse>
struct mlp_classifier {
  static constexpr auto x = [] {
    if constexpr (Sparse)
      return sparse_input<"x">;
    else
      return input<"x">;
  }();
  static constexpr auto y = input<"y">;
  static constexpr auto keep = input<"dropout_keep">;  // 0 or 1 / (1 - p) per hidden unit
  // The first layer: features x hidden for dense features; for sparse rows stored transposed,
  // hidden x features, one column per feature, so that a batch reads and updates whole columns.
  static constexpr auto W1 = param<"W1">;
  static constexpr auto b1 = param<"b1", 1, dyn>;
  static constexpr auto W2 = param<"W2">;
  static constexpr auto b2 = param<"b2", 1, dyn>;
  static constexpr auto pos_w = input<"pos_weight", 1, dyn>;
  static constexpr auto sample_w = input<"sample_weight", dyn, 1>;
  static constexpr auto alpha = scalar<"alpha">;
  static constexpr auto gamma = scalar<"gamma">;
  static constexpr auto gamma_pos = scalar<"gamma_pos">;
  static constexpr auto gamma_neg = scalar<"gamma_neg">;
  static constexpr auto margin = scalar<"margin">;

  static constexpr auto first_layer = [] {
    if constexpr (Sparse)
      return x * transpose(W1);
    else
      return x * W1;
  }();
  static constexpr auto hidden = relu(first_layer + b1);
  static constexpr auto training_logits = mul(hidden, keep) * W2 + b2;
  static constexpr auto probabilities = sigmoid(hidden * W2 + b2);

  static constexpr auto bce_loss =
      mean(bce_with_logits(training_logits, y, pos_weight(pos_w), sample_weight(sample_w)));
  static constexpr auto focal_loss =
      mean(focal_with_logits(training_logits, y, alpha, gamma, sample_weight(sample_w)));
  static constexpr auto asl_loss = mean(
      asymmetric_loss(training_logits, y, gamma_pos, gamma_neg, margin, sample_weight(sample_w)));
  static constexpr auto bce_grads = grad(bce_loss, W1, b1, W2, b2);
  static constexpr auto focal_grads = grad(focal_loss, W1, b1, W2, b2);
  static constexpr auto asl_grads = grad(asl_loss, W1, b1, W2, b2);

  using bce_program = decltype(compile(bce_loss, bce_grads));
  using focal_program = decltype(compile(focal_loss, focal_grads));
  using asl_program = decltype(compile(asl_loss, asl_grads));
  using predict_program = decltype(compile(probabilities));
};

}  // namespace metagrad::nn
