// threshold_rule: decision thresholds that trust each label's own tuned threshold in proportion to
// the evidence behind it, so that a label with two positives cannot fall to 0.002 and be
// predicted for every row.
//
// A label's own best-F1 threshold t_j, tuned on its n_j positives, is shrunk toward one global
// threshold g as a mean with k pseudo-positives of prior weight:
//   threshold_j = (n_j t_j + k g) / (n_j + k)
// k = 0 trusts every label's own cut, k = infinity gives every label the global one. g itself sits
// between the cut of the best micro-F1 (g_f1) and that of the fewest wrong labels (g_h):
//   g = (1 - a) g_f1 + a g_h
// since F1 and hamming loss pull a threshold apart (thresholds.hpp says why). A label without
// positives is never predicted. Which (a, k) to use is chosen out of fold (threshold_choice.hpp).
#pragma once

#include "metagrad/metrics/thresholds.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

namespace metagrad::metrics {

struct threshold_rule {
  double hamming_share = 0;                                   // a: 0 micro-F1's cut, 1 hamming's
  double evidence = std::numeric_limits<double>::infinity();  // k: pseudo-positives of g
};

// Above every probability, in float too (exported code holds thresholds as floats): "never".
inline double never_threshold() {
  return double(std::nextafter(1.0f, std::numeric_limits<float>::infinity()));
}

// (1 - w) from + w to; the ends are the cuts themselves, and a point between them the least float
// at or above it, so that exported code (float thresholds) divides float scores as the library
// does (a float score is at or above either one alike).
inline double between_cuts(double from, double to, double w) {
  if (w == 0) return from;
  if (w == 1) return to;
  const double t = (1 - w) * from + w * to;
  float f = float(t);
  if (double(f) < t) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return double(f);
}

// A rule with every label on the global cut needs no label's own.
inline bool needs_own_cuts(const threshold_rule& r) { return !std::isinf(r.evidence); }

// What every rule's thresholds are made of, tuned once on truth and scores.
struct threshold_evidence {
  std::vector<double> own;        // each label's best-F1 threshold (when asked for)
  std::vector<double> positives;  // each label's positives
  double micro_f1 = 0.5, hamming = 0.5;
};

// The global cuts of the best micro-F1 and the fewest wrong labels, of the sorted entries `keep`
// accepts (F1 without positives: 0.5).
template <class Keep>
std::pair<double, double> global_cuts(const std::vector<detail::scored>& sorted, Keep keep) {
  const auto both = detail::best_cuts(sorted, keep, detail::f1_gain, detail::hamming_gain);
  const bool positives =
      std::any_of(sorted.begin(), sorted.end(), [&](const auto& e) { return e.truth && keep(e); });
  return {positives ? both[0] : 0.5, both[1]};
}

// Every (score, truth) of label j, or of every label when j < 0, with its row's fold.
template <class Truth, class Scores>
std::vector<detail::scored> sorted_scores(const Eigen::DenseBase<Truth>& truth,
                                          const Eigen::DenseBase<Scores>& y_score, Eigen::Index j,
                                          const std::vector<int>& fold_of_row) {
  std::vector<detail::scored> out;
  const Eigen::Index first = j < 0 ? 0 : j, last = j < 0 ? truth.cols() : j + 1;
  out.reserve(std::size_t((last - first) * truth.rows()));
  for (Eigen::Index c = first; c < last; ++c)
    for (Eigen::Index i = 0; i < truth.rows(); ++i)
      out.push_back({double(y_score(i, c)), truth(i, c) > 0.5,
                     fold_of_row.empty() ? 0 : fold_of_row[std::size_t(i)]});
  detail::sort_by_score(out);
  return out;
}

template <class Truth, class Scores>
threshold_evidence gather_threshold_evidence(const Eigen::DenseBase<Truth>& truth,
                                             const Eigen::DenseBase<Scores>& y_score,
                                             bool own_cuts = true) {
  threshold_evidence e;
  for (Eigen::Index j = 0; j < truth.cols(); ++j) {
    e.positives.push_back(double((truth.col(j).array() > 0.5).count()));
    if (own_cuts)
      e.own.push_back(e.positives.back() > 0
                          ? detail::best_cuts(sorted_scores(truth, y_score, j, {}),
                                              detail::keep_all, detail::f1_gain)[0]
                          : 0.5);
  }
  std::tie(e.micro_f1, e.hamming) =
      global_cuts(sorted_scores(truth, y_score, -1, {}), detail::keep_all);
  return e;
}

// One label's threshold under rule r, from its own cut and positives and the global cuts.
inline double threshold_for(double own, double positives, double micro_f1, double hamming,
                            const threshold_rule& r) {
  if (positives == 0) return never_threshold();
  const double global = between_cuts(micro_f1, hamming, r.hamming_share);
  if (std::isinf(r.evidence)) return global;
  return between_cuts(own, global, r.evidence / (positives + r.evidence));  // (n t + k g)/(n + k)
}

inline std::vector<double> thresholds_of(const threshold_evidence& e, const threshold_rule& r) {
  std::vector<double> out;
  for (std::size_t j = 0; j < e.positives.size(); ++j)
    out.push_back(
        threshold_for(e.own.empty() ? 0.5 : e.own[j], e.positives[j], e.micro_f1, e.hamming, r));
  return out;
}

template <class Truth, class Scores>
std::vector<double> tune_thresholds(const Eigen::DenseBase<Truth>& truth,
                                    const Eigen::DenseBase<Scores>& y_score,
                                    const threshold_rule& rule) {
  return thresholds_of(gather_threshold_evidence(truth, y_score, needs_own_cuts(rule)), rule);
}

}  // namespace metagrad::metrics
