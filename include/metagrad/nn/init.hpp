// Weight initializers, seeded: Glorot (Xavier) uniform for sigmoid/tanh layers, He uniform for
// relu layers, zeros for biases.
#pragma once

#include <Eigen/Core>

#include <cmath>
#include <random>

namespace metagrad::nn {

template <class S = float>
Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> uniform(Eigen::Index rows, Eigen::Index cols,
                                                         double limit, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-limit, limit);
  Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> w(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) w(i, j) = static_cast<S>(u(rng));
  return w;
}

// limit sqrt(6 / (fan_in + fan_out))
template <class S = float>
Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> glorot_uniform(Eigen::Index fan_in,
                                                                Eigen::Index fan_out,
                                                                std::mt19937_64& rng) {
  return uniform<S>(fan_in, fan_out, std::sqrt(6.0 / double(fan_in + fan_out)), rng);
}

// limit sqrt(6 / fan_in)
template <class S = float>
Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> he_uniform(Eigen::Index fan_in,
                                                            Eigen::Index fan_out,
                                                            std::mt19937_64& rng) {
  return uniform<S>(fan_in, fan_out, std::sqrt(6.0 / double(fan_in)), rng);
}

}  // namespace metagrad::nn
