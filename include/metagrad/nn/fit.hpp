// fit(model, store, train, options[, validation]): trains any multilabel_model, as Keras's
// model.fit does — seeded shuffling, mini-batches, any optimizer of optimizers.hpp over every
// parameter the graph has (lazy columns or rows where a sparse input feeds a layer), gradient
// clipping by global norm, dropout masks drawn for every step, the model's loss (BCE with a
// balanced pos_weight, nn::focal with balanced sample weights, or the user's) and sample weights,
// a validation split or validation data, and early stopping on the validation loss, micro-F1 or a
// user's score, keeping the best epoch's parameters. An empty store is first initialized from the
// training data's shapes (initialize.hpp).
// A NaN or infinite loss stops training with a training_error naming the epoch and batch; the
// store then holds the parameters of the last good step.
#pragma once

#include "metagrad/nn/dataset.hpp"
#include "metagrad/nn/fit_loop.hpp"
#include "metagrad/nn/fit_options.hpp"
#include "metagrad/nn/initialize.hpp"
#include "metagrad/nn/multilabel_model.hpp"
#include "metagrad/nn/training_state.hpp"

#include <stdexcept>
#include <vector>

namespace metagrad::nn {

// Trains `store` (the model's parameters; initialized here when empty) on `train`, validating on
// `validation` when it has rows, else on options.validation_split of the training rows. Returns
// one record per epoch, the kept one marked; the store holds the kept epoch's parameters.
template <class Logits, class UserLoss, class Store>
std::vector<epoch_record> fit(multilabel_model<Logits, UserLoss> m, Store& store,
                              const dataset& train, const fit_options& o,
                              const dataset& validation = {}) {
  using model = multilabel_model<Logits, UserLoss>;
  if (train.rows() <= 0) throw std::invalid_argument("fit: no training rows");
  if (o.batch_size <= 0 || o.epochs <= 0)
    throw std::invalid_argument("fit: epochs and batch_size must be positive");
  if (store.empty()) initialize(store, train.shapes(), {.seed = o.seed}, model::loss);
  if (validation.rows() > 0 || o.validation_split <= 0)
    return detail::fit_loop<model, Store>(store, train, validation, o).run(m);
  const auto split = detail::split_of(train.rows(), o.validation_split, o.seed);
  return detail::fit_loop<model, Store>(store, train.subset(split.train),
                                        train.subset(split.validation), o)
      .run(m);
}

}  // namespace metagrad::nn
