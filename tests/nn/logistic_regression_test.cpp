// The linear member's solver against an independent one (dense Newton in double, the Hessian
// formed and factored), its determinism across thread counts, extreme data and bad input.
#include <metagrad/nn/logistic_regression.hpp>

#include <Eigen/Dense>
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

namespace nn = metagrad::nn;
using metagrad::data::sparse_rows;

namespace {

// Rows with about `density` of their features present (values in (0, 1]), and labels drawn from a
// random linear model through a sigmoid: learnable, but not separable.
struct problem {
  sparse_rows x;
  Eigen::MatrixXf y;
};
problem random_problem(int rows, int features, int labels, double density, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> normal(0, 1.5);
  Eigen::MatrixXd truth(labels, features);
  for (Eigen::Index k = 0; k < truth.size(); ++k) truth(k) = normal(rng);
  std::vector<Eigen::Triplet<float>> entries;
  problem p{sparse_rows(rows, features), Eigen::MatrixXf(rows, labels)};
  for (int i = 0; i < rows; ++i) {
    Eigen::VectorXd row = Eigen::VectorXd::Zero(features);
    for (int f = 0; f < features; ++f)
      if (u(rng) < density)
        row(f) = float(0.05 + 0.95 * u(rng)), entries.emplace_back(i, f, row(f));
    for (int j = 0; j < labels; ++j)
      p.y(i, j) = u(rng) < 1 / (1 + std::exp(-(truth.row(j).dot(row) - 0.5))) ? 1.0f : 0.0f;
  }
  p.x.setFromTriplets(entries.begin(), entries.end());
  p.x.makeCompressed();
  return p;
}

// The oracle: per label, Newton's method in double on the same objective, with the Hessian
// formed (features + 1 unknowns, the bias last and unpenalized) and solved by LDLT, to a
// gradient of 1e-10.
nn::logistic_model dense_newton(const problem& p, double c) {
  const Eigen::MatrixXd x = Eigen::MatrixXd(p.x.cast<double>());
  const Eigen::Index n = x.rows(), f = x.cols();
  Eigen::MatrixXd a(n, f + 1);
  a << x, Eigen::VectorXd::Ones(n);
  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(f + 1, 1 / c);
  penalty(f) = 0;
  nn::logistic_model m{Eigen::MatrixXf(p.y.cols(), f), Eigen::RowVectorXf(p.y.cols())};
  for (Eigen::Index j = 0; j < p.y.cols(); ++j) {
    const Eigen::VectorXd y = p.y.col(j).cast<double>();
    Eigen::VectorXd w = Eigen::VectorXd::Zero(f + 1);
    for (int it = 0; it < 100; ++it) {
      const Eigen::ArrayXd prob = 1 / (1 + (-(a * w).array()).exp());
      const Eigen::VectorXd g = a.transpose() * (prob.matrix() - y) + penalty.cwiseProduct(w);
      if (g.norm() < 1e-10) break;
      Eigen::MatrixXd h = a.transpose() * (prob * (1 - prob)).matrix().asDiagonal() * a;
      h.diagonal() += penalty;
      w -= h.ldlt().solve(g);
    }
    m.w.row(j) = w.head(f).cast<float>().transpose();
    m.b(j) = float(w(f));
  }
  return m;
}

}  // namespace

TEST_CASE("logistic regression converges to the optimum a dense Newton solver finds",
          "[logistic]") {
  const problem p = random_problem(400, 25, 3, 0.3, 7);
  for (double c : {0.1, 1.0, 100.0}) {
    INFO("C " << c);
    const nn::logistic_model oracle = dense_newton(p, c);
    nn::logistic_options o;
    o.c = c, o.tolerance = 1e-5;
    const nn::logistic_model m = nn::fit_logistic(p.x, p.y, o);
    const double scale = std::max(1.0, double(oracle.w.cwiseAbs().maxCoeff()));
    CHECK((m.w - oracle.w).cwiseAbs().maxCoeff() <= 2e-3 * scale);
    CHECK((m.b - oracle.b).cwiseAbs().maxCoeff() <= 2e-3 * scale);
    // At the default tolerance the probabilities are already the optimum's to 0.01.
    const nn::logistic_model loose = nn::fit_logistic(p.x, p.y, {.c = c});
    CHECK((nn::logistic_probabilities(loose, p.x, 1) - nn::logistic_probabilities(oracle, p.x, 1))
              .cwiseAbs()
              .maxCoeff() <= 0.01);
  }
}

TEST_CASE("logistic regression gives the same bits on one thread and on two", "[logistic]") {
  const problem p = random_problem(3000, 2000, 5, 0.01, 11);
  const nn::logistic_model one = nn::fit_logistic(p.x, p.y, {.threads = 1}),
                           two = nn::fit_logistic(p.x, p.y, {.threads = 2});
  CHECK(one.w == two.w);
  CHECK(one.b == two.b);
  CHECK(nn::logistic_probabilities(one, p.x, 1) == nn::logistic_probabilities(one, p.x, 2));
}

TEST_CASE("separable data and a huge C give finite weights and probabilities", "[logistic]") {
  // Label 0 is feature 0, exactly; label 1 is never on.
  problem p = random_problem(200, 10, 2, 0.5, 3);
  for (Eigen::Index i = 0; i < p.y.rows(); ++i) p.y(i, 0) = p.x.coeff(i, 0) > 0 ? 1.0f : 0.0f;
  p.y.col(1).setZero();
  const nn::logistic_model m = nn::fit_logistic(p.x, p.y, {.c = 1e9});
  CHECK(m.w.allFinite());
  CHECK(m.b.allFinite());
  const Eigen::MatrixXf prob = nn::logistic_probabilities(m, p.x, 1);
  CHECK(prob.allFinite());
  CHECK(((prob.col(0).array() >= 0.5f) == (p.y.col(0).array() > 0.5f)).all());
  CHECK(prob.col(1).maxCoeff() < 0.05f);
}

TEST_CASE("logistic regression refuses rows that disagree, a C it cannot use, loose storage",
          "[logistic]") {
  const problem p = random_problem(20, 4, 2, 0.5, 5);
  CHECK_THROWS_WITH(nn::fit_logistic(p.x, p.y.topRows(19), {}),
                    "fit_logistic: 20 rows of features, 19 of labels");
  CHECK_THROWS_WITH(nn::fit_logistic(p.x, p.y, {.c = 0}), "fit_logistic: C must be positive");
  CHECK_THROWS_WITH(nn::fit_logistic(p.x, p.y, {.c = std::nan("")}),
                    "fit_logistic: C must be positive");
  CHECK_THROWS_WITH(nn::fit_logistic(p.x, p.y, {.c = 1e-40}),
                    "fit_logistic: C is too small (1 / C overflows a float)");
  sparse_rows loose = p.x;
  loose.uncompress();
  CHECK_THROWS_WITH(nn::fit_logistic(loose, p.y, {}),
                    "logistic regression: the rows must be compressed (makeCompressed)");
}

// The solver keeps state only for the labels still moving, compacted as they finish: a label's
// fit must not depend on which other labels it shares the solver with, however early they finish
// (a label never on converges at once; with one CG step per Newton step, labels leave the line
// search at different steps too).
TEST_CASE("each label is fitted as if alone, whenever the others finish", "[logistic]") {
  problem p = random_problem(600, 40, 6, 0.2, 13);
  p.y.col(1).setZero();
  for (Eigen::Index i = 0; i < p.y.rows(); ++i) p.y(i, 4) = p.x.coeff(i, 3) > 0 ? 1.0f : 0.0f;
  for (int max_cg : {1, 100}) {
    INFO("max_cg " << max_cg);
    nn::logistic_options o;
    o.max_cg = max_cg;
    const nn::logistic_model together = nn::fit_logistic(p.x, p.y, o);
    for (Eigen::Index j = 0; j < p.y.cols(); ++j) {
      INFO("label " << j);
      const nn::logistic_model alone = nn::fit_logistic(p.x, p.y.col(j), o);
      const double scale = std::max(1.0f, alone.w.cwiseAbs().maxCoeff());
      CHECK((together.w.row(j) - alone.w.row(0)).cwiseAbs().maxCoeff() <= 1e-5 * scale);
      CHECK(std::abs(together.b(j) - alone.b(0)) <= 1e-5 * scale);
    }
  }
}
