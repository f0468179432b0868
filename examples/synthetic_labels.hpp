// The dense classifier's data: 784 inputs ~ N(0, 1) and 10 labels, label j on when a hidden linear
// score of the inputs plus noise is above its threshold, the thresholds spread so that some labels
// are common and some rare (several can be on at once). Seeded: a teacher, then the rows.
#pragma once

#include <Eigen/Core>

#include <cmath>
#include <random>

namespace synthetic_labels {

using matrix = Eigen::MatrixXf;

struct rows {
  matrix x, y;
};

// A random linear teacher, features x labels (uniform, scaled as Glorot's, times 8).
inline matrix teacher(int features, int labels, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-1, 1);
  const float limit = 8 * std::sqrt(6.0f / float(features + labels));
  matrix w(features, labels);
  for (Eigen::Index j = 0; j < labels; ++j)
    for (Eigen::Index i = 0; i < features; ++i) w(i, j) = limit * u(rng);
  return w;
}

inline rows draw(int samples, const matrix& teacher, std::mt19937& rng) {
  std::normal_distribution<float> normal;
  rows d{matrix(samples, teacher.rows()), matrix(samples, teacher.cols())};
  for (Eigen::Index j = 0; j < d.x.cols(); ++j)
    for (Eigen::Index i = 0; i < d.x.rows(); ++i) d.x(i, j) = normal(rng);
  const matrix score = d.x * teacher / std::sqrt(float(teacher.rows()));
  for (Eigen::Index j = 0; j < d.y.cols(); ++j)
    for (Eigen::Index i = 0; i < d.y.rows(); ++i)
      d.y(i, j) = score(i, j) + 0.3f * normal(rng) > 0.2f * float(j) - 0.5f ? 1.0f : 0.0f;
  return d;
}

}  // namespace synthetic_labels
