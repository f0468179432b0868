// fit_classifier: a classifier's training once its features are fitted (fit_features.hpp): the
// cross-fitted networks on the validation plan, the linear member and its blend, the thresholds
// and the first layers' precision in the model file, each chosen out of fold. The model in memory
// is then the one its file holds. Lines saying what was chosen, and what it scored out of fold,
// go to hooks.log.
#pragma once

#include "metagrad/classify/cross_fitted_networks.hpp"
#include "metagrad/classify/first_layer_bits.hpp"
#include "metagrad/classify/linear_member.hpp"
#include "metagrad/classify/validation_plan.hpp"
#include "metagrad/detail/printed.hpp"
#include "metagrad/detail/seconds_since.hpp"
#include "metagrad/metrics/threshold_choice.hpp"

#include <chrono>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace metagrad::classify {

struct classifier_options {
  network_options networks;       // their patience is the plan's, their monitor the objective's
  validation_options validation;  // its seed draws the folds
  // The linear member's C (0: none). 10: the blend's gain is not sensitive to it (with
  // scikit-learn's solver on the movies, C 1 / 10 / 100 gained +0.003 / +0.0045 / +0.005
  // micro-F1). linear_auto: none when its weights, labels x features, would pass 2^24 (64 MB, and
  // the solver holds about ten such matrices); false asks for one whatever its size.
  double linear_c = 10;
  bool linear_auto = true;
  double linear_weight = -1;  // its share of the blend; -1: chosen out of fold
  metrics::threshold_objective objective = metrics::threshold_objective::automatic;
  int first_layer_bits = 0;  // 3, 4, 8 or 32; 0: the fewest that keep the out-of-fold scores
};

using log_line = std::function<void(const std::string&)>;

struct classifier_hooks {
  log_line log;  // what was chosen, a line at a time (without its newline)
  network_hooks networks;
  // The linear member chosen (weight 0: none); every process of a data-parallel run calls it.
  std::function<void(const io::classifier_file&)> linear_chosen;
};

namespace detail {

// What network s is about to do: train on its rows, or continue (or keep) a saved state.
inline std::string network_line(const io::classifier_file& m, const network_start& s,
                                const nn::training_state* saved) {
  using metagrad::detail::printed;
  const std::string network = s.of > 1 ? printed("network %zu of %zu: ", s.k + 1, s.of) : "";
  if (saved)
    return network + printed("%s after epoch %d", saved->finished ? "saved finished" : "resuming",
                             saved->epochs_done);
  return network + printed("training on %zu rows (%zu for validation), %lld features, %zu labels",
                           s.fit_rows, s.validation_rows, (long long)m.feature_count(),
                           m.labels.size());
}

// The linear member when it is wanted and can be fitted and weighed (linear_member.hpp); the
// out-of-fold probabilities become the blend's.
inline void add_linear_member(io::classifier_file& m, const example_rows& training,
                              const std::vector<std::vector<Eigen::Index>>& held_out,
                              out_of_fold& oof, const classifier_options& o, const log_line& log) {
  using metagrad::detail::printed;
  const bool fits = double(m.labels.size()) * double(m.feature_count()) <= double(1 << 24);
  if (o.linear_c > 0 && o.linear_auto && !fits)
    log(
        printed("linear member: none (%zu labels x %lld features is over 2^24 weights; a C "
                "given asks for one)",
                m.labels.size(), (long long)m.feature_count()));
  // Without validation rows, only a given weight can blend (auto has nothing to choose it on).
  const bool wanted = o.linear_c > 0 && o.linear_weight != 0 && (fits || !o.linear_auto);
  if (wanted && oof.rows.empty() && o.linear_weight < 0)
    log("linear member: none (no validation rows to choose its weight on; a weight given blends "
        "one)");
  if (!wanted || (oof.rows.empty() && o.linear_weight < 0)) return;
  const auto start = std::chrono::steady_clock::now();
  const nn::matrix networks = oof.p(oof.rows, Eigen::all);
  linear_member member = fit_linear_member(m, training, held_out, oof.rows, oof.folds, networks,
                                           {.c = o.linear_c,
                                            .weight = o.linear_weight,
                                            .objective = o.objective,
                                            .threads = o.networks.fit.threads});
  std::string line = printed("linear member: C %g, weight %g", o.linear_c, member.weight);
  if (!oof.rows.empty()) {
    const bool hamming = o.objective == metrics::threshold_objective::hamming;  // as the loss
    line += printed(" (out-of-fold %s %.4f -> %.4f)", hamming ? "hamming loss" : "micro-F1",
                    hamming ? 1 - member.alone : member.alone,
                    hamming ? 1 - member.blended : member.blended);
  }
  log(line + printed(", %.1f s", metagrad::detail::seconds_since(start)));
  if (member.weight == 0) return;
  m.linear_weight = member.weight;
  m.linear = std::move(member.model);
  oof.p(oof.rows, Eigen::all) = blend(networks, member.out_of_fold, member.weight);
}

// The thresholds of the objective's rule, chosen out of fold (metrics/threshold_choice.hpp).
// Without validation rows: 0.5.
inline std::vector<double> tuned_thresholds(const nn::matrix& y, const nn::matrix& out_of_fold,
                                            const std::vector<int>& folds,
                                            metrics::threshold_objective objective,
                                            const log_line& log) {
  if (y.rows() == 0) return std::vector<double>(std::size_t(y.cols()), 0.5);
  const metrics::threshold_choice c = metrics::choose_thresholds(y, out_of_fold, folds, objective);
  if (objective == metrics::threshold_objective::none) return c.thresholds;
  const std::string labels = std::isinf(c.rule.evidence)
                                 ? "one cut for every label"
                                 : "a label's own cut weighs as much as that at " +
                                       std::to_string(int(c.rule.evidence)) + " positives";
  log(metagrad::detail::printed(
      "thresholds: the global cut %.2f of the way from micro-F1's to hamming's; %s (out of fold: "
      "micro-F1 %.4f, macro-F1 %.4f, hamming loss %.4f)",
      c.rule.hamming_share, labels.c_str(), c.nested.micro_f1, c.nested.macro_f1,
      c.nested.hamming_loss));
  return c.thresholds;
}

// The bits a weight of the first layers: given, or the fewest that keep the out-of-fold scores.
inline void choose_first_layer_bits(io::classifier_file& m, const example_rows& training,
                                    const std::vector<std::vector<Eigen::Index>>& held_out,
                                    const out_of_fold& oof, const nn::matrix& networks_oof,
                                    const classifier_options& o, const log_line& log) {
  m.first_layer_bits = o.first_layer_bits > 0 ? o.first_layer_bits : 32;
  if (o.first_layer_bits > 0 || oof.rows.empty()) return;
  const auto start = std::chrono::steady_clock::now();
  const auto c = fewest_first_layer_bits(m, training, held_out, oof.rows, networks_oof, oof.p,
                                         o.networks.fit.threads);
  m.first_layer_bits = c.bits;
  log(metagrad::detail::printed(
      "first layers: %d bits a weight in the model file (out of fold: micro-F1 %.4f -> %.4f, "
      "macro-F1 %.4f -> %.4f), %.1f s",
      c.bits, c.float_micro_f1, c.micro_f1, c.float_macro_f1, c.macro_f1,
      metagrad::detail::seconds_since(start)));
}

}  // namespace detail

// Trains the classifier `m` (its columns, labels and features fitted) on `training`, the
// examples of its training rows. Its networks are trained in `states`: those it holds (a
// checkpoint's) are continued; `states` is left empty, their parameters moved into m's members.
inline void fit_classifier(io::classifier_file& m, const example_rows& training,
                           const classifier_options& o, std::vector<nn::training_state>& states,
                           const classifier_hooks& hooks = {}) {
  const log_line log = hooks.log ? hooks.log : [](const std::string&) {};
  const validation_plan plan = plan_validation(training.labels, o.validation);
  network_options n = o.networks;
  n.fit.patience = plan.patience;
  // The epoch kept: the best validation F1 at a cut tuned out of fold with the thresholds'
  // objective; for hamming, the best log loss (hamming loss is least where each label is cut at a
  // calibrated 0.5; at a tuned cut it moves in steps of a few rows and stopped earlier, measured
  // in docs/results.md).
  n.fit.monitor = o.objective == metrics::threshold_objective::hamming ? nn::monitor_kind::loss
                                                                       : nn::monitor_kind::micro_f1;
  n.fit.cut_objective = o.objective;
  network_hooks networks = hooks.networks;
  networks.before = [&](const network_start& s) {
    log(detail::network_line(m, s, s.restored ? &states[s.k] : nullptr));
    if (hooks.networks.before) hooks.networks.before(s);
  };
  out_of_fold oof = train_cross_fitted(m, training, plan.held_out, states, n, networks);
  for (nn::training_state& network : states)  // moved, not copied: they can be large
    m.members.push_back(nn::mlp_parameters(std::move(network)));
  states.clear();
  const nn::matrix networks_oof = oof.p;  // add_linear_member blends the linear member's in
  detail::add_linear_member(m, training, plan.held_out, oof, o, log);
  if (hooks.linear_chosen) hooks.linear_chosen(m);
  m.thresholds = detail::tuned_thresholds(training.labels(oof.rows, Eigen::all),
                                          oof.p(oof.rows, Eigen::all), oof.folds, o.objective, log);
  detail::choose_first_layer_bits(m, training, plan.held_out, oof, networks_oof, o, log);
  io::round_to_stored(m);
}

}  // namespace metagrad::classify
