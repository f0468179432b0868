// The genre classifier's network trained through nn::fit, as the program trains it: it learns
// seeded synthetic multi-label data; its history records train and validation scores (per label
// too) with one kept epoch; a NaN stops it with the epoch and batch; balanced weights reach the
// asymmetric loss as sample weights.
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/mlp_classifier.hpp>
#include <metagrad/nn/predict_probabilities.hpp>

#include <catch2/catch.hpp>

#include <limits>

#include "support/synthetic_labels.hpp"

namespace nn = metagrad::nn;
using matrix = Eigen::MatrixXf;
using mlp = nn::mlp_classifier<false>;

namespace {
nn::fit_options options() {
  nn::fit_options o;
  o.epochs = 15, o.dropout = {{"hidden", 0.1}}, o.seed = 5, o.patience = 2;
  o.monitor = nn::monitor_kind::micro_f1;
  return o;
}
nn::dataset rows(const test_support::labelled_rows& d) {
  return nn::dataset(mlp::x = d.x).with_labels(d.y);
}
}  // namespace

TEST_CASE("the classifier's network learns seeded data to micro-F1 >= 0.85 (seed 5)", "[mlp]") {
  const auto train = test_support::synthetic_labels(2000, 20, 5),
             valid = test_support::synthetic_labels(300, 20, 6),
             test = test_support::synthetic_labels(500, 20, 7);
  auto store = mlp::initial(20, 32, 4, 5);
  const auto history = nn::fit(mlp::bce, store, rows(train), options(), rows(valid));
  REQUIRE(!history.empty());
  CHECK(history.back().train_loss < history.front().train_loss);
  std::size_t kept = 0;
  for (const auto& r : history) {
    kept += r.kept;
    CHECK(r.train_micro_f1 > 0);
    CHECK(r.validation_label_f1.size() == 4);
  }
  CHECK(kept == 1);
  CHECK(history.back().train_micro_f1 > 0.8);
  CHECK(history.back().validation_micro_f1 > 0.8);
  const nn::parameters p{store.at("W1"), store.at("b1"), store.at("W2"), store.at("b2")};
  const matrix probabilities = nn::predict_probabilities(p, test.x);
  CHECK(probabilities == nn::predict_proba(mlp::bce, store, rows(test)));
  const matrix predicted = (probabilities.array() >= 0.5f).cast<float>();
  CHECK(metagrad::metrics::score_predictions(test.y, predicted).micro.f1 >= 0.85);
}

TEST_CASE("a NaN loss stops the network's training with its epoch and batch", "[mlp]") {
  auto train = test_support::synthetic_labels(64, 20, 5);
  train.x(40, 3) = std::numeric_limits<float>::quiet_NaN();
  nn::fit_options o = options();
  o.epochs = 1;
  auto store = mlp::initial(20, 32, 4, 5);
  // The rows are shuffled, so the bad row lands in batch 1 or 2.
  CHECK_THROWS_WITH(nn::fit(mlp::bce, store, rows(train), o),
                    Catch::Matches("epoch 1, batch [12]: the loss is NaN; training stopped and the "
                                   "parameters of the last good step kept"));
  CHECK(store.at("W1").allFinite());
  CHECK(store.at("W2").allFinite());
}

TEST_CASE("balanced weights reach the asymmetric loss as sample weights", "[mlp]") {
  const auto train = test_support::synthetic_labels(200, 20, 8);
  nn::fit_options o = options();
  o.epochs = 1, o.scalars = {{"gamma_pos", 0}, {"gamma_neg", 4}, {"margin", 0.05}};
  auto plain = mlp::initial(20, 32, 4, 5), balanced = plain;
  const double loss = nn::fit(mlp::asl, plain, rows(train), o).front().train_loss;
  o.balanced = true;
  CHECK(nn::fit(mlp::asl, balanced, rows(train), o).front().train_loss != loss);
}
