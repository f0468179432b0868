// multilabel_model: any expression of logits (one column per label) becomes a model that fit()
// trains and predict_proba() runs — sigmoid outputs and a loss chosen with the model, as Keras's
// compile(loss=...): BCE from the logits (pos_weight and sample weights) by default, the focal
// loss (alpha and gamma from fit_options, sample weights) with nn::focal, or a loss the user
// writes. The loss, its gradient for every parameter, the prediction graph (dropout removed) and
// their programs are derived here, from the logits' type alone:
//   constexpr auto model = nn::multilabel(nn::dense<"out", 6>(relu(nn::dense<"h", 64>(x))));
//   constexpr auto focal_model = nn::multilabel(logits, nn::focal);
//   nn::multilabel(logits, [](auto z, auto y) { return mean(asymmetric_loss(z, y, ...)); })
// The labels bind to the input "y"; "pos_weight", "sample_weight", "alpha" and "gamma" are the
// losses' own leaves, so a model's inputs take other names. Only the chosen loss is compiled.
#pragma once

#include "metagrad/exec/program.hpp"
#include "metagrad/graph/grad.hpp"
#include "metagrad/nn/dropout.hpp"
#include "metagrad/nn/parameter_store.hpp"
#include "metagrad/ops/activations.hpp"
#include "metagrad/ops/bce_with_logits.hpp"
#include "metagrad/ops/focal_with_logits.hpp"
#include "metagrad/ops/reductions.hpp"

#include <type_traits>

namespace metagrad::nn {

// The focal loss of nn::multilabel(logits, nn::focal): alpha and gamma are run-time scalars.
struct focal_loss {
  template <expression Z, expression Y>
  constexpr auto operator()(Z z, Y y) const {
    return mean(focal_with_logits(z, y, scalar<"alpha">, scalar<"gamma">,
                                  sample_weight(input<"sample_weight", dyn, 1>)));
  }
};
inline constexpr focal_loss focal{};

// Loss (void: BCE) is a stateless callable of the logits and the labels returning a 1 x 1 loss
// expression; its scalars are bound by name from fit_options::scalars.
template <expression Logits, class Loss = void>
struct multilabel_model {
  static constexpr Logits logits{};
  static constexpr auto y = input<"y">;
  static constexpr auto pos_w = input<"pos_weight", 1, dyn>;
  static constexpr auto sample_w = input<"sample_weight", dyn, 1>;
  static constexpr auto alpha = scalar<"alpha">;
  static constexpr auto gamma = scalar<"gamma">;
  static constexpr bool bce = std::is_void_v<Loss>;
  static constexpr bool focal = std::is_same_v<Loss, focal_loss>;
  static constexpr bool user_loss = !std::is_void_v<Loss> && !focal;

  static constexpr auto loss = [] {
    if constexpr (std::is_void_v<Loss>)
      return mean(bce_with_logits(logits, y, pos_weight(pos_w), sample_weight(sample_w)));
    else
      return Loss{}(logits, y);
  }();
  static constexpr auto grads = grad(loss);
  static constexpr auto probabilities = sigmoid(without_dropout(logits));

  using program = decltype(compile(loss, grads));
  using predict_program = decltype(compile(probabilities));
  // The parameters' values: a store keyed by the leaves of the loss.
  using store = decltype(make_parameter_store(loss));
};

template <expression Logits>
constexpr multilabel_model<Logits> multilabel(Logits) {
  return {};
}
// A model trained with nn::focal or a loss the user writes: loss(logits, y), e.g. the asymmetric
// loss.
template <expression Logits, class Loss>
constexpr multilabel_model<Logits, Loss> multilabel(Logits, Loss) {
  static_assert(std::is_empty_v<Loss> && std::is_default_constructible_v<Loss>,
                "multilabel(logits, loss): the loss must be a lambda without captures");
  return {};
}

}  // namespace metagrad::nn
