// first_layer_bits: the bits a weight of the networks' first layers in the model file, the fewest
// whose out-of-fold micro- and macro-F1 keep those of the floats (metrics/precision_choice.hpp),
// each network rounded and scored on its own validation rows.
#pragma once

#include "metagrad/classify/held_out.hpp"
#include "metagrad/classify/probabilities.hpp"
#include "metagrad/metrics/precision_choice.hpp"

#include <vector>

namespace metagrad::classify {

// m: the trained model, its thresholds chosen; held_out: each network's validation rows (positions
// in `training`); validated: the rows scored. networks_oof: the networks' out-of-fold
// probabilities (a row per training row); out_of_fold: those blended with the linear member's.
inline metrics::precision_choice fewest_first_layer_bits(
    const io::classifier_file& m, const example_rows& training,
    const std::vector<std::vector<Eigen::Index>>& held_out,
    const std::vector<Eigen::Index>& validated, const nn::matrix& networks_oof,
    const nn::matrix& out_of_fold, int threads) {
  // The networks' share of out_of_fold, networks_oof, is replaced by that of the rounded networks.
  // Each network's rows, selected once. At each candidate a network's rounded first layer and its
  // other (small) parameters go into one `rounded`, rather than a copy of the whole network.
  std::vector<std::vector<Eigen::Index>> rows;
  std::vector<example_rows> validation;
  for (const auto& part : held_out) {
    rows.push_back(split_held_out(std::size_t(training.labels.rows()), {&part}).second);
    validation.push_back(select(m, training, rows.back()));
  }
  nn::parameters rounded;
  const auto networks = [&](int bits) {
    nn::matrix p = nn::matrix::Zero(out_of_fold.rows(), out_of_fold.cols());
    for (std::size_t k = 0; k < held_out.size(); ++k) {
      if (rows[k].empty()) continue;
      const nn::parameters& network = m.members[k];
      rounded.b1 = network.b1, rounded.W2 = network.W2, rounded.b2 = network.b2;
      rounded.W1 = io::stored_first_layer(network.W1, bits);
      p(rows[k], Eigen::all) = network_probabilities(m, rounded, validation[k], threads);
    }
    return p;
  };
  const auto at_bits = [&](int bits) {
    const nn::matrix p = out_of_fold + float(1 - m.linear_weight) * (networks(bits) - networks_oof);
    return nn::matrix(p(validated, Eigen::all));
  };
  return metrics::fewest_bits_keeping_scores(training.labels(validated, Eigen::all), m.thresholds,
                                             out_of_fold(validated, Eigen::all), at_bits);
}

}  // namespace metagrad::classify
