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

#include <cmath>
#include <limits>
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

// What every rule's thresholds are made of, tuned once on truth and scores.
struct threshold_evidence {
  std::vector<double> own;        // each label's best-F1 threshold
  std::vector<double> positives;  // each label's positives
  double micro_f1 = 0.5, hamming = 0.5;
};

template <class Truth, class Scores>
threshold_evidence gather_threshold_evidence(const Eigen::DenseBase<Truth>& truth,
                                             const Eigen::DenseBase<Scores>& y_score) {
  threshold_evidence e;
  std::vector<std::pair<double, bool>> label, every;
  every.reserve(std::size_t(truth.size()));
  for (Eigen::Index j = 0; j < truth.cols(); ++j) {
    label.clear();
    for (Eigen::Index i = 0; i < truth.rows(); ++i)
      label.emplace_back(double(y_score(i, j)), truth(i, j) > 0.5);
    every.insert(every.end(), label.begin(), label.end());
    e.positives.push_back(double((truth.col(j).array() > 0.5).count()));
    e.own.push_back(detail::best_f1_threshold(label));
  }
  const auto [f1, hamming] = detail::best_f1_and_hamming_thresholds(std::move(every));
  e.micro_f1 = f1, e.hamming = hamming;
  return e;
}

inline std::vector<double> thresholds_of(const threshold_evidence& e, const threshold_rule& r) {
  const double global = (1 - r.hamming_share) * e.micro_f1 + r.hamming_share * e.hamming;
  std::vector<double> out;
  for (std::size_t j = 0; j < e.own.size(); ++j) {
    const double n = e.positives[j], k = r.evidence;
    if (n == 0)
      out.push_back(never_threshold());
    else if (std::isinf(k))
      out.push_back(global);
    else
      out.push_back((n * e.own[j] + k * global) / (n + k));  // (n t_j + k g) / (n + k)
  }
  return out;
}

template <class Truth, class Scores>
std::vector<double> tune_thresholds(const Eigen::DenseBase<Truth>& truth,
                                    const Eigen::DenseBase<Scores>& y_score,
                                    const threshold_rule& rule) {
  return thresholds_of(gather_threshold_evidence(truth, y_score), rule);
}

}  // namespace metagrad::metrics
