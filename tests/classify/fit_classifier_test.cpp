// The classifier's training on seeded toy sets. Cross-fitted networks: every training row gets one
// out-of-fold probability, from the network of its fold, which never trained on it; thresholds
// tuned on those probabilities score the test rows as well as they score the training rows out of
// fold; a checkpoint's finished networks are taken as they are. The validation plan's rule (how
// many networks, which patience). fit_classifier: the networks, the linear member, the thresholds
// and the first layers' bits chosen out of fold, said in its lines, and the model it leaves
// predicting rows it never saw. (One file: each instantiates fit for every input and loss.)
#include <metagrad/classify/classifier.hpp>
#include <metagrad/classify/fit_classifier.hpp>
#include <metagrad/data/stratified_split.hpp>
#include <metagrad/metrics/threshold_choice.hpp>

#include <catch2/catch.hpp>

#include <random>
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

matrix random_labels(Eigen::Index rows, unsigned seed) {
  std::mt19937 g(seed);
  std::bernoulli_distribution on(0.3);
  matrix y(rows, 3);
  for (Eigen::Index i = 0; i < y.size(); ++i) y.data()[i] = on(g) ? 1.f : 0.f;
  return y;
}

// Every row in one list at most; `all`: every row in one.
void check_disjoint(const classify::validation_plan& p, Eigen::Index rows, bool all) {
  std::set<Eigen::Index> seen;
  std::size_t listed = 0;
  for (const auto& part : p.held_out) {
    CHECK(!part.empty());
    seen.insert(part.begin(), part.end()), listed += part.size();
  }
  CHECK(seen.size() == listed);
  if (all) CHECK(Eigen::Index(seen.size()) == rows);
}

classify::classifier_options toy_options() {
  classify::classifier_options o;
  o.networks = options();
  o.validation.folds = 3, o.validation.seed = 9;
  return o;
}

struct trained {
  metagrad::io::classifier_file m = toy_model();
  std::vector<std::string> lines;
  int linear_calls = 0;
};

trained fit_toy(const classify::classifier_options& o) {
  trained t;
  const classify::example_rows training = rows(test_support::synthetic_labels(600, 6, 1));
  classify::classifier_hooks hooks;
  hooks.log = [&](const std::string& line) { t.lines.push_back(line); };
  hooks.linear_chosen = [&](const metagrad::io::classifier_file&) { ++t.linear_calls; };
  std::vector<nn::training_state> states;
  classify::fit_classifier(t.m, training, o, states, hooks);
  CHECK(states.empty());  // moved into the members
  return t;
}

bool said(const trained& t, const std::string& start) {
  for (const auto& line : t.lines)
    if (line.rfind(start, 0) == 0) return true;
  return false;
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
    seen.before = [&](const classify::network_start& s) { restored.push_back(s.restored); };
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

TEST_CASE("the validation plan: five networks up to 10,000 rows, six up to 100,000, then one",
          "[classify]") {
  classify::validation_options o;
  o.seed = 4;
  auto p = classify::plan_validation(random_labels(8000, 1), o);
  CHECK(p.held_out.size() == 5);
  CHECK(p.patience == 2);
  check_disjoint(p, 8000, true);
  p = classify::plan_validation(random_labels(20000, 2), o);
  CHECK(p.held_out.size() == 6);
  CHECK(p.patience == 1);
  check_disjoint(p, 20000, true);
  p = classify::plan_validation(random_labels(200000, 3), o);
  REQUIRE(p.held_out.size() == 1);
  CHECK(std::abs(double(p.held_out[0].size()) - 20000) < 200);  // a 10% split
  CHECK(p.patience == 2);
  // Given: a fraction asks for one network; folds and patience as given; no validation rows.
  o.fraction_given = true, o.fraction = 0.2;
  p = classify::plan_validation(random_labels(1000, 5), o);
  REQUIRE(p.held_out.size() == 1);
  CHECK(std::abs(double(p.held_out[0].size()) - 200) < 10);
  o.fraction = 0;
  p = classify::plan_validation(random_labels(1000, 5), o);
  CHECK(p.held_out == std::vector<std::vector<Eigen::Index>>{{}});
  o.folds = 3, o.patience = 5;
  p = classify::plan_validation(random_labels(1000, 6), o);
  CHECK(p.held_out.size() == 3);
  CHECK(p.patience == 5);
  check_disjoint(p, 1000, true);
  o.folds = 5;
  CHECK_THROWS_WITH(classify::plan_validation(random_labels(4, 7), o),
                    "5 folds for 4 training rows: a fold needs at least one row");
}

TEST_CASE("fit_classifier: networks, linear member, thresholds and bits chosen out of fold",
          "[classify]") {
  const trained t = fit_toy(toy_options());
  for (const auto& line : t.lines) INFO(line);
  REQUIRE(t.m.members.size() == 3);
  CHECK(said(t, "network 1 of 3: training on 400 rows (200 for validation), 6 features, 4 labels"));
  CHECK(said(t, "linear member: C 10, weight "));
  CHECK(said(t, "thresholds: "));
  CHECK(said(t, "first layers: "));
  CHECK(t.linear_calls == 1);
  CHECK(t.m.linear_weight >= 0);
  CHECK(t.m.linear_weight <= 1);
  REQUIRE(t.m.thresholds.size() == 4);
  for (double th : t.m.thresholds) CHECK(th > 0);
  CHECK(std::set<int>{3, 4, 8, 32}.count(t.m.first_layer_bits) == 1);
  // The model in memory is the one its file holds.
  CHECK(metagrad::io::stored_first_layer(t.m.members[0].W1, t.m.first_layer_bits) ==
        t.m.members[0].W1);
  // Rows it never saw: labelled as well as the toy's cross-fitted networks label them.
  const classify::example_rows test = rows(test_support::synthetic_labels(600, 6, 2));
  const classify::classifier c(t.m);
  const double f1 = mm::score_predictions(
                        test.labels, mm::threshold_scores(c.predict_proba(test, 1), c.thresholds()))
                        .micro.f1;
  INFO("test micro-F1 " << f1);
  CHECK(f1 > 0.75);
}

TEST_CASE("fit_classifier keeps what is given: no linear member, the bits, no validation rows",
          "[classify]") {
  classify::classifier_options o = toy_options();
  o.linear_weight = 0, o.first_layer_bits = 8;
  trained t = fit_toy(o);
  CHECK(t.m.linear_weight == 0);
  CHECK(!said(t, "linear member"));
  CHECK(t.m.first_layer_bits == 8);
  CHECK(!said(t, "first layers"));
  // One network and no validation rows: nothing to choose on, said; thresholds 0.5.
  o = toy_options();
  o.validation.folds = 1, o.validation.fraction_given = true, o.validation.fraction = 0;
  o.networks.fit.epochs = 2;
  t = fit_toy(o);
  CHECK(t.m.members.size() == 1);
  CHECK(said(t, "training on 600 rows (0 for validation)"));
  CHECK(said(t, "linear member: none (no validation rows to choose its weight on"));
  CHECK(t.m.thresholds == std::vector<double>(4, 0.5));
  CHECK(t.m.first_layer_bits == 32);
}
