// The rows fit holds out for validation when given no validation data (fit_options::
// validation_split), and the fixed sample of training rows each epoch's train micro-F1 is
// measured on: both drawn from their own seeded generators, so that measuring never changes what
// training draws.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

namespace metagrad::nn::detail {

struct split_rows {
  std::vector<Eigen::Index> train, validation;
};

// `share` of the rows held out, drawn seeded; both parts ascending.
inline split_rows split_of(Eigen::Index rows, double share, unsigned long seed) {
  if (share >= 1) throw std::invalid_argument("fit: validation_split must be below 1");
  split_rows s;
  s.train.resize(std::size_t(rows));
  std::iota(s.train.begin(), s.train.end(), Eigen::Index(0));
  std::mt19937_64 rng(seed + 3);
  std::shuffle(s.train.begin(), s.train.end(), rng);
  const auto held = std::size_t(std::ceil(share * double(rows)));
  s.validation.assign(s.train.end() - std::ptrdiff_t(held), s.train.end());
  s.train.resize(s.train.size() - held);
  std::sort(s.train.begin(), s.train.end());
  std::sort(s.validation.begin(), s.validation.end());
  return s;
}

// At most `most` of the rows, drawn seeded, ascending.
inline std::vector<Eigen::Index> sample_of(Eigen::Index rows, std::size_t most,
                                           unsigned long seed) {
  std::vector<Eigen::Index> sample(static_cast<std::size_t>(rows));
  std::iota(sample.begin(), sample.end(), Eigen::Index(0));
  std::mt19937_64 rng(seed + 2);
  std::shuffle(sample.begin(), sample.end(), rng);
  sample.resize(std::min(sample.size(), most));
  std::sort(sample.begin(), sample.end());
  return sample;
}

}  // namespace metagrad::nn::detail
