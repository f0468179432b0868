// fit_options: how nn::fit trains a model — the epochs and batches, the optimizer, the loss and
// its weights, dropout, clipping, validation and early stopping, the seed, threads, processes
// and callbacks.
#pragma once

#include "metagrad/exec/threads.hpp"
#include "metagrad/metrics/thresholds.hpp"
#include "metagrad/nn/data_parallel.hpp"
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
  // Balanced weights from label frequencies: pos_weight for BCE, sample weights for other losses.
  bool balanced = false;
  // Dropout rates by layer name (nn::dropout<"name">), in place of the model's, e.g. {"h", 0.3}.
  std::vector<std::pair<std::string, double>> dropout = {};
  double input_dropout = 0;     // of the stored entries of sparse inputs, while training
  double clip_norm = 0;         // above 0: gradients scaled to at most this global norm
  double validation_split = 0;  // without validation data: this share of rows, drawn seeded
  int patience = 3;  // epochs without a better validation score before stopping; 0: never
  // What early stopping watches: the validation loss, or micro-F1 at a cut tuned out of fold
  // (one cut for all labels, chosen by cut_objective: micro-F1, or automatic, as
  // metrics::cross_fit_cut chooses it).
  monitor_kind monitor = monitor_kind::loss;
  metrics::threshold_objective cut_objective = metrics::threshold_objective::micro_f1;
  // When set, the score instead (higher is better) of the labels and the probabilities.
  std::function<double(const Eigen::MatrixXf&, const Eigen::MatrixXf&)> score = {};
  unsigned long seed = 42;
  int threads = exec::default_threads();
  std::function<void(const batch_progress&)> on_batch = {};
  std::function<void(const epoch_record&)> on_epoch = {};
  // Sees the state after every epoch, to save it (a checkpoint, io/checkpoint_file.hpp); an
  // exception from it ends training, the state left as it was after that epoch, to resume from.
  std::function<void(const training_state&)> after_epoch = {};
  // Several processes training one model (data_parallel.hpp), each given all the rows: each
  // computes its share of every batch, so the batch size stays the global one.
  data_parallel parallel = {};
};

}  // namespace metagrad::nn
