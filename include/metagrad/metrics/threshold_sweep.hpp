// threshold_sweep: the scores at one global threshold for every label, at 0.05, 0.10, ..., 0.95:
// the trade-off a threshold makes between F1, hamming loss and subset accuracy.
#pragma once

#include "metagrad/metrics/scores.hpp"

#include <vector>

namespace metagrad::metrics {

struct threshold_point {
  double threshold;
  scores s;
};

inline std::vector<threshold_point> threshold_sweep(const Eigen::MatrixXf& y,
                                                    const Eigen::MatrixXf& probabilities) {
  std::vector<threshold_point> sweep;
  for (int twentieths = 1; twentieths < 20; ++twentieths) {
    const double t = twentieths / 20.0;
    const std::vector<double> every(std::size_t(y.cols()), t);
    sweep.push_back({t, score_predictions(y, threshold_scores(probabilities, every))});
  }
  return sweep;
}

}  // namespace metagrad::metrics
