// The example models over dense rows — deep_mlp (two relu layers, dropout) and dense_classifier
// (784 -> 32 relu -> 10) — each learns seeded synthetic labels and predicts the same bits from
// its saved file.
#include "deep_mlp_model.hpp"
#include "dense_classifier_model.hpp"
#include "examples/model_checks.hpp"
#include "support/synthetic_labels.hpp"

namespace nn = metagrad::nn;
using test_support::synthetic_labels;

TEST_CASE("deep_mlp's model learns synthetic labels and predicts the same bits from its file",
          "[examples]") {
  const auto train = synthetic_labels(1500, 20, 1, false, 6),
             test = synthetic_labels(500, 20, 2, false, 6);
  using deep_mlp::model, deep_mlp::x;
  decltype(model)::store store;
  const double f1 =
      test_support::learned_micro_f1(model, store, nn::dataset(x = train.x).with_labels(train.y),
                                     nn::dataset(x = test.x).with_labels(test.y));
  CHECK(f1 > 0.85);  // 0.883 measured
  test_support::check_round_trip(model, store, nn::dataset(x = test.x), "deep_mlp_test.params");
}

TEST_CASE(
    "dense_classifier's model learns synthetic labels and predicts the same bits from its "
    "file",
    "[examples]") {
  const auto train = synthetic_labels(4000, 784, 3, false, 10),
             test = synthetic_labels(500, 784, 4, false, 10);
  constexpr auto model = nn::multilabel(dense_classifier_model::logits);
  constexpr auto x = dense_classifier_model::x;
  decltype(model)::store store;
  const double f1 =
      test_support::learned_micro_f1(model, store, nn::dataset(x = train.x).with_labels(train.y),
                                     nn::dataset(x = test.x).with_labels(test.y));
  CHECK(f1 > 0.65);  // 0.712 measured
  test_support::check_round_trip(model, store, nn::dataset(x = test.x),
                                 "dense_classifier_test.params");
}
