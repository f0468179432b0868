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
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::metrics {

// automatic: the rule between every label's own cut and a global one, and between F1 and hamming
// loss, chosen out of fold (threshold_choice.hpp).
enum class threshold_objective { automatic, label_f1, micro_f1, hamming, none };

inline threshold_objective parse_threshold_objective(const std::string& text) {
  if (text == "auto") return threshold_objective::automatic;
  if (text == "label-f1") return threshold_objective::label_f1;
  if (text == "micro-f1") return threshold_objective::micro_f1;
  if (text == "hamming") return threshold_objective::hamming;
  if (text == "none") return threshold_objective::none;
  throw std::invalid_argument("threshold objective '" + text +
                              "': expected auto, label-f1, micro-f1, hamming or none");
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

// Sweeps the pairs (score, truth) from the top score down, calling visit(true positives,
// predicted, cut) at every distinct score: the prediction "score >= t" changes only between
// distinct scores, so each gap is one cut (cut_between its two scores). Returns the positives.
template <class Visit>
double sweep_cuts(std::vector<std::pair<double, bool>>& pairs, Visit visit) {
  std::sort(pairs.begin(), pairs.end(), [](auto& a, auto& b) { return a.first > b.first; });
  double positives = 0, tp = 0;
  for (const auto& p : pairs) positives += p.second;
  for (std::size_t n = 0; n < pairs.size(); ++n) {
    tp += pairs[n].second;
    if (n + 1 < pairs.size() && pairs[n + 1].first == pairs[n].first) continue;
    visit(tp, double(n + 1),
          n + 1 < pairs.size() ? cut_between(pairs[n + 1].first, pairs[n].first) : pairs[n].first);
  }
  return positives;
}

// Predicting none: a threshold above the top score in float too (exported code holds thresholds
// as floats).
inline double above(const std::vector<std::pair<double, bool>>& sorted) {
  return double(
      std::nextafter(float(sorted.front().first), std::numeric_limits<float>::infinity()));
}

// The thresholds maximizing each gain(true positives, predicted, positives) over the pairs, in
// one sweep; predicting none is a candidate too. No rows: 0.5.
template <class... Gains>
std::array<double, sizeof...(Gains)> best_thresholds(std::vector<std::pair<double, bool>> pairs,
                                                     Gains... gains) {
  std::array<double, sizeof...(Gains)> best;
  best.fill(0.5);
  if (pairs.empty()) return best;           // no rows: nothing to tune on
  std::vector<std::array<double, 3>> cuts;  // true positives, predicted, cut
  const double positives = sweep_cuts(pairs, [&](double tp, double predicted, double cut) {
    cuts.push_back({tp, predicted, cut});
  });
  std::size_t g = 0;
  const auto tune = [&](auto gain) {
    double best_gain = gain(0.0, 0.0, positives);
    best[g] = above(pairs);
    for (const auto& [tp, predicted, cut] : cuts)
      if (const double v = gain(tp, predicted, positives); v > best_gain)
        best_gain = v, best[g] = cut;
    ++g;
  };
  (tune(gains), ...);
  return best;
}

template <class Gain>
double best_threshold(std::vector<std::pair<double, bool>> pairs, Gain gain) {
  return best_thresholds(std::move(pairs), gain)[0];
}

inline double f1_gain(double tp, double predicted, double positives) {
  return 2 * tp / (predicted + positives);
}

// Fewest wrong labels: false positives (predicted - tp) plus false negatives (positives - tp).
inline double hamming_gain(double tp, double predicted, double positives) {
  return -((predicted - tp) + (positives - tp));
}

// F1 has nothing to find without positives: then 0.5 stays.
inline bool any_positive(const std::vector<std::pair<double, bool>>& pairs) {
  return std::any_of(pairs.begin(), pairs.end(), [](const auto& p) { return p.second; });
}

inline double best_f1_threshold(std::vector<std::pair<double, bool>> pairs) {
  return any_positive(pairs) ? best_threshold(std::move(pairs), f1_gain) : 0.5;
}

// Without positives, predicting none.
inline double best_hamming_threshold(std::vector<std::pair<double, bool>> pairs) {
  return best_threshold(std::move(pairs), hamming_gain);
}

// Both in one sort (the pairs of every label at once can be millions).
inline std::pair<double, double> best_f1_and_hamming_thresholds(
    std::vector<std::pair<double, bool>> pairs) {
  const bool f1 = any_positive(pairs);
  const auto both = best_thresholds(std::move(pairs), f1_gain, hamming_gain);
  return {f1 ? both[0] : 0.5, both[1]};
}

}  // namespace detail

// One threshold per label (column) of y_score, tuned against truth.
template <class Truth, class Scores>
std::vector<double> tune_thresholds(const Eigen::DenseBase<Truth>& truth,
                                    const Eigen::DenseBase<Scores>& y_score,
                                    threshold_objective objective) {
  const std::size_t labels = std::size_t(truth.cols());
  if (objective == threshold_objective::none) return std::vector<double>(labels, 0.5);
  if (objective == threshold_objective::automatic)
    throw std::invalid_argument(
        "tune_thresholds: 'auto' is chosen out of fold (choose_thresholds)");
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
