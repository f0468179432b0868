// Multi-label precision, recall and F1 (micro, macro, weighted by support, and per sample),
// hamming loss, subset accuracy and per-sample Jaccard, from 0/1 truth and 0/1 predictions.
// Undefined ratios count as 0 (scikit-learn's zero_division=0), so a label that is never
// predicted scores 0 instead of vanishing from the average.
#pragma once

#include "metagrad/metrics/confusion.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace metagrad::metrics {

struct prf {
  double precision = 0, recall = 0, f1 = 0;
};

struct scores {
  prf micro, macro, weighted, samples;
  std::vector<prf> per_label;
  std::vector<std::int64_t> support;  // true positives + false negatives, per label
  double hamming_loss = 0;
  double subset_accuracy = 0;
  double jaccard_samples = 0;
};

namespace detail {
inline double ratio(double num, double den) { return den > 0 ? num / den : 0.0; }
inline prf from_counts(double tp, double fp, double fn) {
  return {ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(2 * tp, 2 * tp + fp + fn)};
}
}  // namespace detail

// truth and predicted: samples x labels, 0 or 1 (anything > 0.5 counts as 1).
template <class Truth, class Predicted>
scores score_predictions(const Eigen::DenseBase<Truth>& truth,
                         const Eigen::DenseBase<Predicted>& predicted) {
  const auto per_label = confusion_per_label(truth, predicted, 0.5);
  const Eigen::Index n = truth.rows(), k = truth.cols();
  scores s;
  std::int64_t tp = 0, fp = 0, fn = 0, total_support = 0;
  for (const confusion& c : per_label) {
    s.per_label.push_back(detail::from_counts(double(c.tp), double(c.fp), double(c.fn)));
    s.support.push_back(c.tp + c.fn);
    tp += c.tp, fp += c.fp, fn += c.fn, total_support += c.tp + c.fn;
  }
  s.micro = detail::from_counts(double(tp), double(fp), double(fn));
  for (std::size_t j = 0; j < s.per_label.size(); ++j) {
    const prf& p = s.per_label[j];
    s.macro.precision += p.precision / double(k), s.macro.recall += p.recall / double(k);
    s.macro.f1 += p.f1 / double(k);
    const double w = detail::ratio(double(s.support[j]), double(total_support));
    s.weighted.precision += w * p.precision, s.weighted.recall += w * p.recall;
    s.weighted.f1 += w * p.f1;
  }
  std::int64_t wrong = 0, exact = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    std::int64_t both = 0, actual = 0, guessed = 0, differ = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      const bool t = truth(i, j) > 0.5, p = predicted(i, j) > 0.5;
      both += t && p, actual += t, guessed += p, differ += t != p;
    }
    const prf row =
        detail::from_counts(double(both), double(guessed - both), double(actual - both));
    s.samples.precision += row.precision / double(n), s.samples.recall += row.recall / double(n);
    s.samples.f1 += row.f1 / double(n);
    s.jaccard_samples += detail::ratio(double(both), double(actual + guessed - both)) / double(n);
    wrong += differ, exact += differ == 0;
  }
  s.hamming_loss = detail::ratio(double(wrong), double(n * k));
  s.subset_accuracy = detail::ratio(double(exact), double(n));
  return s;
}

// Scores thresholded per label: predicted(i, j) = scores(i, j) >= thresholds[j].
template <class Scores>
Eigen::MatrixXd threshold_scores(const Eigen::DenseBase<Scores>& y_score,
                                 const std::vector<double>& thresholds) {
  if (static_cast<Eigen::Index>(thresholds.size()) != y_score.cols())
    throw std::invalid_argument("threshold_scores: one threshold per label is needed");
  Eigen::MatrixXd out(y_score.rows(), y_score.cols());
  for (Eigen::Index j = 0; j < y_score.cols(); ++j)
    for (Eigen::Index i = 0; i < y_score.rows(); ++i)
      out(i, j) = double(y_score(i, j)) >= thresholds[std::size_t(j)] ? 1.0 : 0.0;
  return out;
}

}  // namespace metagrad::metrics
