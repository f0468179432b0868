// Decision thresholds tuned on validation rows instead of a blind 0.5, for an objective the user
// chooses: the F1 of each label with its own threshold (label_f1), one global threshold for the
// best micro-F1 (micro_f1) or for the fewest wrong labels (hamming), or 0.5 everywhere (none).
// Predictions are score >= threshold.
//
// F1 and hamming loss pull a threshold apart: for calibrated probabilities the hamming loss is
// least at 0.5, while the best F1 is reached at half that F1 (Lipton, Elkan and Narayanaswamy,
// "Optimal thresholding of classifiers to maximize F1 measure", ECML 2014) — 0.34 for a micro-F1
// of 0.68 — where every label of probability 0.34 to 0.5 is predicted, mostly wrongly. Hence a
// separate objective for those judged by hamming loss.
#pragma once

#include "metagrad/metrics/scores.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::metrics {

enum class threshold_objective { label_f1, micro_f1, hamming, none };

inline threshold_objective parse_threshold_objective(const std::string& text) {
  if (text == "label-f1") return threshold_objective::label_f1;
  if (text == "micro-f1") return threshold_objective::micro_f1;
  if (text == "hamming") return threshold_objective::hamming;
  if (text == "none") return threshold_objective::none;
  throw std::invalid_argument("threshold objective '" + text +
                              "': expected label-f1, micro-f1, hamming or none");
}

// The validation score an objective's model is chosen by (its epoch, its blend), higher better:
// the share of right labels for hamming, micro-F1 otherwise.
inline double objective_score(const scores& s, threshold_objective objective) {
  return objective == threshold_objective::hamming ? 1 - s.hamming_loss : s.micro.f1;
}

namespace detail {

// A threshold between two scores, lower < upper: midway, moved up to the next float when that
// still lies at or below upper. For float scores it divides every score as the midpoint does
// (no float lies between the two), and exported code, which holds thresholds as floats, then
// divides them exactly as the library does.
inline double cut_between(double lower, double upper) {
  const double middle = (lower + upper) / 2;
  float f = float(middle);
  if (double(f) < middle) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return double(f) > lower && double(f) <= upper ? double(f) : middle;
}

// The threshold maximizing gain(true positives, predicted, positives) over the pairs (score,
// truth). Sweeping the scores from the top, the prediction "score >= t" changes only between
// distinct scores, so each gap is one candidate (cut_between its two scores), and so is predicting
// none: a threshold above the top score in float too (exported code holds thresholds as floats).
// No rows: 0.5.
template <class Gain>
double best_threshold(std::vector<std::pair<double, bool>> pairs, Gain gain) {
  if (pairs.empty()) return 0.5;  // no rows: nothing to tune on
  std::sort(pairs.begin(), pairs.end(), [](auto& a, auto& b) { return a.first > b.first; });
  double positives = 0;
  for (const auto& p : pairs) positives += p.second;
  const float top = float(pairs.front().first);
  double best = double(std::nextafter(top, std::numeric_limits<float>::infinity()));
  double best_gain = gain(0.0, 0.0, positives), tp = 0;
  for (std::size_t n = 0; n < pairs.size(); ++n) {
    tp += pairs[n].second;
    if (n + 1 < pairs.size() && pairs[n + 1].first == pairs[n].first) continue;
    const double g = gain(tp, double(n + 1), positives);
    if (g > best_gain) {
      best_gain = g;
      best =
          n + 1 < pairs.size() ? cut_between(pairs[n + 1].first, pairs[n].first) : pairs[n].first;
    }
  }
  return best;
}

// F1 has nothing to find without positives: then 0.5 stays.
inline double best_f1_threshold(std::vector<std::pair<double, bool>> pairs) {
  if (std::none_of(pairs.begin(), pairs.end(), [](const auto& p) { return p.second; })) return 0.5;
  return best_threshold(std::move(pairs), [](double tp, double predicted, double positives) {
    return 2 * tp / (predicted + positives);
  });
}

// Fewest wrong labels: false positives (predicted - tp) plus false negatives (positives - tp);
// without positives, predicting none.
inline double best_hamming_threshold(std::vector<std::pair<double, bool>> pairs) {
  return best_threshold(std::move(pairs), [](double tp, double predicted, double positives) {
    return -((predicted - tp) + (positives - tp));
  });
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
  if (objective == threshold_objective::micro_f1 || objective == threshold_objective::hamming) {
    for (Eigen::Index j = 0; j < truth.cols(); ++j)
      for (Eigen::Index i = 0; i < truth.rows(); ++i)
        pairs.emplace_back(double(y_score(i, j)), truth(i, j) > 0.5);
    const double t = objective == threshold_objective::hamming
                         ? detail::best_hamming_threshold(std::move(pairs))
                         : detail::best_f1_threshold(std::move(pairs));
    return std::vector<double>(labels, t);
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
