// Weights for rare labels, from label frequencies of the training rows:
//  - balanced_sample_weights: one weight per sample, scikit-learn's
//    compute_sample_weight("balanced", Y): per label, n / (classes * count of the sample's class),
//    multiplied over the labels;
//  - balanced_pos_weight: one weight per label for bce_with_logits' pos_weight, negatives /
//    positives (PyTorch's convention), 1 for a label that is never or always on.
#pragma once

#include <Eigen/Core>

namespace metagrad::nn {

// How many rows have label j on.
template <class Truth>
double positives(const Eigen::DenseBase<Truth>& y, Eigen::Index j) {
  double ones = 0;
  for (Eigen::Index i = 0; i < y.rows(); ++i) ones += y(i, j) > 0.5;
  return ones;
}

template <class Truth>
Eigen::VectorXd balanced_sample_weights(const Eigen::DenseBase<Truth>& y) {
  const double n = double(y.rows());
  Eigen::VectorXd w = Eigen::VectorXd::Ones(y.rows());
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    const double ones = positives(y, j);
    const double zeros = n - ones, classes = double((ones > 0) + (zeros > 0));
    for (Eigen::Index i = 0; i < y.rows(); ++i)
      w(i) *= n / (classes * (y(i, j) > 0.5 ? ones : zeros));
  }
  return w;
}

template <class Truth>
Eigen::RowVectorXd balanced_pos_weight(const Eigen::DenseBase<Truth>& y) {
  Eigen::RowVectorXd w(y.cols());
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    const double ones = positives(y, j), zeros = double(y.rows()) - ones;
    w(j) = ones > 0 && zeros > 0 ? zeros / ones : 1.0;
  }
  return w;
}

}  // namespace metagrad::nn
