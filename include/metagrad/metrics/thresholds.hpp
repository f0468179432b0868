// Decision thresholds tuned on validation rows instead of a blind 0.5, for an objective the user
// chooses: the F1 of each label with its own threshold (label_f1), one global threshold for the
// best micro-F1 (micro_f1), or 0.5 everywhere (none). Predictions are score >= threshold.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::metrics {

enum class threshold_objective { label_f1, micro_f1, none };

inline threshold_objective parse_threshold_objective(const std::string& text) {
  if (text == "label-f1") return threshold_objective::label_f1;
  if (text == "micro-f1") return threshold_objective::micro_f1;
  if (text == "none") return threshold_objective::none;
  throw std::invalid_argument("threshold objective '" + text +
                              "': expected label-f1, micro-f1 or none");
}

namespace detail {

// The threshold maximizing F1 of the pairs (score, truth). Sweeping the scores from the top, the
// prediction "score >= t" changes only between distinct scores, so each gap is one candidate; the
// threshold is put midway into the best gap. With no positive to find, 0.5 stays.
inline double best_f1_threshold(std::vector<std::pair<double, bool>> pairs) {
  std::sort(pairs.begin(), pairs.end(), [](auto& a, auto& b) { return a.first > b.first; });
  double positives = 0;
  for (const auto& p : pairs) positives += p.second;
  if (positives == 0) return 0.5;
  double best_f1 = -1, best = 0.5, tp = 0;
  for (std::size_t n = 0; n < pairs.size(); ++n) {
    tp += pairs[n].second;
    if (n + 1 < pairs.size() && pairs[n + 1].first == pairs[n].first) continue;
    const double f1 = 2 * tp / (double(n + 1) + positives);
    if (f1 > best_f1) {
      best_f1 = f1;
      best = n + 1 < pairs.size() ? (pairs[n].first + pairs[n + 1].first) / 2 : pairs[n].first;
    }
  }
  return best;
}

}  // namespace detail

// One threshold per label (column) of y_score, tuned against truth.
template <class Truth, class Scores>
std::vector<double> tune_thresholds(const Eigen::DenseBase<Truth>& truth,
                                    const Eigen::DenseBase<Scores>& y_score,
                                    threshold_objective objective) {
  const std::size_t labels = std::size_t(truth.cols());
  if (objective == threshold_objective::none) return std::vector<double>(labels, 0.5);
  std::vector<std::pair<double, bool>> pairs;
  if (objective == threshold_objective::micro_f1) {
    for (Eigen::Index j = 0; j < truth.cols(); ++j)
      for (Eigen::Index i = 0; i < truth.rows(); ++i)
        pairs.emplace_back(double(y_score(i, j)), truth(i, j) > 0.5);
    return std::vector<double>(labels, detail::best_f1_threshold(std::move(pairs)));
  }
  std::vector<double> out;
  for (Eigen::Index j = 0; j < truth.cols(); ++j) {
    pairs.clear();
    for (Eigen::Index i = 0; i < truth.rows(); ++i)
      pairs.emplace_back(double(y_score(i, j)), truth(i, j) > 0.5);
    out.push_back(detail::best_f1_threshold(pairs));
  }
  return out;
}

}  // namespace metagrad::metrics
