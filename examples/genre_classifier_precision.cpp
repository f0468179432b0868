// genre_classifier train: the bits a weight of the networks' first layers in the model file —
// given, or the fewest whose out-of-fold micro- and macro-F1 keep those of the floats
// (metrics/precision_choice.hpp), each network rounded and scored on its own validation rows.
#include <metagrad/metrics/precision_choice.hpp>

#include <chrono>
#include <cstdio>

#include "genre_classifier_train.hpp"

namespace genre_classifier {

void choose_first_layer_bits(int given, io::classifier_file& m, const example_set& training,
                             const std::vector<std::vector<Eigen::Index>>& held_out,
                             const std::vector<Eigen::Index>& validated, const matrix& networks_oof,
                             const matrix& out_of_fold, int threads) {
  m.first_layer_bits = given > 0 ? given : 32;
  if (given > 0 || validated.empty()) return;
  const auto start = std::chrono::steady_clock::now();
  // The networks' share of out_of_fold (blended with the linear member), networks_oof, is
  // replaced by that of the rounded networks.
  const auto networks = [&](int bits) {
    matrix p = matrix::Zero(out_of_fold.rows(), out_of_fold.cols());
    for (std::size_t k = 0; k < held_out.size(); ++k) {
      const auto rows = split_held_out(std::size_t(training.labels.rows()), {&held_out[k]}).second;
      nn::parameters rounded = m.members[k];
      rounded.W1 = io::stored_first_layer(rounded.W1, bits);
      if (!rows.empty())
        p(rows, Eigen::all) = classify::network_probabilities(
            m, rounded, classify::select(m, training, rows), threads);
    }
    return p;
  };
  const auto at_bits = [&](int bits) {
    const matrix p = out_of_fold + float(1 - m.linear_weight) * (networks(bits) - networks_oof);
    return matrix(p(validated, Eigen::all));
  };
  const auto c =
      mm::fewest_bits_keeping_scores(training.labels(validated, Eigen::all), m.thresholds,
                                     out_of_fold(validated, Eigen::all), at_bits);
  m.first_layer_bits = c.bits;
  std::fprintf(stderr,
               "first layers: %d bits a weight in the model file (out of fold: micro-F1 %.4f -> "
               "%.4f, macro-F1 %.4f -> %.4f), %.1f s\n",
               c.bits, c.float_micro_f1, c.micro_f1, c.float_macro_f1, c.macro_f1,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

}  // namespace genre_classifier
