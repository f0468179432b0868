// probabilities: a classifier's probability of each label for each row — the mean of its
// networks' (one per cross-fitting fold), blended with its linear member's:
//   p = (1 - w) mean_k network_k(x) + w linear(x),   w = the file's linear_weight
// Training (out-of-fold probabilities, the blend weight's choice) and prediction both call these.
#pragma once

#include "metagrad/classify/blend.hpp"
#include "metagrad/classify/example_rows.hpp"
#include "metagrad/nn/data_parallel.hpp"
#include "metagrad/nn/logistic_regression.hpp"
#include "metagrad/nn/predict_probabilities.hpp"

namespace metagrad::classify {

// One network's probabilities.
inline nn::matrix network_probabilities(const io::classifier_file& m, const nn::parameters& p,
                                        const example_rows& e, int threads) {
  return m.text ? nn::predict_probabilities(p, e.text, threads)
                : nn::predict_probabilities(p, e.numeric, threads);
}

// The rows as the linear member reads them: sparse, numeric features too. A text model's rows
// are its own (not copied); numeric ones are made sparse in `made`.
inline const data::sparse_rows& linear_rows(const io::classifier_file& m, const example_rows& e,
                                            data::sparse_rows& made) {
  if (m.text) return e.text;
  made = e.numeric.sparseView();
  return made;
}

// The classifier's probabilities, rows x labels.
inline nn::matrix probabilities(const io::classifier_file& m, const example_rows& e, int threads) {
  nn::matrix sum = network_probabilities(m, m.members.front(), e, threads);
  for (std::size_t k = 1; k < m.members.size(); ++k)
    sum += network_probabilities(m, m.members[k], e, threads);
  const nn::matrix networks = sum / float(m.members.size());
  if (m.linear_weight == 0) return networks;
  data::sparse_rows made;
  return blend(networks, nn::logistic_probabilities(m.linear, linear_rows(m, e, made), threads),
               m.linear_weight);
}

// The same, computed by the processes of a data-parallel run, each its share of the rows, and
// summed so that every process has them all.
inline nn::matrix probabilities(const io::classifier_file& m, const example_rows& e, int threads,
                                const nn::data_parallel& dp) {
  if (!dp.active()) return probabilities(m, e, threads);
  const auto mine = nn::share_of(dp, e.rows());
  return nn::combine_shares(dp, e.rows(), mine, probabilities(m, select(m, e, mine), threads));
}

}  // namespace metagrad::classify
