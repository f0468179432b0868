// training_state: a model's training between two epochs — its parameters by name, optimizer
// moments, the generator that shuffles and drops out, the row order, early stopping's memory and
// the history — everything nn::resume needs to go on later and take exactly the steps an
// uninterrupted run would (bit-identical with the same thread count). Checkpoints save it
// (io/checkpoint_file.hpp).
#pragma once

#include "metagrad/nn/optimizers.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::nn {

// A NaN or infinite loss: training stopped, the parameters are those of the last good step.
struct training_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Where training is within an epoch, for a progress bar.
struct batch_progress {
  int epoch, epochs;
  long batch, batches;
  double mean_loss, seconds;
};

// One epoch of training, as a learning curve shows it. The train loss is the mean of the epoch's
// batch losses (with dropout, as Keras reports it); the train micro-F1 is measured without dropout
// on a fixed sample of at most 4,096 training rows, at the thresholds tuned on the validation rows
// (0.5 without them); validation scores are at thresholds tuned on the validation rows.
struct epoch_record {
  int epoch = 0;
  double train_loss = 0, validation_loss = 0, train_micro_f1 = 0, validation_micro_f1 = 0;
  double seconds = 0;
  std::vector<double> validation_label_f1;  // per label; empty without validation rows
  bool kept = false;                        // the epoch whose parameters fit() returns
};

struct training_state {
  int epochs_done = 0;
  // Done: the epochs ran out or early stopping stopped. Then `current` holds the result (the
  // kept epoch's parameters) and what only training needs (best, optimizer, order, rng) is empty.
  bool finished = false;
  // The parameters' names and values in the model's order (its parameter store's): the values
  // after the last epoch done, and those of the best validation epoch so far.
  std::vector<std::string> names;
  std::vector<Eigen::MatrixXf> current, best;
  optimizer_state<float> optimizer;
  std::string rng;  // the shuffling and dropout generator, as std::mt19937_64 writes
  std::vector<Eigen::Index> order;  // the row order: each epoch shuffles the previous one's
  double best_score = -std::numeric_limits<double>::infinity();
  std::size_t best_epoch = 0;  // index into history
  int since_best = 0;          // epochs without a better validation score
  std::vector<epoch_record> history;
};

}  // namespace metagrad::nn
