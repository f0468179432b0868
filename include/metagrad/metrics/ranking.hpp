// Threshold-free metrics of scores: ROC-AUC and average precision per label (and micro ROC-AUC
// over all pooled decisions), coverage error and label ranking loss. Ties are handled as
// scikit-learn does: tied scores form one step of the curve (half credit in the AUC).
// A label with one class only has no ROC-AUC; one with no positive has no average precision.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <numeric>
#include <optional>
#include <vector>

namespace metagrad::metrics {

namespace detail {

// Indices of `score` from the highest score down (stable, so the result does not depend on it).
inline std::vector<std::size_t> descending(const std::vector<double>& score) {
  std::vector<std::size_t> order(score.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  return order;
}

// The curve's steps: cumulated (true positives, false positives) at each distinct score, from the
// highest score down.
struct step {
  double tp, fp;
};
inline std::vector<step> steps(const std::vector<bool>& truth, const std::vector<double>& score) {
  const auto order = descending(score);
  std::vector<step> out;
  double tp = 0, fp = 0;
  for (std::size_t n = 0; n < order.size(); ++n) {
    (truth[order[n]] ? tp : fp) += 1;
    if (n + 1 == order.size() || score[order[n + 1]] != score[order[n]]) out.push_back({tp, fp});
  }
  return out;
}

inline std::optional<double> roc_auc(const std::vector<bool>& truth,
                                     const std::vector<double>& score) {
  const auto curve = steps(truth, score);
  if (curve.empty()) return std::nullopt;
  const double p = curve.back().tp, n = curve.back().fp;
  if (p == 0 || n == 0) return std::nullopt;
  double area = 0, tp = 0, fp = 0;  // trapezoids between consecutive steps
  for (const step& s : curve) {
    area += (s.fp - fp) * (s.tp + tp) / 2;
    tp = s.tp, fp = s.fp;
  }
  return area / (p * n);
}

// sum over steps of (recall_k - recall_{k-1}) precision_k
inline std::optional<double> average_precision(const std::vector<bool>& truth,
                                               const std::vector<double>& score) {
  const auto curve = steps(truth, score);
  if (curve.empty() || curve.back().tp == 0) return std::nullopt;
  const double p = curve.back().tp;
  double ap = 0, recall = 0;
  for (const step& s : curve) {
    ap += (s.tp / p - recall) * (s.tp / (s.tp + s.fp));
    recall = s.tp / p;
  }
  return ap;
}

template <class Truth, class Scores>
void column(const Eigen::DenseBase<Truth>& truth, const Eigen::DenseBase<Scores>& y_score,
            Eigen::Index j, std::vector<bool>& t, std::vector<double>& s) {
  t.resize(std::size_t(truth.rows()));
  s.resize(std::size_t(truth.rows()));
  for (Eigen::Index i = 0; i < truth.rows(); ++i)
    t[std::size_t(i)] = truth(i, j) > 0.5, s[std::size_t(i)] = double(y_score(i, j));
}

}  // namespace detail

namespace detail {
// metric(truth column, score column) for every label.
template <class Truth, class Scores, class Metric>
std::vector<std::optional<double>> per_label(const Eigen::DenseBase<Truth>& truth,
                                             const Eigen::DenseBase<Scores>& y_score,
                                             Metric metric) {
  std::vector<std::optional<double>> out;
  std::vector<bool> t;
  std::vector<double> s;
  for (Eigen::Index j = 0; j < truth.cols(); ++j) {
    column(truth, y_score, j, t, s);
    out.push_back(metric(t, s));
  }
  return out;
}
}  // namespace detail

template <class Truth, class Scores>
std::vector<std::optional<double>> roc_auc_per_label(const Eigen::DenseBase<Truth>& truth,
                                                     const Eigen::DenseBase<Scores>& y_score) {
  return detail::per_label(truth, y_score, detail::roc_auc);
}

template <class Truth, class Scores>
std::vector<std::optional<double>> average_precision_per_label(
    const Eigen::DenseBase<Truth>& truth, const Eigen::DenseBase<Scores>& y_score) {
  return detail::per_label(truth, y_score, detail::average_precision);
}

// The mean over the labels that have one (nullopt when none has).
inline std::optional<double> mean_defined(const std::vector<std::optional<double>>& values) {
  double sum = 0;
  int count = 0;
  for (const auto& v : values)
    if (v) sum += *v, ++count;
  if (count == 0) return std::nullopt;
  return sum / count;
}

// ROC-AUC of every (sample, label) decision pooled.
template <class Truth, class Scores>
std::optional<double> roc_auc_micro(const Eigen::DenseBase<Truth>& truth,
                                    const Eigen::DenseBase<Scores>& y_score) {
  std::vector<bool> t;
  std::vector<double> s;
  for (Eigen::Index j = 0; j < truth.cols(); ++j)
    for (Eigen::Index i = 0; i < truth.rows(); ++i)
      t.push_back(truth(i, j) > 0.5), s.push_back(double(y_score(i, j)));
  return detail::roc_auc(t, s);
}

// Per sample: how many labels must be taken, best score first, to cover all its true labels.
template <class Truth, class Scores>
double coverage_error(const Eigen::DenseBase<Truth>& truth,
                      const Eigen::DenseBase<Scores>& y_score) {
  double total = 0;
  for (Eigen::Index i = 0; i < truth.rows(); ++i) {
    bool any = false;
    double lowest = 0;
    for (Eigen::Index j = 0; j < truth.cols(); ++j)
      if (truth(i, j) > 0.5) {
        lowest = any ? std::min(lowest, double(y_score(i, j))) : double(y_score(i, j));
        any = true;
      }
    if (!any) continue;
    for (Eigen::Index j = 0; j < truth.cols(); ++j) total += double(y_score(i, j)) >= lowest;
  }
  return truth.rows() ? total / double(truth.rows()) : 0.0;
}

// Per sample: the fraction of (true, false) label pairs ordered wrongly (false scored >= true).
template <class Truth, class Scores>
double label_ranking_loss(const Eigen::DenseBase<Truth>& truth,
                          const Eigen::DenseBase<Scores>& y_score) {
  double total = 0;
  for (Eigen::Index i = 0; i < truth.rows(); ++i) {
    double wrong = 0, positives = 0, negatives = 0;
    for (Eigen::Index a = 0; a < truth.cols(); ++a) {
      if (truth(i, a) > 0.5) {
        ++positives;
        for (Eigen::Index b = 0; b < truth.cols(); ++b)
          if (truth(i, b) <= 0.5) wrong += double(y_score(i, b)) >= double(y_score(i, a));
      } else {
        ++negatives;
      }
    }
    if (positives > 0 && negatives > 0) total += wrong / (positives * negatives);
  }
  return truth.rows() ? total / double(truth.rows()) : 0.0;
}

}  // namespace metagrad::metrics
