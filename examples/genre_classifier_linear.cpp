// genre_classifier train: the linear member and its blend with the networks, and the thresholds of
// the blend, both chosen out of fold.
#include <metagrad/classify/linear_member.hpp>
#include <metagrad/metrics/threshold_choice.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "genre_classifier_train.hpp"

namespace genre_classifier {

// The linear member, chosen and fitted out of fold (classify/linear_member.hpp), and a line saying
// what it gained; `out_of_fold` becomes the blend's.
void add_linear_member(io::classifier_file& m, const example_set& training,
                       const std::vector<std::vector<Eigen::Index>>& held_out,
                       const std::vector<Eigen::Index>& validated,
                       const std::vector<int>& validated_folds, matrix& out_of_fold,
                       mm::threshold_objective objective, double c, double weight, int threads) {
  const auto start = std::chrono::steady_clock::now();
  const matrix networks = out_of_fold(validated, Eigen::all);
  classify::linear_member member = classify::fit_linear_member(
      m, training, held_out, validated, validated_folds, networks,
      {.c = c, .weight = weight, .objective = objective, .threads = threads});
  std::fprintf(stderr, "linear member: C %g, weight %g", c, member.weight);
  if (!validated.empty()) {
    const bool hamming = objective == mm::threshold_objective::hamming;  // printed as the loss
    std::fprintf(stderr, " (out-of-fold %s %.4f -> %.4f)", hamming ? "hamming loss" : "micro-F1",
                 hamming ? 1 - member.alone : member.alone,
                 hamming ? 1 - member.blended : member.blended);
  }
  std::fprintf(stderr, ", %.1f s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (member.weight == 0) return;
  m.linear_weight = member.weight;
  m.linear = std::move(member.model);
  out_of_fold(validated, Eigen::all) = classify::blend(networks, member.out_of_fold, member.weight);
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
