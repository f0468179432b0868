// genre_classifier train: the linear member and its blend with the networks, and the thresholds of
// the blend, both chosen out of fold.
#include <metagrad/metrics/threshold_choice.hpp>
#include <metagrad/nn/logistic_regression.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "genre_classifier_train.hpp"

namespace genre_classifier {

// The linear member (nn/logistic_regression.hpp says why), cross-fitted as the networks are but
// on two halves of their folds (the even folds held out, then the odd ones); the model is the
// halves' mean weights. Its out-of-fold probabilities choose the blend's weight, unless `weight`
// (from 0 to 1) is given: of 0, 0.1, ..., 1, the one whose blend of the out-of-fold probabilities
// scores best at a cut tuned on the other folds (micro-F1; right labels for hamming; 0: no linear
// member). `out_of_fold` becomes the blend's. Halves rather than the networks' folds: on
// the movies (default flags, the README's split), halves and thirds gave the same test F1
// (movies.csv 0.9316 / 0.9052 and 0.9316 / 0.9069, masked 0.6957 / 0.5873 and 0.6951 / 0.5835)
// in 9 s against 12-16 s.
void add_linear_member(io::classifier_file& m, const example_set& training,
                       const std::vector<std::vector<Eigen::Index>>& held_out,
                       const std::vector<Eigen::Index>& validated,
                       const std::vector<int>& validated_folds, matrix& out_of_fold,
                       mm::threshold_objective objective, double c, double weight, int threads) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t groups = std::min<std::size_t>(held_out.size(), 2);
  const Eigen::Index rows = training.labels.rows();
  matrix linear_out_of_fold(rows, training.labels.cols());
  nn::logistic_options lo;
  lo.c = c, lo.threads = threads;
  nn::logistic_model mean;
  for (std::size_t g = 0; g < groups; ++g) {
    std::vector<const std::vector<Eigen::Index>*> folds;
    for (std::size_t k = g; k < held_out.size(); k += groups) folds.push_back(&held_out[k]);
    const auto [fit_rows, valid_rows] = split_held_out(std::size_t(rows), folds);
    const example_set fit = classify::select(m, training, fit_rows),
                      valid = classify::select(m, training, valid_rows);
    md::sparse_rows made;
    const nn::logistic_model fitted =
        nn::fit_logistic(classify::linear_rows(m, fit, made), fit.labels, lo);
    linear_out_of_fold(valid_rows, Eigen::all) =
        nn::logistic_probabilities(fitted, classify::linear_rows(m, valid, made), threads);
    if (g == 0) {
      mean = fitted;
    } else {
      mean.w += fitted.w, mean.b += fitted.b;
    }
  }
  mean.w /= float(groups), mean.b /= float(groups);
  const matrix y = training.labels(validated, Eigen::all),
               networks = out_of_fold(validated, Eigen::all),
               linear = linear_out_of_fold(validated, Eigen::all);
  // The blend's score with weight w, out of fold and with thresholds tuned on the other folds, as
  // the networks' epochs are chosen (nothing to score without validation rows).
  const auto score = [&](double w) {
    if (validated.empty()) return 0.0;
    return mm::cross_fit_cut(y, classify::blend(networks, linear, w), validated_folds, objective)
        .score;
  };
  const double alone = score(0);
  double best_weight = weight >= 0 ? weight : 0, best = weight >= 0 ? score(weight) : alone;
  for (int tenths = 1; weight < 0 && tenths <= 10; ++tenths) {
    const double s = score(tenths / 10.0);
    if (s > best) best = s, best_weight = tenths / 10.0;
  }
  std::fprintf(stderr, "linear member: C %g, weight %g", c, best_weight);
  if (!validated.empty()) {
    const bool hamming = objective == mm::threshold_objective::hamming;  // printed as the loss
    std::fprintf(stderr, " (out-of-fold %s %.4f -> %.4f)", hamming ? "hamming loss" : "micro-F1",
                 hamming ? 1 - alone : alone, hamming ? 1 - best : best);
  }
  std::fprintf(stderr, ", %.1f s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (best_weight == 0) return;
  m.linear_weight = best_weight;
  m.linear = std::move(mean);
  out_of_fold(validated, Eigen::all) = classify::blend(networks, linear, best_weight);
}

// The thresholds of the objective's rule, chosen out of fold (metrics/threshold_choice.hpp), and
// a line saying which. Without validation rows: 0.5.
std::vector<double> tuned_thresholds(const matrix& y, const matrix& out_of_fold,
                                     const std::vector<int>& folds,
                                     mm::threshold_objective objective) {
  if (y.rows() == 0) return std::vector<double>(std::size_t(y.cols()), 0.5);
  const mm::threshold_choice c = mm::choose_thresholds(y, out_of_fold, folds, objective);
  if (objective == mm::threshold_objective::none) return c.thresholds;
  const std::string labels = std::isinf(c.rule.evidence)
                                 ? "one cut for every label"
                                 : "a label's own cut weighs as much as that at " +
                                       std::to_string(int(c.rule.evidence)) + " positives";
  std::fprintf(stderr,
               "thresholds: the global cut %.2f of the way from micro-F1's to hamming's; %s "
               "(out of fold: micro-F1 %.4f, macro-F1 %.4f, hamming loss %.4f)\n",
               c.rule.hamming_share, labels.c_str(), c.nested.micro_f1, c.nested.macro_f1,
               c.nested.hamming_loss);
  return c.thresholds;
}

}  // namespace genre_classifier
