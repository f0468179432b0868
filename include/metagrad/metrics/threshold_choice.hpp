// threshold_choice: which threshold rule (threshold_rule.hpp) an objective uses, chosen by nested
// out-of-fold validation: each candidate rule is tuned on some folds' out-of-fold probabilities
// and scored on the held fold's, never on the rows it was tuned on.
//
// 'auto' and label_f1 ask for a rule near the best on micro-F1 and hamming loss both, then for
// macro-F1: each candidate's shortfall is the larger of its micro-F1 below the best candidate's and
// its hamming loss above the best's, and the rule of the best macro-F1 - 8 x shortfall is kept.
// The shortfall is what a user of default flags holds a classifier to (neither F1 nor hamming
// loss given up for the other); macro-F1 keeps the labels' own cuts where they cost little (on the
// movies, 0.53 with one global cut against 0.56 with the labels' own, for 0.004 of micro-F1).
// The rate 8 was chosen on the nested scores of movies_masked, yeast and enron (docs/results.md):
// from 5 to 10 every one kept within the aims on its test rows.
#pragma once

#include "metagrad/metrics/threshold_rule.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <vector>

namespace metagrad::metrics {

struct rule_scores {
  double micro_f1 = 0, macro_f1 = 0, hamming_loss = 0;
};

struct threshold_choice {
  threshold_rule rule;
  rule_scores nested;              // the rule's out-of-fold scores
  std::vector<double> thresholds;  // the rule tuned on every row
};

// How much macro-F1 one point of shortfall must buy (the opening comment says why).
inline constexpr double macro_per_shortfall = 8;

// The rules an objective chooses among: every label's own cut shrunk by evidence k (label_f1),
// and the global cut between F1's and hamming's too (automatic); one rule otherwise.
inline std::vector<threshold_rule> candidate_rules(threshold_objective objective) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (objective) {
    case threshold_objective::micro_f1:
      return {{0, inf}};
    case threshold_objective::hamming:
      return {{1, inf}};
    default:
      break;
  }
  const std::vector<double> shares = objective == threshold_objective::automatic
                                         ? std::vector<double>{0, 0.25, 0.5, 0.75, 1}
                                         : std::vector<double>{0};
  std::vector<threshold_rule> rules;
  for (double a : shares)
    for (double k : {0.0, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, inf})
      rules.push_back({a, k});
  return rules;
}

namespace detail {

// Each rule's true positives and predictions per label, added up over held folds.
struct rule_tally {
  std::size_t labels;
  std::vector<double> tp, predicted, positives, rows;

  rule_tally(std::size_t rules, std::size_t labels)
      : labels(labels), tp(rules * labels), predicted(rules * labels), positives(labels), rows(1) {}

  // One held fold's label j: its (score, truth) pairs, and every rule's threshold for it.
  void add(std::size_t j, std::vector<std::pair<double, bool>>& held,
           const std::vector<std::vector<double>>& thresholds) {
    std::sort(held.begin(), held.end(), [](auto& a, auto& b) { return a.first > b.first; });
    std::vector<double> cumulative(held.size() + 1, 0);
    for (std::size_t i = 0; i < held.size(); ++i)
      cumulative[i + 1] = cumulative[i] + held[i].second;
    positives[j] += cumulative.back();
    for (std::size_t r = 0; r < thresholds.size(); ++r) {
      const double t = thresholds[r][j];
      const auto at = std::partition_point(held.begin(), held.end(),
                                           [&](const auto& p) { return p.first >= t; });
      const std::size_t n = std::size_t(at - held.begin());
      tp[r * labels + j] += cumulative[n], predicted[r * labels + j] += double(n);
    }
  }

  rule_scores scores_of(std::size_t r, double row_count) const {
    double all_tp = 0, all_predicted = 0, all_positives = 0, macro = 0;
    for (std::size_t j = 0; j < labels; ++j) {
      const double t = tp[r * labels + j], p = predicted[r * labels + j], n = positives[j];
      all_tp += t, all_predicted += p, all_positives += n;
      macro += p + n > 0 ? 2 * t / (p + n) : 0;
    }
    const double wrong = (all_predicted - all_tp) + (all_positives - all_tp);
    return {all_predicted + all_positives > 0 ? 2 * all_tp / (all_predicted + all_positives) : 0,
            macro / double(labels), wrong / (row_count * double(labels))};
  }
};

// The folds to nest: those given, or two halves of alternate rows when there is only one.
inline std::vector<int> nesting_folds(const std::vector<int>& fold_of_row) {
  if (std::set<int>(fold_of_row.begin(), fold_of_row.end()).size() > 1) return fold_of_row;
  std::vector<int> halves(fold_of_row.size());
  for (std::size_t i = 0; i < halves.size(); ++i) halves[i] = int(i % 2);
  return halves;
}

// The rule 'auto' and label_f1 keep (the file's opening comment says why).
inline std::size_t pick_rule(const std::vector<rule_scores>& s) {
  double best_micro = 0, best_hamming = std::numeric_limits<double>::infinity();
  for (const auto& r : s)
    best_micro = std::max(best_micro, r.micro_f1),
    best_hamming = std::min(best_hamming, r.hamming_loss);
  std::size_t pick = 0;
  double best = -std::numeric_limits<double>::infinity();
  for (std::size_t r = 0; r < s.size(); ++r) {
    const double shortfall = std::max(best_micro - s[r].micro_f1, s[r].hamming_loss - best_hamming);
    if (const double v = s[r].macro_f1 - macro_per_shortfall * shortfall; v > best)
      best = v, pick = r;
  }
  return pick;
}

}  // namespace detail

// Each rule's scores out of fold: for each fold, the rules tuned on the other folds' rows and
// applied to its rows. fold_of_row: each row's fold (one fold: alternate rows are halved).
template <class Truth, class Scores>
std::vector<rule_scores> nested_scores(const Eigen::DenseBase<Truth>& truth,
                                       const Eigen::DenseBase<Scores>& y_score,
                                       const std::vector<int>& fold_of_row,
                                       const std::vector<threshold_rule>& rules) {
  const std::vector<int> folds = detail::nesting_folds(fold_of_row);
  const std::size_t labels = std::size_t(truth.cols());
  detail::rule_tally tally(rules.size(), labels);
  for (const int f : std::set<int>(folds.begin(), folds.end())) {
    std::vector<Eigen::Index> tuned, held;
    for (std::size_t i = 0; i < folds.size(); ++i)
      (folds[i] == f ? held : tuned).push_back(Eigen::Index(i));
    const threshold_evidence e = gather_threshold_evidence(truth.derived()(tuned, Eigen::all),
                                                           y_score.derived()(tuned, Eigen::all));
    std::vector<std::vector<double>> thresholds;
    for (const auto& rule : rules) thresholds.push_back(thresholds_of(e, rule));
    std::vector<std::pair<double, bool>> pairs;
    for (std::size_t j = 0; j < labels; ++j) {
      pairs.clear();
      for (Eigen::Index i : held)
        pairs.emplace_back(double(y_score(i, Eigen::Index(j))), truth(i, Eigen::Index(j)) > 0.5);
      tally.add(j, pairs, thresholds);
    }
  }
  std::vector<rule_scores> out;
  for (std::size_t r = 0; r < rules.size(); ++r)
    out.push_back(tally.scores_of(r, double(folds.size())));
  return out;
}

// The objective's rule chosen out of fold and tuned on every row. none: 0.5 everywhere.
template <class Truth, class Scores>
threshold_choice choose_thresholds(const Eigen::DenseBase<Truth>& truth,
                                   const Eigen::DenseBase<Scores>& y_score,
                                   const std::vector<int>& fold_of_row,
                                   threshold_objective objective) {
  threshold_choice c;
  if (objective == threshold_objective::none) {
    c.thresholds.assign(std::size_t(truth.cols()), 0.5);
    return c;
  }
  const auto rules = candidate_rules(objective);
  const auto scores = nested_scores(truth, y_score, fold_of_row, rules);
  const std::size_t pick = detail::pick_rule(scores);
  c.rule = rules[pick], c.nested = scores[pick];
  c.thresholds = tune_thresholds(truth, y_score, c.rule);
  return c;
}

// The score an objective's model is chosen by (a network's epoch, the blend's weight), out of
// fold: one global cut (hamming's for hamming, micro-F1's otherwise: one cut is stable on few
// rows, and cheap enough for every epoch), tuned on the other folds; higher is better. none:
// micro-F1 at 0.5.
template <class Truth, class Scores>
double cross_fitted_score(const Eigen::DenseBase<Truth>& truth,
                          const Eigen::DenseBase<Scores>& y_score,
                          const std::vector<int>& fold_of_row, threshold_objective objective) {
  if (objective == threshold_objective::none)
    return score_predictions(truth, threshold_scores(y_score, std::vector<double>(
                                                                  std::size_t(truth.cols()), 0.5)))
        .micro.f1;
  const bool hamming = objective == threshold_objective::hamming;
  const threshold_rule global{hamming ? 1.0 : 0.0, std::numeric_limits<double>::infinity()};
  const rule_scores s = nested_scores(truth, y_score, fold_of_row, {global}).front();
  return hamming ? 1 - s.hamming_loss : s.micro_f1;
}

}  // namespace metagrad::metrics
