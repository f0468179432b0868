// fit_options: how nn::fit trains a model — the epochs and batches, the optimizer, the loss and
// its weights, clipping, validation and early stopping, the seed, threads and callbacks.
#pragma once

#include "metagrad/exec/threads.hpp"
#include "metagrad/nn/optimizers.hpp"
#include "metagrad/nn/training_state.hpp"

#include <Eigen/Core>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace metagrad::nn {

enum class monitor_kind { loss, micro_f1 };

struct fit_options {
  int epochs = 30;
  int batch_size = 32;
  optimizer_options optimizer = {};
  double focal_alpha = 0.25, focal_gamma = 2.0;  // of a model trained with nn::focal
  // The run-time scalars of a user's loss, by name (e.g. {"gamma_neg", 4}).
  std::vector<std::pair<std::string, double>> scalars = {};
  bool balanced = false;  // pos_weight (BCE) or sample weights (nn::focal) from label frequencies
  double clip_norm = 0;   // above 0: gradients scaled to at most this global norm
  double validation_split = 0;  // without validation data: this share of rows, drawn seeded
  int patience = 3;  // epochs without a better validation score before stopping; 0: never
  // What early stopping watches: the validation loss, or micro-F1 at a cut tuned out of fold.
  monitor_kind monitor = monitor_kind::loss;
  // When set, the score instead (higher is better) of the labels and the probabilities.
  std::function<double(const Eigen::MatrixXf&, const Eigen::MatrixXf&)> score = {};
  unsigned long seed = 42;
  int threads = exec::default_threads();
  std::function<void(const batch_progress&)> on_batch = {};
  std::function<void(const epoch_record&)> on_epoch = {};
};

}  // namespace metagrad::nn
