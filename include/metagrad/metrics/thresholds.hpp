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

// A score with its truth and the fold of its row (0 when folds do not matter).
struct scored {
  double score;
  bool truth;
  int fold;
};

inline void sort_by_score(std::vector<scored>& entries) {
  std::sort(entries.begin(), entries.end(),
            [](const scored& a, const scored& b) { return a.score > b.score; });
}

// The cuts maximizing each gain(true positives, predicted, positives) over the entries that `keep`
// accepts, the entries sorted by score, highest first; one sweep for every gain, so that the
// millions of entries of every label at once are sorted once and swept once per fold. The
// prediction "score >= t" changes only between distinct scores, so each gap is one candidate
// (cut_between its two scores); so is predicting every row (the lowest score), and predicting
// none: a threshold above the top score in float too (exported code holds thresholds as floats).
// No entry kept: 0.5.
template <class Keep, class... Gains>
std::array<double, sizeof...(Gains)> best_cuts(const std::vector<scored>& sorted, Keep keep,
                                               Gains... gains) {
  std::array<double, sizeof...(Gains)> best, best_gain;
  best.fill(0.5);
  double positives = 0, top = 0;
  bool any = false;
  for (const scored& e : sorted)
    if (keep(e)) positives += e.truth, top = any ? top : e.score, any = true;
  if (!any) return best;  // no rows: nothing to tune on
  best.fill(double(std::nextafter(float(top), std::numeric_limits<float>::infinity())));
  best_gain = {gains(0.0, 0.0, positives)...};
  double tp = 0, predicted = 0, last = 0;
  const auto consider = [&](double cut) {
    std::size_t g = 0;
    const auto one = [&](auto gain) {
      if (const double v = gain(tp, predicted, positives); v > best_gain[g])
        best_gain[g] = v, best[g] = cut;
      ++g;
    };
    (one(gains), ...);
  };
  for (const scored& e : sorted) {
    if (!keep(e)) continue;
    if (predicted > 0 && e.score != last) consider(cut_between(e.score, last));
    tp += e.truth, predicted += 1, last = e.score;
  }
  consider(last);
  return best;
}

inline double f1_gain(double tp, double predicted, double positives) {
  return 2 * tp / (predicted + positives);
}

// Fewest wrong labels: false positives (predicted - tp) plus false negatives (positives - tp).
inline double hamming_gain(double tp, double predicted, double positives) {
  return -((predicted - tp) + (positives - tp));
}

inline std::vector<scored> sorted_entries(const std::vector<std::pair<double, bool>>& pairs) {
  std::vector<scored> entries;
  entries.reserve(pairs.size());
  for (const auto& [score, truth] : pairs) entries.push_back({score, truth, 0});
  sort_by_score(entries);
  return entries;
}

inline bool any_positive(const std::vector<std::pair<double, bool>>& pairs) {
  return std::any_of(pairs.begin(), pairs.end(), [](const auto& p) { return p.second; });
}

constexpr auto keep_all = [](const scored&) { return true; };

// F1 has nothing to find without positives: then 0.5 stays.
inline double best_f1_threshold(const std::vector<std::pair<double, bool>>& pairs) {
  return any_positive(pairs) ? best_cuts(sorted_entries(pairs), keep_all, f1_gain)[0] : 0.5;
}

// Without positives, predicting none.
inline double best_hamming_threshold(const std::vector<std::pair<double, bool>>& pairs) {
  return best_cuts(sorted_entries(pairs), keep_all, hamming_gain)[0];
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
