// Generated code against the template executor: the C++ that emit_cpp writes for five models
// (tests/codegen/generate_models.cpp, built by metagrad_generate) computes the same loss and
// gradients as the program compiled from the same declaration, to 1e-6 of each result's largest
// magnitude, and its step() is the SGD step of workspace::sgd_step.
#include <metagrad/metagrad.hpp>

#include <Eigen/SparseCore>
#include <catch2/catch.hpp>

#include <algorithm>
#include <generated_dense_classifier.hpp>
#include <generated_focal_mlp.hpp>
#include <generated_movie_model.hpp>
#include <generated_selection_mlp.hpp>
#include <generated_softmax_mlp.hpp>
#include <generated_weighted_mlp.hpp>
#include <random>
#include <string>
#include <vector>

#include "models.hpp"

namespace mg = metagrad;
using matrix = Eigen::MatrixXf;

namespace {

matrix uniform(Eigen::Index rows, Eigen::Index cols, std::mt19937& rng, float lo = -1,
               float hi = 1) {
  std::uniform_real_distribution<float> u(lo, hi);
  return matrix::NullaryExpr(rows, cols, [&] { return u(rng); });
}
matrix labels(Eigen::Index rows, Eigen::Index cols, std::mt19937& rng) {
  std::bernoulli_distribution positive(0.3);
  return matrix::NullaryExpr(rows, cols, [&] { return positive(rng) ? 1.0f : 0.0f; });
}

// The generated buffer equals the executor's result to 1e-6 of the result's largest magnitude.
void check_close(const std::string& what, const float* generated, const matrix& expected) {
  const Eigen::Map<const matrix> got(generated, expected.rows(), expected.cols());
  const double scale = expected.cwiseAbs().maxCoeff();
  const double error = (got - expected).cwiseAbs().maxCoeff();
  INFO(what << ": largest difference " << error << ", largest magnitude " << scale);
  CHECK(error <= 1e-6 * scale);
  CHECK(scale > 0);  // a vanishing gradient would prove nothing
}

// step() moved a parameter by -learning_rate times its gradient at the old values.
void check_step(const std::string& what, const matrix& before, const float* after,
                const matrix& gradient, float learning_rate) {
  const Eigen::Map<const matrix> p(after, before.rows(), before.cols());
  INFO(what);
  CHECK((p - (before - learning_rate * gradient)).cwiseAbs().maxCoeff() <= 1e-6f);
}

}  // namespace

TEST_CASE("generated dense classifier equals the template executor", "[codegen]") {
  namespace m = dense_classifier_model;
  namespace g = generated_dense_classifier;
  std::mt19937 rng(11);
  const Eigen::Index rows = 67;  // packets and a tail in every column
  matrix x = uniform(rows, 784, rng), y = labels(rows, 10, rng);
  matrix W1 = uniform(784, 32, rng, -0.1f, 0.1f), b1 = uniform(1, 32, rng, -0.1f, 0.1f),
         W2 = uniform(32, 10, rng, -0.3f, 0.3f), b2 = uniform(1, 10, rng, -0.1f, 0.1f);
  auto ws = mg::compile(m::loss, m::grads)
                .workspace(m::x = x, m::y = y, m::W1 = W1, m::b1 = b1, m::W2 = W2, m::b2 = b2);
  ws.run();

  g::buffers b(g::sizes{rows});
  g::leaves in{x.data(), W1.data(), b1.data(), W2.data(), b2.data(), y.data()};
  g::forward(in, b);
  g::backward(in, b);
  check_close("loss", b.loss, ws[m::loss]);
  check_close("d W1", b.d_W1, ws[m::grads[m::W1]]);
  check_close("d b1", b.d_b1, ws[m::grads[m::b1]]);
  check_close("d W2", b.d_W2, ws[m::grads[m::W2]]);
  check_close("d b2", b.d_b2, ws[m::grads[m::b2]]);

  // step() computes the same gradients again and moves every parameter by them.
  const matrix W1_before = W1, b2_before = b2;
  g::step(in, b, 0.5f);
  check_step("W1", W1_before, W1.data(), ws[m::grads[m::W1]], 0.5f);
  check_step("b2", b2_before, b2.data(), ws[m::grads[m::b2]], 0.5f);
}

TEST_CASE("generated focal-loss MLP equals the template executor", "[codegen]") {
  namespace m = focal_mlp;
  namespace g = generated_focal_mlp;
  std::mt19937 rng(12);
  const Eigen::Index rows = 45, features = 40, h1 = 24, h2 = 19, out = 7;
  matrix x = uniform(rows, features, rng), y = labels(rows, out, rng);
  matrix W1 = uniform(features, h1, rng, -0.4f, 0.4f), b1 = uniform(1, h1, rng, -0.1f, 0.1f),
         W2 = uniform(h1, h2, rng, -0.4f, 0.4f), b2 = uniform(1, h2, rng, -0.1f, 0.1f),
         W3 = uniform(h2, out, rng, -0.6f, 0.6f), b3 = uniform(1, out, rng, -0.1f, 0.1f);
  const float alpha = 0.25f, gamma = 2.0f;
  auto ws = mg::compile(m::loss, m::grads)
                .workspace(m::x = x, m::y = y, m::alpha = double(alpha), m::gamma = double(gamma),
                           m::W1 = W1, m::b1 = b1, m::W2 = W2, m::b2 = b2, m::W3 = W3, m::b3 = b3);
  ws.run();

  g::sizes s;
  s.x_rows = rows, s.x_cols = features, s.W1_cols = h1, s.W2_cols = h2, s.W3_cols = out;
  g::buffers b(s);
  g::leaves in;
  in.x = x.data(), in.y = y.data(), in.alpha = alpha, in.gamma = gamma;
  in.W1 = W1.data(), in.b1 = b1.data(), in.W2 = W2.data(), in.b2 = b2.data();
  in.W3 = W3.data(), in.b3 = b3.data();
  g::forward(in, b);
  g::backward(in, b);
  check_close("loss", b.loss, ws[m::loss]);
  check_close("d W1", b.d_W1, ws[m::grads[m::W1]]);
  check_close("d b1", b.d_b1, ws[m::grads[m::b1]]);
  check_close("d W2", b.d_W2, ws[m::grads[m::W2]]);
  check_close("d b2", b.d_b2, ws[m::grads[m::b2]]);
  check_close("d W3", b.d_W3, ws[m::grads[m::W3]]);
  check_close("d b3", b.d_b3, ws[m::grads[m::b3]]);
}

TEST_CASE("generated code of every other op equals the template executor", "[codegen]") {
  namespace m = weighted_mlp;
  namespace g = generated_weighted_mlp;
  std::mt19937 rng(13);
  const Eigen::Index rows = 37;
  matrix x = uniform(rows, 12, rng), y = labels(rows, 5, rng), w = uniform(rows, 1, rng, 0, 2),
         p = uniform(1, 5, rng, 0.5f, 3);
  matrix W1 = uniform(12, 8, rng), b1 = uniform(1, 8, rng), W2 = uniform(8, 5, rng),
         U = uniform(12, 5, rng);
  const float c = 0.7f;
  auto ws = mg::compile(m::loss, m::grads)
                .workspace(m::x = x, m::y = y, m::w = w, m::p = p, m::c = double(c), m::W1 = W1,
                           m::b1 = b1, m::W2 = W2, m::U = U);
  ws.run();

  g::buffers b(g::sizes{rows});
  g::leaves in;
  in.x = x.data(), in.y = y.data(), in.w = w.data(), in.p = p.data(), in.c = c;
  in.W1 = W1.data(), in.b1 = b1.data(), in.W2 = W2.data(), in.U = U.data();
  g::forward(in, b);
  g::backward(in, b);
  check_close("loss", b.loss, ws[m::loss]);
  check_close("d W1", b.d_W1, ws[m::grads[m::W1]]);
  check_close("d b1", b.d_b1, ws[m::grads[m::b1]]);
  check_close("d W2", b.d_W2, ws[m::grads[m::W2]]);
  check_close("d U", b.d_U, ws[m::grads[m::U]]);
}

namespace {

// rows x features TF-IDF-like rows: `per_row` distinct random features of one value each.
Eigen::SparseMatrix<float, Eigen::RowMajor, int> sparse_rows(Eigen::Index rows,
                                                             Eigen::Index features, int per_row,
                                                             std::mt19937& rng) {
  std::uniform_int_distribution<int> feature(0, int(features) - 1);
  std::uniform_real_distribution<float> value(0.1f, 1.0f);
  std::vector<Eigen::Triplet<float>> t;
  for (Eigen::Index i = 0; i < rows; ++i) {
    std::vector<int> seen;
    while (int(seen.size()) < per_row) {
      const int f = feature(rng);
      if (std::find(seen.begin(), seen.end(), f) == seen.end())
        seen.push_back(f), t.emplace_back(int(i), f, value(rng));
    }
  }
  Eigen::SparseMatrix<float, Eigen::RowMajor, int> x(rows, features);
  x.setFromTriplets(t.begin(), t.end());
  x.makeCompressed();
  return x;
}

}  // namespace

TEST_CASE("generated movie model (sparse rows) equals the template executor", "[codegen]") {
  namespace m = movie_model;
  namespace g = generated_movie_model;
  std::mt19937 rng(14);
  const Eigen::Index rows = 29, features = 300, hidden = 21, out = 6;
  matrix y = labels(rows, out, rng);
  matrix W1 = uniform(hidden, features, rng, -0.5f, 0.5f), b1 = uniform(1, hidden, rng),
         W2 = uniform(hidden, out, rng), b2 = uniform(1, out, rng),
         U = uniform(features, out, rng, -0.5f, 0.5f);
  auto program = mg::compile(m::loss, m::grads);
  g::sizes s;
  s.x_rows = rows, s.x_cols = features, s.W1_rows = hidden, s.W2_cols = out;
  g::buffers b(s);
  // Two batches of other features: the second's gradients must not keep rows of the first.
  for (int batch : {0, 1}) {
    INFO("batch " << batch);
    const auto xs = sparse_rows(rows, features, batch == 0 ? 12 : 5, rng);
    const mg::exec::sparse_view<float> x{xs.rows(), xs.cols(), xs.outerIndexPtr(),
                                         xs.innerIndexPtr(), xs.valuePtr()};
    auto ws = program.workspace(m::x = x, m::y = y, m::W1 = W1, m::b1 = b1, m::W2 = W2, m::b2 = b2,
                                m::U = U);
    ws.run();

    g::leaves in;
    in.x = {xs.rows(), xs.cols(), xs.outerIndexPtr(), xs.innerIndexPtr(), xs.valuePtr()};
    in.y = y.data(), in.W1 = W1.data(), in.b1 = b1.data(), in.W2 = W2.data();
    in.b2 = b2.data(), in.U = U.data();
    g::forward(in, b);
    g::backward(in, b);
    check_close("loss", b.loss, ws[m::loss]);
    check_close("d W1", b.d_W1, ws[m::grads[m::W1]]);
    check_close("d b1", b.d_b1, ws[m::grads[m::b1]]);
    check_close("d W2", b.d_W2, ws[m::grads[m::W2]]);
    check_close("d b2", b.d_b2, ws[m::grads[m::b2]]);
    check_close("d U", b.d_U, ws[m::grads[m::U]]);

    // step() moves only the touched features' weights, by their gradient.
    const matrix W1_before = W1, U_before = U, dW1 = ws[m::grads[m::W1]], dU = ws[m::grads[m::U]];
    g::step(in, b, 0.5f);
    check_step("W1", W1_before, W1.data(), dW1, 0.5f);
    check_step("U", U_before, U.data(), dU, 0.5f);
    std::vector<bool> present(std::size_t(features), false);
    for (int k = 0; k < xs.nonZeros(); ++k) present[std::size_t(xs.innerIndexPtr()[k])] = true;
    for (Eigen::Index f = 0; f < features; ++f)
      if (!present[std::size_t(f)]) {
        REQUIRE(W1.col(f) == W1_before.col(f));
        REQUIRE(U.row(f) == U_before.row(f));
      }
  }

  SECTION("a sparse input of other sizes than the buffers' is refused") {
    const auto xs = sparse_rows(rows + 1, features, 3, rng);
    g::leaves in;
    in.x = {xs.rows(), xs.cols(), xs.outerIndexPtr(), xs.innerIndexPtr(), xs.valuePtr()};
    CHECK_THROWS_WITH(g::forward(in, b),
                      "generated_movie_model: sparse input x is 30 x 300, the "
                      "buffers were made for 29 x 300");
  }
}

TEST_CASE("generated softmax cross-entropy (row-wise kernels) equals the template executor",
          "[codegen]") {
  namespace m = softmax_mlp;
  namespace g = generated_softmax_mlp;
  std::mt19937 rng(15);
  const Eigen::Index rows = 23;
  matrix x = uniform(rows, 9, rng), w = uniform(rows, 1, rng, 0.5f, 2), y = matrix::Zero(rows, 4);
  for (Eigen::Index i = 0; i < rows; ++i) y(i, i % 4) = 1;
  matrix W1 = uniform(9, 6, rng), W2 = uniform(6, 4, rng, -2, 2);
  auto ws = mg::compile(m::loss, m::grads)
                .workspace(m::x = x, m::y = y, m::w = w, m::W1 = W1, m::W2 = W2);
  ws.run();

  g::buffers b(g::sizes{rows});
  g::leaves in;
  in.x = x.data(), in.y = y.data(), in.w = w.data(), in.W1 = W1.data(), in.W2 = W2.data();
  g::forward(in, b);
  g::backward(in, b);
  check_close("loss", b.loss, ws[m::loss]);
  check_close("d W1", b.d_W1, ws[m::grads[m::W1]]);
  check_close("d W2", b.d_W2, ws[m::grads[m::W2]]);
}

TEST_CASE("generated selecting ops (max, min, clamp, where, softmax, slice) equal the executor",
          "[codegen]") {
  namespace m = selection_mlp;
  namespace g = generated_selection_mlp;
  std::mt19937 rng(16);
  const Eigen::Index rows = 37;
  matrix x = uniform(rows, 6, rng), y = labels(rows, 3, rng);
  matrix W1 = uniform(6, 8, rng), W2 = uniform(4, 3, rng, -2, 2);
  const float t = 0.05f, lo = -0.2f, hi = 0.3f;
  auto ws = mg::compile(m::loss, m::grads)
                .workspace(m::x = x, m::y = y, m::t = double(t), m::lo = double(lo),
                           m::hi = double(hi), m::W1 = W1, m::W2 = W2);
  ws.run();

  g::buffers b(g::sizes{rows});
  g::leaves in;
  in.x = x.data(), in.y = y.data(), in.t = t, in.lo = lo, in.hi = hi;
  in.W1 = W1.data(), in.W2 = W2.data();
  g::forward(in, b);
  g::backward(in, b);
  check_close("loss", b.loss, ws[m::loss]);
  check_close("d W1", b.d_W1, ws[m::grads[m::W1]]);
  check_close("d W2", b.d_W2, ws[m::grads[m::W2]]);
}

// step(): generated code and workspace::sgd_step take the same SGD step, folding the same weight
// updates into their gradients' kernels; the parameters agree afterwards, step after step.
TEST_CASE("generated step() equals the template executor's sgd_step", "[codegen][sgd]") {
  std::mt19937 rng(15);
  SECTION("dense classifier") {
    namespace m = dense_classifier_model;
    namespace g = generated_dense_classifier;
    for (const Eigen::Index rows : {37, 1}) {  // 1: outer products, columns of one value
      CAPTURE(rows);
      matrix x = uniform(rows, 784, rng), y = labels(rows, 10, rng);
      matrix W1 = uniform(784, 32, rng, -0.1f, 0.1f), b1 = uniform(1, 32, rng, -0.1f, 0.1f),
             W2 = uniform(32, 10, rng, -0.3f, 0.3f), b2 = uniform(1, 10, rng, -0.1f, 0.1f);
      matrix gW1 = W1, gb1 = b1, gW2 = W2, gb2 = b2;
      auto ws = mg::compile(m::loss, m::grads)
                    .workspace(m::x = x, m::y = y, m::W1 = W1, m::b1 = b1, m::W2 = W2, m::b2 = b2);
      g::buffers b(g::sizes{rows});
      g::leaves in{x.data(), gW1.data(), gb1.data(), gW2.data(), gb2.data(), y.data()};
      for (int step = 0; step < 2; ++step) {
        ws.sgd_step(0.5f, m::grads);
        g::step(in, b, 0.5f);
        check_close("loss", b.loss, ws[m::loss]);
        check_close("W1", gW1.data(), W1), check_close("b1", gb1.data(), b1);
        check_close("W2", gW2.data(), W2), check_close("b2", gb2.data(), b2);
      }
      // A learning rate of 0 (a warm-up schedule's first step) moves nothing.
      g::step(in, b, 0.0f);
      check_close("W1", gW1.data(), W1), check_close("b1", gb1.data(), b1);
      check_close("W2", gW2.data(), W2), check_close("b2", gb2.data(), b2);
    }
  }
  SECTION("movie model (sparse rows)") {
    namespace m = movie_model;
    namespace g = generated_movie_model;
    const Eigen::Index rows = 23, features = 200, hidden = 17, out = 5;
    matrix y = labels(rows, out, rng);
    matrix W1 = uniform(hidden, features, rng, -0.5f, 0.5f), b1 = uniform(1, hidden, rng),
           W2 = uniform(hidden, out, rng), b2 = uniform(1, out, rng),
           U = uniform(features, out, rng, -0.5f, 0.5f);
    matrix gW1 = W1, gb1 = b1, gW2 = W2, gb2 = b2, gU = U;
    g::sizes s;
    s.x_rows = rows, s.x_cols = features, s.W1_rows = hidden, s.W2_cols = out;
    g::buffers b(s);
    auto program = mg::compile(m::loss, m::grads);
    for (int step = 0; step < 2; ++step) {
      const auto xs = sparse_rows(rows, features, 9, rng);
      const mg::exec::sparse_view<float> x{xs.rows(), xs.cols(), xs.outerIndexPtr(),
                                           xs.innerIndexPtr(), xs.valuePtr()};
      auto ws = program.workspace(m::x = x, m::y = y, m::W1 = W1, m::b1 = b1, m::W2 = W2,
                                  m::b2 = b2, m::U = U);
      g::leaves in;
      in.x = {xs.rows(), xs.cols(), xs.outerIndexPtr(), xs.innerIndexPtr(), xs.valuePtr()};
      in.y = y.data(), in.W1 = gW1.data(), in.b1 = gb1.data(), in.W2 = gW2.data();
      in.b2 = gb2.data(), in.U = gU.data();
      ws.sgd_step(0.5f, m::grads);
      g::step(in, b, 0.5f);
      check_close("loss", b.loss, ws[m::loss]);
      check_close("W1", gW1.data(), W1), check_close("U", gU.data(), U);
      check_close("W2", gW2.data(), W2), check_close("b1", gb1.data(), b1);
    }
  }
}
