// cross_fitted_networks: the classifier's networks, one per held-out part of the training rows —
// network k trained by nn::resume (nn::mlp_classifier, fit's early stopping on its part) on the
// rows no part of k holds, then predicting its part. With K folds every training row gets an
// out-of-fold probability, from the one network that never saw it: what the linear member's
// blend weight, the thresholds and the first layer's precision are chosen on. The K networks'
// average is the ensemble's prediction.
#pragma once

#include "metagrad/classify/example_rows.hpp"
#include "metagrad/classify/held_out.hpp"
#include "metagrad/classify/network_options.hpp"
#include "metagrad/classify/probabilities.hpp"
#include "metagrad/nn/fit.hpp"
#include "metagrad/nn/loss_kind.hpp"
#include "metagrad/nn/mlp_classifier.hpp"

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::classify {

// Network k of `of`, about to train: its fitted and validation rows, and whether a saved state
// continues.
struct network_start {
  std::size_t k, of, fit_rows, validation_rows;
  bool restored;
};

// What the caller sees of each network: before it trains and after (its parameters).
struct network_hooks {
  std::function<void(const network_start&)> before;
  std::function<void(std::size_t k, const nn::parameters&)> after;
};

// A saved state that does not fit network k (its parameters, order or history).
struct restored_state_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The networks' out-of-fold probabilities: p has a row per training row; `rows` are those that
// were held out (all of them with K folds), `folds` the network that predicted each.
struct out_of_fold {
  nn::matrix p;
  std::vector<Eigen::Index> rows;
  std::vector<int> folds;
};

namespace detail {

template <bool Sparse>
nn::dataset network_rows(const example_rows& e) {
  if constexpr (Sparse)
    return nn::dataset(nn::mlp_classifier<true>::x = e.text).with_labels(e.labels);
  else
    return nn::dataset(nn::mlp_classifier<false>::x = e.numeric).with_labels(e.labels);
}

}  // namespace detail

// Network k's training: its rows, and the state it trains in (new, or a checkpoint's).
struct network_task {
  const network_options& options;
  std::size_t k;
  const example_rows &fit, &validation;
  Eigen::Index features;
  nn::training_state& state;
};

// Network k trained in its state: from the seed's parameters when the state is new. Each
// (input kind, loss) is one instantiation of fit; a program may compile them in translation units
// of their own (extern template) to keep each one small (docs/compile_time.md).
template <bool Sparse, nn::loss_kind Loss>
void train_network(const network_task& t) {
  using mlp = nn::mlp_classifier<Sparse>;
  nn::fit_options f = t.options.fit;
  f.seed = t.options.fit.seed + t.k;  // each network its own initialization, shuffling, dropout
  typename mlp::store store;
  if (t.state.epochs_done == 0 && !t.state.finished)
    store = mlp::initial(t.features, t.options.hidden, t.fit.labels.cols(), f.seed);
  const nn::dataset rows = detail::network_rows<Sparse>(t.fit),
                    validation = detail::network_rows<Sparse>(t.validation);
  constexpr auto model = [] {
    if constexpr (Loss == nn::loss_kind::focal)
      return mlp::focal;
    else if constexpr (Loss == nn::loss_kind::asl)
      return mlp::asl;
    else
      return mlp::bce;
  }();
  nn::resume(model, store, t.state, rows, f, validation);
}

namespace detail {

template <bool Sparse>
void train_network(const network_task& t) {
  if (t.options.loss == nn::loss_kind::bce) classify::train_network<Sparse, nn::loss_kind::bce>(t);
  if (t.options.loss == nn::loss_kind::focal)
    classify::train_network<Sparse, nn::loss_kind::focal>(t);
  if (t.options.loss == nn::loss_kind::asl) classify::train_network<Sparse, nn::loss_kind::asl>(t);
}

}  // namespace detail

// One network per list of held-out rows (positions in `training`), each trained in states[k]:
// those `states` holds are continued (a checkpoint's: finished ones are not trained again), the
// others added. Returns the out-of-fold probabilities of the held-out rows.
inline out_of_fold train_cross_fitted(const io::classifier_file& m, const example_rows& training,
                                      const std::vector<std::vector<Eigen::Index>>& held_out,
                                      std::vector<nn::training_state>& states,
                                      const network_options& o, const network_hooks& hooks = {}) {
  const std::size_t restored = states.size(), n = std::size_t(training.labels.rows());
  if (restored > held_out.size())
    throw restored_state_error("it holds more networks (" + std::to_string(restored) +
                               ") than the run has (" + std::to_string(held_out.size()) + ")");
  out_of_fold oof{nn::matrix(training.labels.rows(), training.labels.cols()), {}, {}};
  for (std::size_t k = 0; k < held_out.size(); ++k) {
    const auto [fit_rows, valid_rows] = split_held_out(n, {&held_out[k]});
    const example_rows fit = select(m, training, fit_rows), valid = select(m, training, valid_rows);
    if (hooks.before)
      hooks.before({k, held_out.size(), fit_rows.size(), valid_rows.size(), k < restored});
    if (k == states.size()) states.emplace_back();
    try {
      const network_task task{o, k, fit, valid, m.feature_count(), states[k]};
      if (m.text)
        detail::train_network<true>(task);
      else
        detail::train_network<false>(task);
    } catch (const std::invalid_argument& e) {
      if (k < restored)
        throw restored_state_error("network " + std::to_string(k + 1) + ": " + e.what());
      throw;
    }
    const nn::parameters network = nn::mlp_parameters(states[k]);
    if (hooks.after) hooks.after(k, network);
    if (valid_rows.empty()) continue;
    oof.p(valid_rows, Eigen::all) = network_probabilities(m, network, valid, o.fit.threads);
    oof.rows.insert(oof.rows.end(), valid_rows.begin(), valid_rows.end());
    oof.folds.insert(oof.folds.end(), valid_rows.size(), int(k));
  }
  return oof;
}

}  // namespace metagrad::classify
