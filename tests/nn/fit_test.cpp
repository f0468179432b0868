// nn::fit on models written as expressions: a deep network with dropout, a sparse-input layer,
// two input towers. Each learns seeded synthetic labels (judged on rows it did not see), the same
// seed gives the same bits, early stopping keeps its best epoch, a NaN stops with a sentence.
#include <metagrad/metagrad.hpp>
#include <metagrad/nn/dense.hpp>
#include <metagrad/nn/dropout.hpp>
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/predict.hpp>

#include <Eigen/SparseCore>
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "support/synthetic_labels.hpp"

namespace mg = metagrad;
namespace nn = metagrad::nn;
using matrix = Eigen::MatrixXf;

namespace {

constexpr auto x = mg::input<"x">;
constexpr auto deep = nn::multilabel(nn::dense<"out", 4>(
    nn::dropout<"h2", 0.2>(mg::relu(nn::dense<"h2", 32>(mg::relu(nn::dense<"h1", 32>(x)))))));

using synthetic = test_support::labelled_rows;

synthetic make_data(int rows, int features, unsigned seed, bool sparse = false) {
  return test_support::synthetic_labels(rows, features, seed, sparse);
}

nn::fit_options quick() {
  nn::fit_options o;
  o.epochs = 15;
  o.optimizer.learning_rate = 0.01;
  o.validation_split = 0.2;
  o.threads = 1;
  return o;
}

}  // namespace

TEST_CASE("fit trains a deep network with dropout that predicts unseen rows", "[fit]") {
  const synthetic train = make_data(800, 10, 1), test = make_data(400, 10, 2);
  decltype(deep)::store store;
  const auto history = nn::fit(deep, store, nn::dataset(x = train.x).with_labels(train.y), quick());
  REQUIRE(!history.empty());
  CHECK(history.back().train_loss < 0.6 * history.front().train_loss);
  CHECK(std::count_if(history.begin(), history.end(), [](auto& r) { return r.kept; }) == 1);
  const auto scores = nn::evaluate(deep, store, nn::dataset(x = test.x).with_labels(test.y));
  CHECK(scores.micro.f1 > 0.85);
  // Inference has no dropout: the mask is no leaf of the prediction graph.
  using predict_topo = decltype(deep)::predict_program::topo;
  for (const auto& e : predict_topo::entries) CHECK(e.record->name != "h2.mask");
}

TEST_CASE("the same seed trains the same bits; another seed does not", "[fit]") {
  const synthetic train = make_data(200, 6, 3);
  auto o = quick();
  o.epochs = 3;
  decltype(deep)::store a, b, c;
  const nn::dataset d = nn::dataset(x = train.x).with_labels(train.y);
  nn::fit(deep, a, d, o);
  nn::fit(deep, b, d, o);
  o.seed = 43;
  nn::fit(deep, c, d, o);
  CHECK(a.at("h1.W") == b.at("h1.W"));
  CHECK(a.at("out.b") == b.at("out.b"));
  CHECK(a.at("h1.W") != c.at("h1.W"));
}

TEST_CASE("early stopping keeps the best validation epoch", "[fit]") {
  const synthetic train = make_data(300, 6, 4);
  auto o = quick();
  o.epochs = 40, o.patience = 2, o.optimizer.learning_rate = 0.05;
  std::vector<double> losses;
  o.on_epoch = [&](const nn::epoch_record& r) { losses.push_back(r.validation_loss); };
  decltype(deep)::store store;
  const auto history = nn::fit(deep, store, nn::dataset(x = train.x).with_labels(train.y), o);
  const auto kept = std::find_if(history.begin(), history.end(), [](auto& r) { return r.kept; });
  REQUIRE(kept != history.end());
  CHECK(kept->validation_loss == *std::min_element(losses.begin(), losses.end()));
  CHECK(history.size() == std::size_t(kept - history.begin()) + 3);  // two epochs past the best
}

TEST_CASE("a NaN stops training with its epoch and batch, keeping the last good step", "[fit]") {
  synthetic train = make_data(64, 6, 5);
  train.x(40, 2) = std::numeric_limits<float>::quiet_NaN();
  auto o = quick();
  o.validation_split = 0, o.batch_size = 64;
  decltype(deep)::store store;
  nn::initialize(store, {{"x", {64, 6}}}, {}, deep.loss);
  const decltype(deep)::store before = store;
  try {
    nn::fit(deep, store, nn::dataset(x = train.x).with_labels(train.y), o);
    FAIL("no error");
  } catch (const nn::training_error& e) {
    CHECK(std::string(e.what()) ==
          "epoch 1, batch 1: the loss is NaN; training stopped and the parameters of the last "
          "good step kept");
  }
  CHECK(store.at("h1.W") == before.at("h1.W"));
}

TEST_CASE("a layer over sparse rows and two input towers train", "[fit]") {
  const synthetic train = make_data(600, 8, 6, true), test = make_data(300, 8, 7, true);
  constexpr auto text = mg::sparse_input<"text">;
  constexpr auto bag = nn::multilabel(nn::dense<"out", 4>(mg::relu(nn::dense<"bag", 16>(text))));
  decltype(bag)::store bag_store;
  mg::data::sparse_rows sparse = train.x.sparseView(), sparse_test = test.x.sparseView();
  sparse.makeCompressed(), sparse_test.makeCompressed();
  nn::fit(bag, bag_store, nn::dataset(text = sparse).with_labels(train.y), quick());
  CHECK(bag_store.at("bag.W").rows() == 16);  // feature-major
  CHECK(nn::evaluate(bag, bag_store, nn::dataset(text = sparse_test).with_labels(test.y)).micro.f1 >
        0.8);

  // Towers: the first four features through one layer, the last four through another.
  constexpr auto left = mg::input<"left">;
  constexpr auto right = mg::input<"right">;
  constexpr auto towers = nn::multilabel(nn::dense<"out", 4>(
      mg::relu(nn::dense<"left", 16>(left)) + mg::relu(nn::dense<"right", 16>(right))));
  decltype(towers)::store store;
  const matrix l = train.x.leftCols(4), r = train.x.rightCols(4);
  nn::fit(towers, store, nn::dataset(left = l, right = r).with_labels(train.y), quick());
  const matrix tl = test.x.leftCols(4), tr = test.x.rightCols(4);
  CHECK(
      nn::evaluate(towers, store, nn::dataset(left = tl, right = tr).with_labels(test.y)).micro.f1 >
      0.8);
}

TEST_CASE("dropout masks the training steps and leaves inference alone", "[fit]") {
  const synthetic train = make_data(256, 6, 8);
  constexpr auto plain = nn::multilabel(nn::dense<"out", 4>(mg::relu(nn::dense<"h", 32>(x))));
  constexpr auto dropped =
      nn::multilabel(nn::dense<"out", 4>(nn::dropout<"h", 0.5>(mg::relu(nn::dense<"h", 32>(x)))));
  auto o = quick();
  o.epochs = 1, o.validation_split = 0, o.batch_size = 64;
  o.optimizer.kind = nn::optimizer_kind::sgd, o.optimizer.learning_rate = 0;  // nothing moves
  decltype(plain)::store a;
  decltype(dropped)::store b;
  const nn::dataset d = nn::dataset(x = train.x).with_labels(train.y);
  const double without = nn::fit(plain, a, d, o).front().train_loss;
  const double with = nn::fit(dropped, b, d, o).front().train_loss;
  CHECK(a.at("h.W") == b.at("h.W"));  // the same start, and unmoved
  CHECK(std::abs(with - without) > 0.01 * without);
  CHECK(nn::predict_proba(plain, a, d) == nn::predict_proba(dropped, b, d));
}

TEST_CASE("a dropout mask drops a share within 3 sigma of the rate and rescales the rest",
          "[fit]") {
  std::mt19937_64 rng(9);
  Eigen::MatrixXf mask;
  for (const double rate : {0.1, 0.5, 0.8}) {
    nn::draw_dropout_mask(mask, 200, 100, rate, rng);
    REQUIRE(mask.size() == 20000);
    const double n = double(mask.size()), dropped = double((mask.array() == 0).count());
    CHECK(std::abs(dropped - rate * n) <= 3 * std::sqrt(n * rate * (1 - rate)));
    CHECK(((mask.array() == 0) || (mask.array() == float(1 / (1 - rate)))).all());
  }
}

TEST_CASE("a focal-loss model trains, balanced by sample weights", "[fit]") {
  const synthetic train = make_data(800, 10, 10), test = make_data(400, 10, 11);
  constexpr auto focal = nn::multilabel(decltype(deep)::logits, nn::focal);
  decltype(focal)::store store;
  auto o = quick();
  o.balanced = true, o.focal_gamma = 1;
  const auto history = nn::fit(focal, store, nn::dataset(x = train.x).with_labels(train.y), o);
  CHECK(history.back().train_loss < 0.6 * history.front().train_loss);
  CHECK(nn::evaluate(focal, store, nn::dataset(x = test.x).with_labels(test.y)).micro.f1 > 0.8);
}
