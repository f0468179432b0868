// Weights for rare labels, from label frequencies of the training rows:
//  - balanced_sample_weights: one weight per sample, scikit-learn's
//    compute_sample_weight("balanced", Y): per label, n / (classes * count of the sample's class),
//    multiplied over the labels;
//  - balanced_pos_weight: one weight per label for bce_with_logits' pos_weight, negatives /
//    positives (PyTorch's convention), 1 for a label that is never or always on.
#pragma once

#include <Eigen/Core>

namespace metagrad::nn {

// How many rows there are and how many have each label on: what the weights are made of (summed
// over processes in data-parallel training, so that every process weights alike).
struct label_counts {
  double rows = 0;
  Eigen::RowVectorXd ones;
};

template <class Truth>
label_counts count_labels(const Eigen::DenseBase<Truth>& y) {
  label_counts c{double(y.rows()), Eigen::RowVectorXd::Zero(y.cols())};
  for (Eigen::Index j = 0; j < y.cols(); ++j)
    for (Eigen::Index i = 0; i < y.rows(); ++i) c.ones(j) += y(i, j) > 0.5;
  return c;
}

// The weights of y's rows, from the counts of y or of a larger set y is part of.
template <class Truth>
Eigen::VectorXd balanced_sample_weights(const Eigen::DenseBase<Truth>& y, const label_counts& c) {
  Eigen::VectorXd w = Eigen::VectorXd::Ones(y.rows());
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    const double ones = c.ones(j), zeros = c.rows - ones;
    const double classes = double((ones > 0) + (zeros > 0));
    for (Eigen::Index i = 0; i < y.rows(); ++i)
      w(i) *= c.rows / (classes * (y(i, j) > 0.5 ? ones : zeros));
  }
  return w;
}

template <class Truth>
Eigen::VectorXd balanced_sample_weights(const Eigen::DenseBase<Truth>& y) {
  return balanced_sample_weights(y, count_labels(y));
}

inline Eigen::RowVectorXd balanced_pos_weight(const label_counts& c) {
  Eigen::RowVectorXd w(c.ones.size());
  for (Eigen::Index j = 0; j < c.ones.size(); ++j) {
    const double ones = c.ones(j), zeros = c.rows - ones;
    w(j) = ones > 0 && zeros > 0 ? zeros / ones : 1.0;
  }
  return w;
}

template <class Truth>
Eigen::RowVectorXd balanced_pos_weight(const Eigen::DenseBase<Truth>& y) {
  return balanced_pos_weight(count_labels(y));
}

}  // namespace metagrad::nn
