// linear_member: the classifier's linear member (nn/logistic_regression.hpp says why it helps),
// cross-fitted as the networks are but on two halves of their folds (the even folds held out,
// then the odd ones); the member is the halves' mean weights. Its out-of-fold probabilities choose
// the blend's weight, unless one (from 0 to 1) is given: of 0, 0.1, ..., 1, the one whose blend
// of the out-of-fold probabilities scores best at a cut tuned on the other folds (micro-F1; right
// labels for hamming; 0: no linear member). Halves rather than the networks' folds: on the movies
// the two gave the same test F1 in less time (docs/results.md).
#pragma once

#include "metagrad/classify/held_out.hpp"
#include "metagrad/classify/probabilities.hpp"
#include "metagrad/exec/threads.hpp"
#include "metagrad/metrics/threshold_choice.hpp"

#include <algorithm>
#include <vector>

namespace metagrad::classify {

struct linear_member_options {
  double c = 10;       // the L2 logistic regression's inverse regularization
  double weight = -1;  // its share of the blend; -1: chosen out of fold
  metrics::threshold_objective objective = metrics::threshold_objective::automatic;
  int threads = 1;
};

struct linear_member {
  nn::logistic_model model;  // the halves' mean
  double weight = 0;         // in the blend; 0: no linear member
  // Out-of-fold scores (0 without validation rows): the networks alone, and blended at weight.
  double alone = 0, blended = 0;
  nn::matrix out_of_fold;  // the member's out-of-fold probabilities of the validated rows
};

// The linear member of a classifier whose networks gave `networks` (the out-of-fold probabilities
// of the rows `validated`, in that order, scored by folds `validated_folds`), fitted on
// `training`'s rows with the networks' folds `held_out`.
inline linear_member fit_linear_member(const io::classifier_file& m, const example_rows& training,
                                       const std::vector<std::vector<Eigen::Index>>& held_out,
                                       const std::vector<Eigen::Index>& validated,
                                       const std::vector<int>& validated_folds,
                                       const nn::matrix& networks, const linear_member_options& o) {
  const std::size_t groups = std::min<std::size_t>(held_out.size(), 2);
  const Eigen::Index rows = training.labels.rows();
  nn::matrix out_of_fold(rows, training.labels.cols());
  nn::logistic_options lo;
  lo.c = o.c, lo.threads = o.threads;
  linear_member member;
  for (std::size_t g = 0; g < groups; ++g) {
    std::vector<const std::vector<Eigen::Index>*> folds;
    for (std::size_t k = g; k < held_out.size(); k += groups) folds.push_back(&held_out[k]);
    const auto [fit_rows, valid_rows] = split_held_out(std::size_t(rows), folds);
    const example_rows fit = select(m, training, fit_rows), valid = select(m, training, valid_rows);
    data::sparse_rows made;
    const nn::logistic_model fitted = nn::fit_logistic(linear_rows(m, fit, made), fit.labels, lo);
    out_of_fold(valid_rows, Eigen::all) =
        nn::logistic_probabilities(fitted, linear_rows(m, valid, made), o.threads);
    if (g == 0) {
      member.model = fitted;
    } else {
      member.model.w += fitted.w, member.model.b += fitted.b;
    }
  }
  member.model.w /= float(groups), member.model.b /= float(groups);
  const nn::matrix y = training.labels(validated, Eigen::all);
  member.out_of_fold = out_of_fold(validated, Eigen::all);
  // The blend's score with weight w, out of fold and with thresholds tuned on the other folds, as
  // the networks' epochs are chosen (nothing to score without validation rows).
  const auto score = [&](double w) {
    if (validated.empty()) return 0.0;
    return metrics::cross_fit_cut(y, blend(networks, member.out_of_fold, w), validated_folds,
                                  o.objective)
        .score;
  };
  if (o.weight >= 0) {
    member.alone = score(0), member.weight = o.weight, member.blended = score(o.weight);
    return member;
  }
  // Every tenth from 0 (the networks alone) to 1, scored on the threads: each sorts all scores.
  std::vector<double> at(11);
  exec::parallel_for(o.threads, Eigen::Index(at.size()),
                     [&](Eigen::Index t) { at[std::size_t(t)] = score(double(t) / 10); });
  member.alone = member.blended = at[0];
  for (std::size_t tenths = 1; tenths < at.size(); ++tenths)
    if (at[tenths] > member.blended) member.blended = at[tenths], member.weight = tenths / 10.0;
  return member;
}

}  // namespace metagrad::classify
