// The example models over sparse rows — two_towers (two inputs, a relu layer each, concat) and
// wide_and_deep (a linear layer's logits added to a relu layer's) — each learns seeded synthetic
// labels and predicts the same bits from its saved file.
#include <metagrad/data/text_vectorizer.hpp>

#include "examples/model_checks.hpp"
#include "support/synthetic_labels.hpp"
#include "two_towers_model.hpp"
#include "wide_and_deep_model.hpp"

namespace nn = metagrad::nn;
using metagrad::data::sparse_rows;
using test_support::synthetic_labels;

namespace {

sparse_rows sparse(const Eigen::MatrixXf& x) {
  sparse_rows s = x.sparseView();
  s.makeCompressed();
  return s;
}

}  // namespace

TEST_CASE("two_towers' model learns synthetic labels and predicts the same bits from its file",
          "[examples]") {
  const auto train = synthetic_labels(1500, 30, 5, true, 6),
             test = synthetic_labels(500, 30, 6, true, 6);
  using two_towers::model, two_towers::plot, two_towers::cast;
  const sparse_rows a = sparse(train.x.leftCols(20)), b = sparse(train.x.rightCols(10));
  const sparse_rows ta = sparse(test.x.leftCols(20)), tb = sparse(test.x.rightCols(10));
  decltype(model)::store store;
  const double f1 = test_support::learned_micro_f1(
      model, store, nn::dataset(plot = a, cast = b).with_labels(train.y),
      nn::dataset(plot = ta, cast = tb).with_labels(test.y));
  CHECK(f1 > 0.8);  // 0.894 measured
  test_support::check_round_trip(model, store, nn::dataset(plot = ta, cast = tb),
                                 "two_towers_test.params");
}

TEST_CASE("wide_and_deep's model learns synthetic labels and predicts the same bits from its file",
          "[examples]") {
  const auto train = synthetic_labels(1500, 30, 7, true, 6),
             test = synthetic_labels(500, 30, 8, true, 6);
  using wide_and_deep::model, wide_and_deep::words;
  const sparse_rows a = sparse(train.x), ta = sparse(test.x);
  decltype(model)::store store;
  const double f1 =
      test_support::learned_micro_f1(model, store, nn::dataset(words = a).with_labels(train.y),
                                     nn::dataset(words = ta).with_labels(test.y));
  CHECK(f1 > 0.8);  // 0.934 measured
  test_support::check_round_trip(model, store, nn::dataset(words = ta),
                                 "wide_and_deep_test.params");
}
