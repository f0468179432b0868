// mean_bce: the mean binary cross-entropy of probabilities against 0/1 truth, every entry weighted
// alike (scikit-learn's log_loss averaged over labels), the probabilities clamped to [1e-7,
// 1 - 1e-7] so that a confident mistake costs a finite 16.1. The validation loss of training.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cmath>

namespace metagrad::metrics {

template <class Probabilities, class Truth>
double mean_bce(const Eigen::DenseBase<Probabilities>& probabilities,
                const Eigen::DenseBase<Truth>& y) {
  double sum = 0;
  for (Eigen::Index j = 0; j < y.cols(); ++j)
    for (Eigen::Index i = 0; i < y.rows(); ++i) {
      const double p = std::clamp(double(probabilities(i, j)), 1e-7, 1 - 1e-7);
      sum -= y(i, j) > 0.5f ? std::log(p) : std::log(1 - p);
    }
  return y.size() ? sum / double(y.size()) : 0.0;
}

}  // namespace metagrad::metrics
