// The fewest bits a weight that keep a model's scores: a model is stored with its weights
// rounded to 3, 4 or 8 bits (io/quantized_columns.hpp) when, on rows it was not trained on, its
// micro- and macro-F1 at its thresholds stay within `tolerance` of the unrounded model's; else
// in floats. Chosen on out-of-fold probabilities rather than fixed, because how much precision
// a layer needs depends on the data (a wide, sparse text layer is redundant; a narrow numeric one
// less so).
#pragma once

#include "metagrad/metrics/scores.hpp"

#include <Eigen/Core>

#include <array>
#include <vector>

namespace metagrad::metrics {

struct precision_choice {
  int bits = 32;
  double micro_f1 = 0, macro_f1 = 0;  // out of fold, at that precision
  double float_micro_f1 = 0, float_macro_f1 = 0;
};

// probabilities_at(bits): the out-of-fold probabilities with the weights rounded to `bits`;
// `unrounded` those of the model as trained. y: the rows' labels.
template <class ProbabilitiesAt>
precision_choice fewest_bits_keeping_scores(const Eigen::MatrixXf& y,
                                            const std::vector<double>& thresholds,
                                            const Eigen::MatrixXf& unrounded,
                                            ProbabilitiesAt&& probabilities_at,
                                            double tolerance = 0.002) {
  const auto scored = [&](const Eigen::MatrixXf& p) {
    return score_predictions(y, threshold_scores(p, thresholds));
  };
  const scores reference = scored(unrounded);
  precision_choice c{32, reference.micro.f1, reference.macro.f1, reference.micro.f1,
                     reference.macro.f1};
  for (const int bits : std::array{3, 4, 8}) {
    const scores s = scored(probabilities_at(bits));
    if (s.micro.f1 >= reference.micro.f1 - tolerance &&
        s.macro.f1 >= reference.macro.f1 - tolerance)
      return {bits, s.micro.f1, s.macro.f1, reference.micro.f1, reference.macro.f1};
  }
  return c;
}

}  // namespace metagrad::metrics
