// Per-label confusion counts of multi-label predictions ([[tn, fp], [fn, tp]] per label); the
// scores built on them are in scores.hpp.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace metagrad::metrics {

struct confusion {
  std::int64_t tp = 0, fp = 0, fn = 0, tn = 0;
};

// One confusion per label (column) from 0/1 truth and scores thresholded at `threshold`.
template <class Truth, class Scores>
std::vector<confusion> confusion_per_label(const Eigen::DenseBase<Truth>& truth,
                                           const Eigen::DenseBase<Scores>& scores,
                                           double threshold = 0.5) {
  if (truth.rows() != scores.rows() || truth.cols() != scores.cols())
    throw std::invalid_argument("confusion_per_label: truth and scores must have the same shape");
  std::vector<confusion> out(static_cast<std::size_t>(truth.cols()));
  for (Eigen::Index j = 0; j < truth.cols(); ++j)
    for (Eigen::Index i = 0; i < truth.rows(); ++i) {
      const bool actual = truth(i, j) > 0.5, predicted = scores(i, j) >= threshold;
      confusion& c = out[static_cast<std::size_t>(j)];
      (actual ? (predicted ? c.tp : c.fn) : (predicted ? c.fp : c.tn)) += 1;
    }
  return out;
}

}  // namespace metagrad::metrics
