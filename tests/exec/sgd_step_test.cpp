// workspace::sgd_step: plain SGD with the weight updates folded into the gradients' kernels equals
// run() followed by p -= learning_rate * g from the gradient buffers, for dense and sparse first
// layers in both storage orders; a parameter read after its gradient's kernel is not folded (and
// still updated right); a parameter bound const is refused.
#include <metagrad/metagrad.hpp>

#include <Eigen/SparseCore>
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "support/random_sparse.hpp"

namespace mg = metagrad;
using matrix = Eigen::MatrixXd;
using sparse = metagrad::testing::sparse_rows;
using metagrad::testing::random_sparse;

namespace {

constexpr auto x = mg::input<"x">;
constexpr auto xs = mg::sparse_input<"x">;
constexpr auto y = mg::input<"y">;
constexpr auto W1 = mg::param<"W1">;
constexpr auto b1 = mg::param<"b1", 1, mg::dyn>;
constexpr auto W2 = mg::param<"W2">;
constexpr auto b2 = mg::param<"b2", 1, mg::dyn>;
constexpr double lr = 0.3;

constexpr auto dense_loss = mg::mean(mg::bce_with_logits(mg::relu(x * W1 + b1) * W2 + b2, y));

struct weights {
  matrix w1, c1, w2, c2;
  weights(int in, int hidden, int out) {
    w1 = matrix::Random(in, hidden), c1 = matrix::Random(1, hidden);
    w2 = matrix::Random(hidden, out), c2 = matrix::Random(1, out);
  }
};

// The number of parameters whose update the step folds into a kernel.
template <class Program, class Grads>
constexpr std::size_t folded_count() {
  std::size_t n = 0;
  for (std::size_t k : Program::template sgd_schedule<Grads>::folded) n += k != mg::graph::npos;
  return n;
}

template <class Program, class Grads, class Param>
constexpr bool folded(Param) {
  constexpr std::size_t g = Program::topo::template index_of<decltype(Grads{}[Param{}])>;
  return Program::template sgd_schedule<Grads>::folded[g] != mg::graph::npos;
}

// `steps` SGD steps of the dense model from the same weights, by sgd_step and by run() followed
// by p -= lr g from the gradient buffers: the losses and every parameter agree, and the parameters
// moved.
template <class Grads>
void check_dense_steps(Grads g, int rows, int in, int hidden, int out, int steps) {
  const matrix X = matrix::Random(rows, in);
  const matrix Y = (matrix::Random(rows, out).array() > 0).cast<double>();
  const weights start(in, hidden, out);
  weights fused = start, plain = start;
  auto wf =
      mg::compile(dense_loss, g)
          .workspace(x = X, y = Y, W1 = fused.w1, b1 = fused.c1, W2 = fused.w2, b2 = fused.c2);
  auto wp =
      mg::compile(dense_loss, g)
          .workspace(x = X, y = Y, W1 = plain.w1, b1 = plain.c1, W2 = plain.w2, b2 = plain.c2);
  for (int step = 0; step < steps; ++step) {
    wf.sgd_step(lr, g);
    wp.run();
    CHECK(wf[dense_loss](0, 0) == Approx(wp[dense_loss](0, 0)).epsilon(1e-14));
    plain.w1 -= lr * matrix(wp[g[W1]]), plain.c1 -= lr * matrix(wp[g[b1]]);
    plain.w2 -= lr * matrix(wp[g[W2]]), plain.c2 -= lr * matrix(wp[g[b2]]);
    CHECK(fused.w1.isApprox(plain.w1, 1e-13));
    CHECK(fused.c1.isApprox(plain.c1, 1e-13));
    CHECK(fused.w2.isApprox(plain.w2, 1e-13));
    CHECK(fused.c2.isApprox(plain.c2, 1e-13));
  }
  CHECK(!fused.w1.isApprox(start.w1));
  CHECK(!fused.w2.isApprox(start.w2));
}

}  // namespace

TEST_CASE("sgd_step folds the weight updates into the products and equals run() + SGD", "[sgd]") {
  constexpr auto g = mg::grad(dense_loss, W1, b1, W2, b2);
  using program = decltype(mg::compile(dense_loss, g));
  STATIC_REQUIRE(folded<program, decltype(g)>(W1));
  STATIC_REQUIRE(folded<program, decltype(g)>(W2));
  STATIC_REQUIRE(folded_count<program, decltype(g)>() == 4);  // the biases' too: column sums
  check_dense_steps(g, 12, 7, 5, 4, 3);
  check_dense_steps(g, 1, 7, 5, 4, 3);  // a batch of one: each weight's step is an outer product
}

TEST_CASE("a parameter read after its gradient's kernel is updated after every kernel", "[sgd]") {
  // With W2's gradient first among the roots, its product runs before dL/dh = dL/dz W2^T reads W2:
  // folding it there would feed the new W2 to W1's gradient.
  constexpr auto g = mg::grad(dense_loss, W2, b2, W1, b1);
  using program = decltype(mg::compile(dense_loss, g));
  STATIC_REQUIRE(!folded<program, decltype(g)>(W2));
  STATIC_REQUIRE(folded<program, decltype(g)>(W1));
  check_dense_steps(g, 9, 6, 4, 3, 2);
  check_dense_steps(g, 1, 6, 4, 3, 2);
}

// `extra`: more roots to compile with the gradients (one that reads W1's gradient keeps its update
// out of the kernel: then it is taken from the buffer, touched rows only).
TEST_CASE("sgd_step on a sparse first layer, in either storage order, updates the touched rows",
          "[sgd][sparse]") {
  std::mt19937 rng(11);
  const matrix Y = (matrix::Random(10, 3).array() > 0).cast<double>();
  auto check_model = [&](auto loss, auto g, matrix first_layer, bool by_column, auto... extra) {
    weights fused(1, 6, 3);
    fused.w1 = first_layer;
    weights plain = fused;
    sparse X = random_sparse(10, 30, 0.1, rng);
    auto wf =
        mg::compile(loss, g, extra...)
            .workspace(xs = X, y = Y, W1 = fused.w1, b1 = fused.c1, W2 = fused.w2, b2 = fused.c2);
    auto wp =
        mg::compile(loss, g, extra...)
            .workspace(xs = X, y = Y, W1 = plain.w1, b1 = plain.c1, W2 = plain.w2, b2 = plain.c2);
    for (int step = 0; step < 3; ++step) {
      X = random_sparse(10, 30, 0.1, rng);  // another batch, other features
      wf.bind(xs = X), wp.bind(xs = X);
      wf.sgd_step(lr, g);
      wp.run();
      for (int f : wp.touched_features(g[W1])) {
        if (by_column)
          plain.w1.col(f) -= lr * matrix(wp[g[W1]]).col(f);
        else
          plain.w1.row(f) -= lr * matrix(wp[g[W1]]).row(f);
      }
      plain.c1 -= lr * matrix(wp[g[b1]]);
      plain.w2 -= lr * matrix(wp[g[W2]]), plain.c2 -= lr * matrix(wp[g[b2]]);
      CHECK(fused.w1.isApprox(plain.w1, 1e-13));
      CHECK(fused.c1.isApprox(plain.c1, 1e-13));
      CHECK(fused.w2.isApprox(plain.w2, 1e-13));
    }
  };
  constexpr auto rows = mg::mean(mg::bce_with_logits(mg::relu(xs * W1 + b1) * W2 + b2, y));
  constexpr auto g_rows = mg::grad(rows, W1, b1, W2, b2);
  STATIC_REQUIRE(folded<decltype(mg::compile(rows, g_rows)), decltype(g_rows)>(W1));
  check_model(rows, g_rows, matrix::Random(30, 6), false);
  constexpr auto columns =
      mg::mean(mg::bce_with_logits(mg::relu(xs * mg::transpose(W1) + b1) * W2 + b2, y));
  constexpr auto g_columns = mg::grad(columns, W1, b1, W2, b2);
  STATIC_REQUIRE(folded<decltype(mg::compile(columns, g_columns)), decltype(g_columns)>(W1));
  check_model(columns, g_columns, matrix::Random(6, 30), true);

  // With the squared norm of W1's gradient also computed, its buffer must be written.
  constexpr auto norm_rows = mg::sum(mg::mul(g_rows[W1], g_rows[W1]));
  STATIC_REQUIRE(!folded<decltype(mg::compile(rows, g_rows, norm_rows)), decltype(g_rows)>(W1));
  check_model(rows, g_rows, matrix::Random(30, 6), false, norm_rows);
  constexpr auto norm_columns = mg::sum(mg::mul(g_columns[W1], g_columns[W1]));
  STATIC_REQUIRE(
      !folded<decltype(mg::compile(columns, g_columns, norm_columns)), decltype(g_columns)>(W1));
  check_model(columns, g_columns, matrix::Random(6, 30), true, norm_columns);
}

TEST_CASE("sgd_step adds a row sum into its parameter, inside the reduction", "[sgd]") {
  constexpr auto s = mg::param<"s">;  // a weight per sample: its gradient sums along each row
  constexpr auto loss = mg::mean(mg::bce_with_logits(mg::mul_col(x * W1, s), y));
  constexpr auto g = mg::grad(loss, W1, s);
  using program = decltype(mg::compile(loss, g));
  STATIC_REQUIRE(folded<program, decltype(g)>(s));
  const matrix X = matrix::Random(8, 5);
  const matrix Y = (matrix::Random(8, 3).array() > 0).cast<double>();
  matrix w1 = matrix::Random(5, 3), s1 = matrix::Random(8, 1);
  matrix w1_plain = w1, s1_plain = s1;
  auto wf = mg::compile(loss, g).workspace(x = X, y = Y, W1 = w1, s = s1);
  auto wp = mg::compile(loss, g).workspace(x = X, y = Y, W1 = w1_plain, s = s1_plain);
  for (int step = 0; step < 2; ++step) {
    wf.sgd_step(lr, g);
    wp.run();
    w1_plain -= lr * matrix(wp[g[W1]]), s1_plain -= lr * matrix(wp[g[s]]);
    CHECK(w1.isApprox(w1_plain, 1e-13));
    CHECK(s1.isApprox(s1_plain, 1e-13));
  }
}

TEST_CASE("sgd_step refuses a parameter bound to a const matrix", "[sgd]") {
  const matrix X = matrix::Random(4, 3), Y = matrix::Zero(4, 2);
  weights w(3, 2, 2);
  const matrix frozen = w.w2;
  constexpr auto g = mg::grad(dense_loss, W1, b1, W2, b2);
  auto ws = mg::compile(dense_loss, g)
                .workspace(x = X, y = Y, W1 = w.w1, b1 = w.c1, W2 = frozen, b2 = w.c2);
  CHECK_THROWS_WITH(ws.sgd_step(lr, g),
                    "sgd_step: parameter 'W2' is bound to a const matrix; "
                    "bind one the step may update");
  ws.run();  // run() reads it as before
  CHECK(std::isfinite(ws[dense_loss](0, 0)));
}
