// Resumable training: nn::resume interrupted after any epoch, its state saved to a checkpoint file
// and read back, ends with the very parameters and history of an uninterrupted run — the genre
// classifier's network over dense and sparse inputs (lazy Adam's column-sparse moments, input
// dropout), with early stopping.
#include <metagrad/io/checkpoint_file.hpp>
#include <metagrad/io/checkpointer.hpp>
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/mlp_classifier.hpp>

#include <catch2/catch.hpp>

#include <csignal>
#include <random>
#include <stdexcept>

namespace nn = metagrad::nn;
namespace io = metagrad::io;
using matrix = Eigen::MatrixXf;

namespace {
struct stop_here {};  // thrown by after_epoch: the "kill"

template <class Features>
struct problem {
  Features x, vx;
  matrix y, vy;
};

// Labels are noisy functions of 30 features, a third of them non-zero (seed 11).
template <class Features>
problem<Features> make_problem() {
  std::mt19937 rng(11);
  std::normal_distribution<float> normal;
  std::bernoulli_distribution present(0.3);
  auto rows = [&](int n, matrix& y) {
    matrix x = matrix::Zero(n, 30);
    y = matrix::Zero(n, 3);
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < 30; ++j)
        if (present(rng)) x(i, j) = normal(rng);
      for (Eigen::Index l = 0; l < 3; ++l)
        y(i, l) = x.row(i).segment(l * 10, 10).sum() + 0.3f * normal(rng) > 0 ? 1.0f : 0.0f;
    }
    if constexpr (std::is_same_v<Features, matrix>)
      return x;
    else
      return Features(x.sparseView());
  };
  problem<Features> p;
  p.x = rows(400, p.y), p.vx = rows(100, p.vy);
  return p;
}

nn::fit_options options() {
  nn::fit_options o;
  o.epochs = 7, o.batch_size = 16, o.dropout = {{"hidden", 0.2}}, o.input_dropout = 0.1;
  o.patience = 2, o.seed = 3, o.threads = 2, o.monitor = nn::monitor_kind::micro_f1;
  return o;
}

// The classifier's network trained from state s (new: from the seed's parameters).
template <class Features>
void train(nn::training_state& s, const problem<Features>& d, const nn::fit_options& o,
           const Features* x = nullptr) {
  constexpr bool sparse = !std::is_same_v<Features, matrix>;
  using mlp = nn::mlp_classifier<sparse>;
  const Features& rows = x ? *x : d.x;
  typename mlp::store store;
  if (s.epochs_done == 0) store = mlp::initial(rows.cols(), 16, 3, o.seed);
  nn::resume(mlp::bce, store, s, nn::dataset(mlp::x = rows).with_labels(d.y), o,
             nn::dataset(mlp::x = d.vx).with_labels(d.vy));
}

void check_same(const nn::training_state& a, const nn::training_state& b) {
  CHECK(a.finished);
  CHECK(b.finished);
  CHECK(a.names == b.names);
  CHECK(a.current == b.current);
  REQUIRE(a.history.size() == b.history.size());
  for (std::size_t e = 0; e < a.history.size(); ++e) {
    CHECK(a.history[e].train_loss == b.history[e].train_loss);
    CHECK(a.history[e].validation_micro_f1 == b.history[e].validation_micro_f1);
    CHECK(a.history[e].kept == b.history[e].kept);
  }
}

template <class Features>
void check_resumes(nn::fit_options o) {
  const auto d = make_problem<Features>();
  nn::training_state whole;
  train(whole, d, o);
  REQUIRE(whole.epochs_done >= 2);
  for (int k = 1; k < whole.epochs_done; ++k) {
    INFO("interrupted after epoch " << k);
    const std::string path = "resume_test.checkpoint";
    nn::training_state s;
    nn::fit_options stopping = o;
    stopping.after_epoch = [&](const nn::training_state& now) {
      if (now.epochs_done < k) return;
      io::save(path, io::checkpoint{{{"run", "test"}}, {now}});
      throw stop_here{};
    };
    CHECK_THROWS_AS(train(s, d, stopping), stop_here);
    io::checkpoint c = io::load_checkpoint(path);
    REQUIRE(c.networks.size() == 1);
    CHECK(c.run.at("run") == "test");
    CHECK(c.networks[0].epochs_done == k);
    train(c.networks[0], d, o);  // as a new process would, from the file alone
    check_same(c.networks[0], whole);
  }
}
}  // namespace

TEST_CASE("dense training resumed after any epoch equals the uninterrupted run", "[resume]") {
  check_resumes<matrix>(options());
  nn::fit_options sgd = options();
  sgd.optimizer = {.kind = nn::optimizer_kind::sgd, .learning_rate = 0.1, .nesterov = true};
  check_resumes<matrix>(sgd);
}

TEST_CASE("sparse training (lazy Adam, input dropout) resumed after any epoch is the same",
          "[resume]") {
  check_resumes<metagrad::data::sparse_rows>(options());
}

TEST_CASE("a finished state is not trained further; fit() equals resume()", "[resume]") {
  const auto d = make_problem<matrix>();
  nn::training_state s;
  train(s, d, options());
  const nn::training_state finished = s;
  train(s, d, options());
  check_same(s, finished);
  CHECK(s.best.empty());  // what only training needs is let go
  CHECK(s.optimizer.m.empty());
  using mlp = nn::mlp_classifier<false>;
  auto store = mlp::initial(30, 16, 3, 3);
  const auto history = nn::fit(mlp::bce, store, nn::dataset(mlp::x = d.x).with_labels(d.y),
                               options(), nn::dataset(mlp::x = d.vx).with_labels(d.vy));
  CHECK(store.at("W1") == s.current[0]);
  CHECK(history.size() == s.history.size());
}

TEST_CASE("a saved state that does not fit the data is refused before it is used", "[resume]") {
  const auto d = make_problem<matrix>();
  nn::training_state s;
  nn::fit_options o = options();
  o.after_epoch = [](const nn::training_state& now) {
    if (now.epochs_done == 1) throw stop_here{};
  };
  CHECK_THROWS_AS(train(s, d, o), stop_here);
  SECTION("a row order with a row out of range") {
    s.order[5] = 400;
    CHECK_THROWS_WITH(train(s, d, options()),
                      "training state: its row order is not an order of the 400 training rows");
  }
  SECTION("a row order with a row twice") {
    s.order[5] = s.order[6];
    CHECK_THROWS_WITH(train(s, d, options()),
                      "training state: its row order is not an order of the 400 training rows");
  }
  SECTION("parameters of another shape") {
    const matrix fewer = d.x.leftCols(29);
    CHECK_THROWS_WITH(train(s, d, options(), &fewer),
                      Catch::StartsWith("training state: its parameters do not fit the data: "));
  }
  SECTION("parameters of another model") {
    s.names[0] = "hidden.W";
    CHECK_THROWS_WITH(train(s, d, options()),
                      "training state: its parameters are not this model's");
  }
  SECTION("moments of another shape") {
    s.optimizer.m[0].resize(2, 2);
    CHECK_THROWS_WITH(train(s, d, options()),
                      "optimizer state: its moments do not match the optimizer's parameters");
  }
  SECTION("a history shorter than the epochs done") {
    s.history.clear();
    CHECK_THROWS_WITH(train(s, d, options()),
                      "training state: its history does not have one record per epoch done");
  }
  SECTION("an unreadable generator") {
    s.rng = "not numbers";
    CHECK_THROWS_WITH(train(s, d, options()), "training state: its random generator is unreadable");
  }
}

TEST_CASE("SIGINT stops training after the epoch with a checkpoint that resumes it", "[resume]") {
  const auto d = make_problem<matrix>();
  nn::training_state whole;
  train(whole, d, options());
  REQUIRE(whole.epochs_done >= 3);
  const std::string path = "resume_test_signal.checkpoint";
  nn::fit_options o = options();
  o.after_epoch = io::checkpoint_every(path, 1e9);  // never by the clock: only on the signal
  o.on_epoch = [](const nn::epoch_record& r) {
    if (r.epoch == 2) std::raise(SIGINT);  // as a user's ^C during epoch 2
  };
  nn::training_state s;
  CHECK_THROWS_WITH(train(s, d, o),
                    "interrupted after epoch 2; to continue: nn::resume from the "
                    "state in resume_test_signal.checkpoint");
  io::checkpoint c = io::load_checkpoint(path);
  REQUIRE(c.networks.size() == 1);
  CHECK(c.networks[0].epochs_done == 2);
  train(c.networks[0], d, options());
  check_same(c.networks[0], whole);
}
