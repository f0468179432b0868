// fit(model, store, train, options[, validation]): trains any multilabel_model, as Keras's
// model.fit does — seeded shuffling, mini-batches, any optimizer of optimizers.hpp over every
// parameter the graph has (lazy columns or rows where a sparse input feeds a layer), gradient
// clipping by global norm, dropout masks drawn for every step (and on sparse inputs' entries),
// the model's loss (BCE with a balanced pos_weight, nn::focal or the user's, with balanced sample
// weights) and sample weights, a validation split or validation data, and early stopping on the
// validation loss, micro-F1 or a user's score, keeping the best epoch's parameters. An empty store
// is first initialized from the training data's shapes (initialize.hpp). Several processes may
// train one model (fit_options::parallel).
// resume(model, store, state, ...) is the same training from a training_state: new, or saved
// after an epoch (fit_options::after_epoch; a checkpoint) to go on with the very steps an
// uninterrupted run takes.
// A NaN or infinite loss stops training with a training_error naming the epoch and batch; the
// store then holds the parameters of the last good step.
#pragma once

#include "metagrad/nn/dataset.hpp"
#include "metagrad/nn/fit_loop.hpp"
#include "metagrad/nn/fit_options.hpp"
#include "metagrad/nn/initialize.hpp"
#include "metagrad/nn/multilabel_model.hpp"
#include "metagrad/nn/training_state.hpp"
#include "metagrad/nn/validation_split.hpp"

#include <stdexcept>
#include <vector>

namespace metagrad::nn {

// Trains `store` (initialized here when it is empty and the state new) from state `s` until it is
// finished, on `train`, validating on `validation` when it has rows, else on
// options.validation_split of the training rows. The store then holds the kept epoch's
// parameters, as does s.current; s.history has one record per epoch, the kept one marked.
template <class Logits, class UserLoss, class Store>
void resume(multilabel_model<Logits, UserLoss>, Store& store, training_state& s,
            const dataset& train, const fit_options& o, const dataset& validation = {}) {
  using model = multilabel_model<Logits, UserLoss>;
  if (train.rows() <= 0) throw std::invalid_argument("fit: no training rows");
  if (o.batch_size <= 0 || o.epochs <= 0)
    throw std::invalid_argument("fit: epochs and batch_size must be positive");
  if (!(o.input_dropout >= 0 && o.input_dropout < 1))
    throw std::invalid_argument("fit: input_dropout must be in [0, 1)");
  const bool fresh = s.epochs_done == 0 && !s.finished;
  if (fresh && store.empty()) initialize(store, train.shapes(), {.seed = o.seed}, model::loss);
  if (validation.rows() > 0 || o.validation_split <= 0)
    return detail::fit_loop<model, Store>(store, s, train, validation, o).run();
  const auto split = detail::split_of(train.rows(), o.validation_split, o.seed);
  detail::fit_loop<model, Store>(store, s, train.subset(split.train),
                                 train.subset(split.validation), o)
      .run();
}

// Trains `store` from its first epoch; returns the history (resume's s.history).
template <class Logits, class UserLoss, class Store>
std::vector<epoch_record> fit(multilabel_model<Logits, UserLoss> m, Store& store,
                              const dataset& train, const fit_options& o,
                              const dataset& validation = {}) {
  training_state s;
  resume(m, store, s, train, o, validation);
  return std::move(s.history);
}

}  // namespace metagrad::nn
