// ranked_labels: a row's labels as a user reads them — those at or over their thresholds (or the k
// likeliest), likeliest first, each with its probability.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <numeric>
#include <vector>

namespace metagrad::classify {

struct ranked_label {
  std::size_t label;
  double probability;
};

// p: one row of probabilities; top > 0: its `top` likeliest labels, whatever the thresholds.
template <class Row>
std::vector<ranked_label> ranked_labels(const Eigen::DenseBase<Row>& p,
                                        const std::vector<double>& thresholds, long top = 0) {
  std::vector<std::size_t> order(std::size_t(p.size()));
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::stable_sort(order.begin(), order.end(),
                   [&](auto x, auto y) { return p(Eigen::Index(x)) > p(Eigen::Index(y)); });
  std::vector<ranked_label> out;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t j = order[k];
    const double pj = double(p(Eigen::Index(j)));
    if (top > 0 ? long(k) < top : pj >= thresholds[j]) out.push_back({j, pj});
  }
  return out;
}

}  // namespace metagrad::classify
