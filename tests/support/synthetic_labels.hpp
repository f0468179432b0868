// Seeded multi-label rows to learn: label j is on where a fixed random projection of x is above a
// per-label cut (labels of different frequency); the same teacher for every seed, so rows drawn
// with one seed train and rows drawn with another test. With `sparse`, entries under 0.8 in size
// are zero (about 4 in 10 kept), as TF-IDF rows are mostly empty.
#pragma once

#include <Eigen/Core>

#include <cmath>
#include <random>

namespace test_support {

struct labelled_rows {
  Eigen::MatrixXf x, y;
};

inline labelled_rows synthetic_labels(int rows, int features, unsigned seed, bool sparse = false,
                                      int labels = 4) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  labelled_rows d{Eigen::MatrixXf(rows, features), Eigen::MatrixXf(rows, labels)};
  for (Eigen::Index i = 0; i < d.x.size(); ++i) {
    const float v = normal(rng);
    d.x(i) = sparse && std::abs(v) < 0.8f ? 0.0f : v;
  }
  std::mt19937 fixed(1);
  Eigen::MatrixXf teacher(features, labels);
  for (Eigen::Index i = 0; i < teacher.size(); ++i) teacher(i) = normal(fixed);
  const Eigen::MatrixXf score = d.x * teacher;
  for (Eigen::Index j = 0; j < labels; ++j)
    for (Eigen::Index i = 0; i < rows; ++i)
      d.y(i, j) = score(i, j) > 0.5f * float(j % 4) * std::sqrt(float(features)) ? 1.0f : 0.0f;
  return d;
}

}  // namespace test_support
