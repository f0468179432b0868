// Optimizer steps against hand computation, and row/column-sparse updates touching only their
// rows or columns.
#include <metagrad/nn/optimizers.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace nn = metagrad::nn;
using matrix = Eigen::MatrixXf;

TEST_CASE("SGD with momentum and Nesterov follows its formulas", "[optimizers]") {
  nn::optimizer_options o;
  o.kind = nn::optimizer_kind::sgd;
  o.learning_rate = 0.1, o.momentum = 0.9, o.nesterov = true;
  nn::optimizer<float> opt(o);
  const auto i = opt.add(1, 1);
  matrix w(1, 1), g(1, 1);
  w << 1.0f;
  g << 0.5f;
  opt.next_step();
  opt.update(i, w, g);  // v = 0.5; w -= 0.1 (0.5 + 0.9 * 0.5)
  CHECK(w(0, 0) == Approx(1 - 0.1 * (0.5 + 0.45)));
  opt.next_step();
  opt.update(i, w, g);  // v = 0.9 * 0.5 + 0.5 = 0.95; w -= 0.1 (0.5 + 0.9 * 0.95)
  CHECK(w(0, 0) == Approx(1 - 0.095 - 0.1 * (0.5 + 0.855)));
}

TEST_CASE("Adam's first step moves every weight by the learning rate against its gradient",
          "[optimizers]") {
  nn::optimizer<float> opt({.kind = nn::optimizer_kind::adam, .learning_rate = 0.01});
  const auto i = opt.add(2, 2);
  matrix w = matrix::Zero(2, 2), g(2, 2);
  g << 3, -0.5, 1e-3f, -100;
  opt.next_step();
  opt.update(i, w, g);
  for (Eigen::Index k = 0; k < 4; ++k)
    CHECK(w(k) == Approx(-0.01 * (g(k) > 0 ? 1 : -1)).epsilon(1e-3));
}

TEST_CASE("AdamW decays weights apart from the gradient", "[optimizers]") {
  nn::optimizer<float> opt(
      {.kind = nn::optimizer_kind::adamw, .learning_rate = 0.1, .weight_decay = 0.5});
  const auto i = opt.add(1, 1);
  matrix w(1, 1), g = matrix::Zero(1, 1);
  w << 2.0f;
  opt.next_step();
  opt.update(i, w, g);  // the Adam part is 0 for a zero gradient; w -= 0.1 * 0.5 * 2
  CHECK(w(0, 0) == Approx(1.9));
}

TEST_CASE("row- and column-sparse updates leave the other rows and columns alone", "[optimizers]") {
  nn::optimizer<float> opt({.kind = nn::optimizer_kind::adam, .learning_rate = 0.01});
  const auto rows = opt.add(4, 3), cols = opt.add(3, 4);
  matrix a = matrix::Ones(4, 3), b = matrix::Ones(3, 4);
  const matrix g = matrix::Constant(4, 4, 1.0f);
  const std::vector<int> touched{1, 3};
  opt.next_step();
  opt.update(rows, a, g.topRows(4).leftCols(3), &touched);
  opt.update_columns(cols, b, g.topRows(3), touched, 2);
  for (int r = 0; r < 4; ++r) CHECK((a.row(r).array() == 1.0f).all() == (r == 0 || r == 2));
  for (int c = 0; c < 4; ++c) CHECK((b.col(c).array() == 1.0f).all() == (c == 0 || c == 2));
  CHECK_THROWS_WITH(nn::parse_optimizer("lbfgs"),
                    "optimizer 'lbfgs': expected sgd, adam, adamw, rmsprop or adagrad");
}
