// network_options: how each of a classifier's networks is made and trained. The defaults are the
// genre classifier's, each measured as its comment says (docs/results.md has the runs).
#pragma once

#include "metagrad/nn/fit_options.hpp"
#include "metagrad/nn/loss_kind.hpp"

namespace metagrad::classify {

inline nn::fit_options default_network_fit() {
  nn::fit_options f;
  f.epochs = 30;
  // 32 rows: on the movies, smaller batches generalize better at the same wall time (default
  // flags otherwise: movies.csv micro-F1 0.886 -> 0.904, movies_masked 0.654 -> 0.660).
  f.batch_size = 32;
  f.optimizer.learning_rate = 3e-3;
  f.dropout = {{"hidden", 0.5}};
  f.focal_alpha = -1;  // no class weighting inside the focal loss (balanced weights ask for it)
  f.monitor = nn::monitor_kind::micro_f1;
  return f;
}

struct network_options {
  nn::fit_options fit = default_network_fit();  // network k trains with seed fit.seed + k
  // 128 units: with the prose blocks, 256 gave the same F1 on the movies (masked 0.694 / 0.573
  // against 0.692 / 0.575, one seed each) at 1.6 times the time and memory; yeast 0.670 -> 0.672.
  Eigen::Index hidden = 128;
  nn::loss_kind loss = nn::loss_kind::bce;
};

}  // namespace metagrad::classify
