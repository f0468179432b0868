// Sparse inputs: a model on sparse rows equals its dense twin in loss and every gradient; the
// gradient of the first layer touches only the rows of the features in the batch; two sparse
// inputs (two text columns) each with its own first layer, joined before the hidden layer.
#include <metagrad/metagrad.hpp>

#include <Eigen/SparseCore>
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "support/random_sparse.hpp"

namespace mg = metagrad;
using sparse = metagrad::testing::sparse_rows;
using metagrad::testing::random_sparse;

namespace {

constexpr auto xs = mg::sparse_input<"plot", mg::dyn, 40>;
constexpr auto cs = mg::sparse_input<"cast", mg::dyn, 25>;
constexpr auto xd = mg::input<"plot_dense", mg::dyn, 40>;
constexpr auto cd = mg::input<"cast_dense", mg::dyn, 25>;
constexpr auto y = mg::input<"y", mg::dyn, 3>;
constexpr auto Wp = mg::param<"Wp", 40, 8>;
constexpr auto Wc = mg::param<"Wc", 25, 8>;
constexpr auto b1 = mg::param<"b1", 1, mg::dyn>;
constexpr auto W2 = mg::param<"W2", 8, 3>;
constexpr auto b2 = mg::param<"b2", 1, 3>;

struct parameters {
  Eigen::MatrixXd wp, wc, c1, w2, c2, y;
  explicit parameters(int batch) {
    wp = Eigen::MatrixXd::Random(40, 8), wc = Eigen::MatrixXd::Random(25, 8);
    c1 = Eigen::MatrixXd::Random(1, 8), w2 = Eigen::MatrixXd::Random(8, 3);
    c2 = Eigen::MatrixXd::Random(1, 3);
    y = (Eigen::MatrixXd::Random(batch, 3).array() > 0).cast<double>();
  }
};

}  // namespace

TEST_CASE("a model on sparse rows matches its dense twin in loss and gradients", "[sparse]") {
  std::mt19937 rng(3);
  const sparse X = random_sparse(16, 40, 0.1, rng);
  const Eigen::MatrixXd Xd = Eigen::MatrixXd(X);
  const parameters p(16);
  constexpr auto sparse_loss = mg::mean(mg::bce_with_logits(mg::relu(xs * Wp + b1) * W2 + b2, y));
  constexpr auto dense_loss = mg::mean(mg::bce_with_logits(mg::relu(xd * Wp + b1) * W2 + b2, y));
  constexpr auto gs = mg::grad(sparse_loss, Wp, b1, W2, b2);
  constexpr auto gd = mg::grad(dense_loss, Wp, b1, W2, b2);
  auto ps = mg::compile(sparse_loss, gs);
  auto pd = mg::compile(dense_loss, gd);
  auto ws = ps.workspace(xs = X, y = p.y, Wp = p.wp, b1 = p.c1, W2 = p.w2, b2 = p.c2);
  auto wd = pd.workspace(xd = Xd, y = p.y, Wp = p.wp, b1 = p.c1, W2 = p.w2, b2 = p.c2);
  ws.run();
  wd.run();
  CHECK(ws[sparse_loss](0, 0) == Approx(wd[dense_loss](0, 0)).epsilon(1e-12));
  CHECK(Eigen::MatrixXd(ws[gs[Wp]]).isApprox(wd[gd[Wp]], 1e-12));
  CHECK(Eigen::MatrixXd(ws[gs[b1]]).isApprox(wd[gd[b1]], 1e-12));
  CHECK(Eigen::MatrixXd(ws[gs[W2]]).isApprox(wd[gd[W2]], 1e-12));
}

TEST_CASE("the sparse gradient touches only the batch's feature rows, run after run", "[sparse]") {
  std::mt19937 rng(5);
  const parameters p(8);
  constexpr auto loss = mg::mean(mg::bce_with_logits(mg::relu(xs * Wp + b1) * W2 + b2, y));
  constexpr auto g = mg::grad(loss, Wp);
  auto program = mg::compile(loss, g);
  sparse X = random_sparse(8, 40, 0.08, rng);
  auto ws = program.workspace(xs = X, y = p.y, Wp = p.wp, b1 = p.c1, W2 = p.w2, b2 = p.c2);
  for (int step = 0; step < 3; ++step) {
    X = random_sparse(8, 40, 0.08, rng);
    ws.bind(xs = X);
    ws.run();
    std::set<int> features;
    for (int k = 0; k < X.nonZeros(); ++k) features.insert(X.innerIndexPtr()[k]);
    const std::vector<int> expected(features.begin(), features.end());
    CHECK(ws.touched_features(g[Wp]) == expected);
    const Eigen::MatrixXd grad = ws[g[Wp]];
    for (int r = 0; r < 40; ++r)
      if (!features.count(r)) CHECK(grad.row(r).isZero(0));
  }
}

TEST_CASE("two sparse inputs with their own first layers equal the dense model", "[sparse]") {
  std::mt19937 rng(11);
  const sparse X = random_sparse(12, 40, 0.1, rng), C = random_sparse(12, 25, 0.15, rng);
  const Eigen::MatrixXd Xd = Eigen::MatrixXd(X), Cd = Eigen::MatrixXd(C);
  const parameters p(12);
  constexpr auto sparse_loss =
      mg::mean(mg::bce_with_logits(mg::relu(xs * Wp + cs * Wc + b1) * W2 + b2, y));
  constexpr auto dense_loss =
      mg::mean(mg::bce_with_logits(mg::relu(xd * Wp + cd * Wc + b1) * W2 + b2, y));
  constexpr auto gs = mg::grad(sparse_loss, Wp, Wc);
  constexpr auto gd = mg::grad(dense_loss, Wp, Wc);
  auto ps = mg::compile(sparse_loss, gs);
  auto pd = mg::compile(dense_loss, gd);
  auto ws =
      ps.workspace(xs = X, cs = C, y = p.y, Wp = p.wp, Wc = p.wc, b1 = p.c1, W2 = p.w2, b2 = p.c2);
  auto wd = pd.workspace(xd = Xd, cd = Cd, y = p.y, Wp = p.wp, Wc = p.wc, b1 = p.c1, W2 = p.w2,
                         b2 = p.c2);
  ws.run();
  wd.run();
  CHECK(ws[sparse_loss](0, 0) == Approx(wd[dense_loss](0, 0)).epsilon(1e-12));
  CHECK(Eigen::MatrixXd(ws[gs[Wp]]).isApprox(wd[gd[Wp]], 1e-12));
  CHECK(Eigen::MatrixXd(ws[gs[Wc]]).isApprox(wd[gd[Wc]], 1e-12));
}

TEST_CASE("a dense matrix bound to a sparse input is refused by name", "[sparse]") {
  auto program = mg::compile(xs * Wp);
  mg::workspace<decltype(program), double> ws;
  const Eigen::MatrixXd dense(2, 40);
  CHECK_THROWS_WITH(ws.bind(xs = dense),
                    "bind: sparse input 'plot' takes a row-major Eigen::SparseMatrix");
}

TEST_CASE("a feature-major first layer (x * transpose(W)) matches its dense twin", "[sparse]") {
  std::mt19937 rng(17);
  // Large enough that the kernels split among two threads.
  constexpr auto big = mg::sparse_input<"big">;
  constexpr auto big_dense = mg::input<"big_dense">;
  constexpr auto Wt = mg::param<"Wt", 64, mg::dyn>;  // hidden x features
  constexpr auto V = mg::param<"V", 64, 3>;
  const sparse X = random_sparse(256, 400, 0.2, rng);
  const Eigen::MatrixXd Xd = Eigen::MatrixXd(X);
  const parameters p(256);
  const Eigen::MatrixXd wt = Eigen::MatrixXd::Random(64, 400), c1 = Eigen::MatrixXd::Random(1, 64);
  const Eigen::MatrixXd v = Eigen::MatrixXd::Random(64, 3);
  constexpr auto sparse_loss =
      mg::mean(mg::bce_with_logits(mg::relu(big * mg::transpose(Wt) + b1) * V + b2, y));
  constexpr auto dense_loss =
      mg::mean(mg::bce_with_logits(mg::relu(big_dense * mg::transpose(Wt) + b1) * V + b2, y));
  constexpr auto gs = mg::grad(sparse_loss, Wt, b1);
  constexpr auto gd = mg::grad(dense_loss, Wt, b1);
  auto ps = mg::compile(sparse_loss, gs);
  auto pd = mg::compile(dense_loss, gd);
  auto ws = ps.workspace(big = X, y = p.y, Wt = wt, b1 = c1, V = v, b2 = p.c2);
  auto wd = pd.workspace(big_dense = Xd, y = p.y, Wt = wt, b1 = c1, V = v, b2 = p.c2);
  for (const int threads : {1, 2}) {
    ws.set_threads(threads);
    for (int step = 0; step < 2; ++step) {  // the second run must start from clean zeros
      ws.run();
      wd.run();
      CHECK(ws[sparse_loss](0, 0) == Approx(wd[dense_loss](0, 0)).epsilon(1e-12));
      CHECK(Eigen::MatrixXd(ws[gs[Wt]]).isApprox(wd[gd[Wt]], 1e-12));
      CHECK(Eigen::MatrixXd(ws[gs[b1]]).isApprox(wd[gd[b1]], 1e-12));
    }
  }
  std::set<int> features;
  for (int k = 0; k < X.nonZeros(); ++k) features.insert(X.innerIndexPtr()[k]);
  CHECK(ws.touched_features(gs[Wt]) == std::vector<int>(features.begin(), features.end()));
  // New batches, sparser and denser: last batch's rows not written again must be zeroed, the
  // others assigned at their first occurrence.
  for (const double density : {0.02, 0.3, 0.1}) {
    const sparse Xn = random_sparse(256, 400, density, rng);
    const Eigen::MatrixXd Xnd = Eigen::MatrixXd(Xn);
    ws.bind(big = Xn);
    wd.bind(big_dense = Xnd);
    ws.run();
    wd.run();
    CHECK(Eigen::MatrixXd(ws[gs[Wt]]).isApprox(wd[gd[Wt]], 1e-12));
  }
}
