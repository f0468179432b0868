// The trainer: it learns seeded synthetic multi-label data; a NaN stops it with the epoch and
// batch while the parameters stay those of the last good step; the same seed gives the same model;
// for hamming loss the epoch of least log loss is kept.
#include <metagrad/nn/trainer.hpp>

#include <catch2/catch.hpp>

#include <random>

namespace nn = metagrad::nn;
using matrix = Eigen::MatrixXf;

namespace {
struct synthetic {
  matrix x, y;
};
// Labels are noisy linear functions of 20 features (seed 5).
synthetic make_data(int rows, std::mt19937& rng) {
  std::normal_distribution<float> normal;
  synthetic d{matrix(rows, 20), matrix(rows, 4)};
  for (Eigen::Index i = 0; i < d.x.size(); ++i) d.x(i) = normal(rng);
  std::mt19937 teacher_rng(99);
  matrix teacher(20, 4);
  for (Eigen::Index i = 0; i < teacher.size(); ++i)
    teacher(i) = std::normal_distribution<float>()(teacher_rng);
  const matrix score = d.x * teacher;
  for (Eigen::Index i = 0; i < d.y.size(); ++i)
    d.y(i) = score(i) + 0.5f * normal(rng) > 1.0f ? 1.0f : 0.0f;
  return d;
}
nn::training_options options() {
  nn::training_options o;
  o.hidden = 32, o.epochs = 15, o.batch_size = 32, o.dropout = 0.1, o.seed = 5;
  return o;
}
}  // namespace

TEST_CASE("the trainer learns seeded synthetic data to micro-F1 >= 0.85 (seed 5)", "[trainer]") {
  std::mt19937 rng(5);
  const synthetic train = make_data(2000, rng), valid = make_data(300, rng),
                  test = make_data(500, rng);
  nn::trainer<matrix> t(options());
  nn::parameters p = t.initial(20, 4);
  const auto history = t.fit(p, train.x, train.y, valid.x, valid.y);
  REQUIRE(!history.empty());
  CHECK(history.back().train_loss < history.front().train_loss);
  // The history: exactly one kept epoch, the best validation micro-F1; scores on both sides.
  std::size_t kept = 0, best = 0;
  for (std::size_t i = 0; i < history.size(); ++i) {
    kept += history[i].kept;
    if (history[i].validation_micro_f1 > history[best].validation_micro_f1) best = i;
    CHECK(history[i].train_micro_f1 > 0.5);
    CHECK(history[i].validation_label_f1.size() == 4);
  }
  CHECK(kept == 1);
  CHECK(history[best].kept);
  const matrix probabilities = nn::predict_probabilities(p, test.x);
  const matrix predicted = (probabilities.array() >= 0.5f).cast<float>();
  CHECK(metagrad::metrics::score_predictions(test.y, predicted).micro.f1 >= 0.85);
}

TEST_CASE("a NaN loss stops training with its epoch and batch; parameters stay good", "[trainer]") {
  std::mt19937 rng(5);
  synthetic train = make_data(64, rng);
  train.x(40, 3) = std::numeric_limits<float>::quiet_NaN();  // in the second batch of 32
  nn::training_options o = options();
  o.epochs = 1;
  nn::trainer<matrix> t(o);
  nn::parameters p = t.initial(20, 4);
  // The rows are shuffled, so the bad row lands in batch 1 or 2.
  CHECK_THROWS_WITH(t.fit(p, train.x, train.y, matrix(), matrix()),
                    Catch::Matches("epoch 1, batch [12]: the loss is NaN; training stopped and the "
                                   "parameters of the last good step are kept"));
  CHECK(p.W1.allFinite());
  CHECK(p.W2.allFinite());
  CHECK(p.b1.allFinite());
}

TEST_CASE("the same seed trains the same parameters, bit for bit", "[trainer]") {
  std::mt19937 rng(5);
  const synthetic train = make_data(300, rng), valid = make_data(100, rng);
  nn::training_options o = options();
  o.epochs = 3;
  nn::trainer<matrix> t(o);
  nn::parameters a = t.initial(20, 4), b = t.initial(20, 4);
  t.fit(a, train.x, train.y, valid.x, valid.y);
  t.fit(b, train.x, train.y, valid.x, valid.y);
  CHECK(a.W1 == b.W1);
  CHECK(a.W2 == b.W2);
}

TEST_CASE("for hamming loss the kept epoch is the one of least validation log loss", "[trainer]") {
  std::mt19937 rng(5);
  const synthetic train = make_data(120, rng), valid = make_data(200, rng);
  nn::training_options o = options();
  o.epochs = 40, o.patience = 40, o.hidden = 64, o.dropout = 0;
  o.optimizer.learning_rate = 0.01;  // it overfits from about epoch 16: loss and F1 part ways
  o.selection = metagrad::metrics::threshold_objective::hamming;
  nn::trainer<matrix> t(o);
  nn::parameters p = t.initial(20, 4);
  const auto history = t.fit(p, train.x, train.y, valid.x, valid.y);
  REQUIRE(history.size() == 40);
  std::size_t least = 0, kept = history.size();
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (history[i].validation_loss < history[least].validation_loss) least = i;
    if (history[i].kept) kept = i;
  }
  CHECK(kept == least);
  // The kept parameters are that epoch's: their validation log loss is its.
  const double loss = metagrad::metrics::mean_bce(nn::predict_probabilities(p, valid.x), valid.y);
  CHECK(loss == Approx(history[least].validation_loss).epsilon(1e-6));
}
