// validation_plan: the rows each of a classifier's networks is validated on (for early stopping,
// and predicted by that network for the thresholds), and early stopping's patience.
//
// With K folds, K stratified folds of the training rows, one network per fold trained on the
// others (cross-fitting: every training row gets an out-of-fold probability, and the K networks'
// average is the model); otherwise one stratified split (or none).
// Folds auto: five networks for up to 10,000 training rows, where they cost seconds and a 10%
// validation split is too few rows to tune a threshold per label on; six up to 100,000, where the
// ensemble and thresholds from every row's out-of-fold probability are worth six networks' time
// (measured on the movies: four networks against one, micro-F1 +0.016, macro-F1 +0.02; six of 128
// units against four of 256, masked micro-F1 0.694 / 0.688 -> 0.695 / 0.692 with seeds 42 / 2,
// movies.csv 0.927 -> 0.929, in less memory); one network above, where a network takes minutes.
// A validation fraction given asks for one network and that split.
// Patience auto: 2 epochs, and 1 for those six networks: their validation score falls from the
// epoch after the best on (on the movies, patience 1, 2 and 3 kept the same epochs, and 1 trains
// in 42 s rather than 48-66 s; 21 s for one network).
#pragma once

#include "metagrad/data/stratified_split.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::classify {

struct validation_options {
  int folds = 0;     // 0: auto
  int patience = 0;  // 0: auto
  bool fraction_given = false;
  double fraction = 0.1;  // of one network's split (0: no validation rows)
  unsigned long seed = 0;
};

struct validation_plan {
  std::vector<std::vector<Eigen::Index>> held_out;  // a list of validation rows per network
  int patience = 2;
};

// The plan for training rows with labels `y` (a row per training row).
inline validation_plan plan_validation(const Eigen::MatrixXf& y, const validation_options& o) {
  const std::size_t rows = std::size_t(y.rows());
  validation_plan plan;
  int folds = o.folds > 0 ? o.folds : 1;
  if (o.folds == 0 && !o.fraction_given && rows <= 100000) {
    const bool small = rows <= 10000;
    folds = int(std::min<std::size_t>(small ? 5 : 6, rows));
    if (!small) plan.patience = 1;
  }
  if (o.patience > 0) plan.patience = o.patience;
  if (std::size_t(folds) > rows)
    throw std::invalid_argument(std::to_string(folds) + " folds for " + std::to_string(rows) +
                                " training rows: a fold needs at least one row");
  if (folds > 1)
    plan.held_out = data::stratified_folds(y, folds, o.seed);
  else if (o.fraction > 0)
    plan.held_out = {data::stratified_split(y, o.fraction, o.seed).held_out};
  else
    plan.held_out = {{}};
  return plan;
}

}  // namespace metagrad::classify
