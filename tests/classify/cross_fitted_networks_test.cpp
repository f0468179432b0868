// The classifier's cross-fitted networks on a seeded toy set: every training row gets one
// out-of-fold probability, from the network of its fold, which never trained on it; thresholds
// tuned on those probabilities score the test rows as well as they score the training rows out
// of fold; a checkpoint's finished networks are taken as they are.
#include <metagrad/classify/cross_fitted_networks.hpp>
#include <metagrad/data/stratified_split.hpp>
#include <metagrad/metrics/threshold_choice.hpp>

#include <catch2/catch.hpp>

#include <set>

#include "support/synthetic_labels.hpp"

namespace classify = metagrad::classify;
namespace mm = metagrad::metrics;
namespace nn = metagrad::nn;
using matrix = Eigen::MatrixXf;

namespace {

// A numeric model of six features and four labels (the file's networks are trained here).
metagrad::io::classifier_file toy_model() {
  metagrad::io::classifier_file m;
  m.text = false;
  m.feature_columns = {"f0", "f1", "f2", "f3", "f4", "f5"};
  m.labels = m.label_columns = {"a", "b", "c", "d"};
  return m;
}

classify::example_rows rows(const test_support::labelled_rows& d) {
  classify::example_rows e;
  e.numeric = d.x, e.labels = d.y;
  return e;
}

classify::network_options options() {
  classify::network_options o;
  o.hidden = 16;
  o.fit.epochs = 8, o.fit.seed = 3, o.fit.threads = 1, o.fit.patience = 2;
  o.fit.optimizer.learning_rate = 0.01, o.fit.dropout = {{"hidden", 0.1}};
  o.fit.monitor = nn::monitor_kind::micro_f1;
  return o;
}

}  // namespace

TEST_CASE("cross-fitted networks give each row one out-of-fold probability", "[classify]") {
  const auto m = toy_model();
  const classify::example_rows training = rows(test_support::synthetic_labels(600, 6, 1));
  const auto folds = metagrad::data::stratified_folds(training.labels, 3, 9);
  std::vector<nn::training_state> states;
  std::vector<nn::parameters> networks;
  classify::network_hooks hooks;
  hooks.after = [&](std::size_t, const nn::parameters& p) { networks.push_back(p); };
  const classify::out_of_fold oof =
      classify::train_cross_fitted(m, training, folds, states, options(), hooks);
  REQUIRE(states.size() == 3);
  REQUIRE(networks.size() == 3);
  // Every row once, and by the network of its fold: that network's own prediction of it.
  CHECK(std::set<Eigen::Index>(oof.rows.begin(), oof.rows.end()).size() == 600);
  REQUIRE(oof.rows.size() == 600);
  for (std::size_t k = 0; k < 3; ++k) {
    const classify::example_rows held = classify::select(m, training, folds[k]);
    const matrix own = classify::network_probabilities(m, networks[k], held, 1);
    CHECK(oof.p(folds[k], Eigen::all) == own);
    for (std::size_t i = 0; i < oof.rows.size(); ++i)
      if (std::find(folds[k].begin(), folds[k].end(), oof.rows[i]) != folds[k].end())
        CHECK(oof.folds[i] == int(k));
    CHECK(states[k].finished);
    CHECK(states[k].current.size() == 4);
  }
  // Out-of-fold thresholds: the test rows score as the training rows did out of fold.
  const mm::threshold_choice cuts =
      mm::choose_thresholds(training.labels(oof.rows, Eigen::all), oof.p(oof.rows, Eigen::all),
                            oof.folds, mm::threshold_objective::micro_f1);
  const classify::example_rows test = rows(test_support::synthetic_labels(600, 6, 2));
  matrix ensemble = matrix::Zero(600, 4);
  for (const auto& p : networks) ensemble += classify::network_probabilities(m, p, test, 1) / 3;
  const double test_f1 =
      mm::score_predictions(test.labels, mm::threshold_scores(ensemble, cuts.thresholds)).micro.f1;
  INFO("out of fold " << cuts.nested.micro_f1 << ", test " << test_f1);
  CHECK(cuts.nested.micro_f1 > 0.75);
  CHECK(std::abs(test_f1 - cuts.nested.micro_f1) < 0.05);

  SECTION("a checkpoint's finished networks are not trained again") {
    std::vector<nn::training_state> saved(states.begin(), states.begin() + 2);
    std::vector<bool> restored;
    classify::network_hooks seen;
    seen.before = [&](std::size_t, std::size_t, std::size_t, bool r) { restored.push_back(r); };
    const auto again = classify::train_cross_fitted(m, training, folds, saved, options(), seen);
    CHECK(restored == std::vector<bool>{true, true, false});
    CHECK(again.p == oof.p);  // the third trains as it did: same seed, same rows
  }
  SECTION("a checkpoint with more networks than the run is refused") {
    std::vector<nn::training_state> more = states;
    more.emplace_back();
    CHECK_THROWS_WITH(classify::train_cross_fitted(m, training, folds, more, options()),
                      "it holds more networks (4) than the run has (3)");
  }
}
