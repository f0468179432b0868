// multilabel_model: any expression of logits (one column per label) becomes a model that fit()
// trains and predict_proba() runs — sigmoid outputs, BCE from the logits (pos_weight and sample
// weights) or focal loss (alpha, gamma, sample weights). The loss, its gradient for every
// parameter, the prediction graph (dropout removed) and their programs are derived here, from
// the logits' type alone:
//   constexpr auto model = nn::multilabel(nn::dense<"out", 6>(relu(nn::dense<"h", 64>(x))));
// The labels bind to the input "y"; "pos_weight", "sample_weight", "alpha" and "gamma" are the
// loss's own leaves, so a model's inputs take other names.
#pragma once

#include "metagrad/exec/program.hpp"
#include "metagrad/graph/grad.hpp"
#include "metagrad/nn/dropout.hpp"
#include "metagrad/nn/parameter_store.hpp"
#include "metagrad/ops/activations.hpp"
#include "metagrad/ops/bce_with_logits.hpp"
#include "metagrad/ops/focal_with_logits.hpp"
#include "metagrad/ops/reductions.hpp"

namespace metagrad::nn {

template <expression Logits>
struct multilabel_model {
  static constexpr Logits logits{};
  static constexpr auto y = input<"y">;
  static constexpr auto pos_w = input<"pos_weight", 1, dyn>;
  static constexpr auto sample_w = input<"sample_weight", dyn, 1>;
  static constexpr auto alpha = scalar<"alpha">;
  static constexpr auto gamma = scalar<"gamma">;

  static constexpr auto bce_loss =
      mean(bce_with_logits(logits, y, pos_weight(pos_w), sample_weight(sample_w)));
  static constexpr auto focal_loss =
      mean(focal_with_logits(logits, y, alpha, gamma, sample_weight(sample_w)));
  static constexpr auto bce_grads = grad(bce_loss);
  static constexpr auto focal_grads = grad(focal_loss);
  static constexpr auto probabilities = sigmoid(without_dropout(logits));

  using bce_program = decltype(compile(bce_loss, bce_grads));
  using focal_program = decltype(compile(focal_loss, focal_grads));
  using predict_program = decltype(compile(probabilities));
  // The parameters' values: a store keyed by the leaves of the loss.
  using store = decltype(make_parameter_store(bce_loss));
};

template <expression Logits>
constexpr multilabel_model<Logits> multilabel(Logits) {
  return {};
}

}  // namespace metagrad::nn
