// The compiled program and the naive runtime graph, two independent implementations, agree on
// the loss and every gradient of an MLP with BCE and with focal loss (double precision).
#include <metagrad/metagrad.hpp>
#include <metagrad/runtime/ops.hpp>

#include <catch2/catch.hpp>

#include <type_traits>

namespace mg = metagrad;
namespace rt = metagrad::runtime;
using matrix = Eigen::MatrixXd;

namespace {

constexpr auto x = mg::input<"x">;
constexpr auto y = mg::input<"y">;
constexpr auto W1 = mg::param<"W1">;
constexpr auto b1 = mg::param<"b1", 1, mg::dyn>;
constexpr auto W2 = mg::param<"W2">;
constexpr auto b2 = mg::param<"b2", 1, mg::dyn>;
constexpr auto alpha = mg::scalar<"alpha">;
constexpr auto gamma_ = mg::scalar<"gamma">;
constexpr auto logits = mg::tanh(x * W1 + b1) * W2 + b2;

struct model {
  matrix X, Y, w1, c1, w2, c2;
  model() {
    std::srand(11);
    X = matrix::Random(24, 10), w1 = matrix::Random(10, 7), c1 = matrix::Random(1, 7);
    w2 = matrix::Random(7, 5), c2 = matrix::Random(1, 5);
    Y = (matrix::Random(24, 5).array() > 0.3).cast<double>();
  }
};

template <class Loss, class Runtime, class... Scalars>
void compare(Loss loss, Runtime runtime_loss, Scalars... scalars) {
  const model m;
  constexpr auto g = mg::grad(loss, W1, b1, W2, b2);
  auto program = mg::compile(loss, g);
  auto ws =
      program.workspace(x = m.X, y = m.Y, W1 = m.w1, b1 = m.c1, W2 = m.w2, b2 = m.c2, scalars...);
  ws.run();

  const auto rw1 = rt::leaf(m.w1, true), rc1 = rt::leaf(m.c1, true);
  const auto rw2 = rt::leaf(m.w2, true), rc2 = rt::leaf(m.c2, true);
  const auto h = rt::tanh(rt::add_row(rt::matmul(rt::leaf(m.X), rw1), rc1));
  const auto z = rt::add_row(rt::matmul(h, rw2), rc2);
  const auto l = runtime_loss(z, rt::leaf(m.Y));
  rt::backward(l);

  CHECK(ws[loss](0, 0) == Approx(l->value(0, 0)).epsilon(1e-12));
  CHECK(matrix(ws[g[W1]]).isApprox(rw1->grad, 1e-10));
  CHECK(matrix(ws[g[b1]]).isApprox(rc1->grad, 1e-10));
  CHECK(matrix(ws[g[W2]]).isApprox(rw2->grad, 1e-10));
  CHECK(matrix(ws[g[b2]]).isApprox(rc2->grad, 1e-10));
}

}  // namespace

TEST_CASE("compiled and runtime graphs agree on an MLP with BCE", "[runtime]") {
  compare(mg::mean(mg::bce_with_logits(logits, y)),
          [](auto z, auto t) { return rt::mean(rt::bce_with_logits(z, t)); });
}

TEST_CASE("compiled and runtime graphs agree on an MLP with focal loss", "[runtime]") {
  compare(
      mg::mean(mg::focal_with_logits(logits, y, alpha, gamma_)),
      [](auto z, auto t) { return rt::mean(rt::focal_with_logits(z, t, 0.25, 2.0)); }, alpha = 0.25,
      gamma_ = 2.0);
}

TEST_CASE("the runtime graph's focal loss with gamma 0 and no alpha is plain BCE", "[runtime]") {
  // torchvision's composition reduces to BCE here, whose gradient is sigmoid(z) - y.
  matrix z(1, 3), t(1, 3);
  z << 0.5, -1.5, 2.0;
  t << 1, 0, 1;
  const auto zl = rt::leaf(z, true);
  const auto l = rt::sum(rt::focal_with_logits(zl, rt::leaf(t), -1.0, 0.0));  // gamma 0: plain BCE
  rt::backward(l);
  const matrix p = (1 / (1 + (-z.array()).exp())).matrix();
  CHECK(zl->grad.isApprox(p - t, 1e-12));
}

TEST_CASE("two towers joined by concat: compiled, runtime graph and finite differences agree",
          "[runtime]") {
  constexpr auto left = mg::input<"left">;
  constexpr auto right = mg::input<"right">;
  constexpr auto A = mg::param<"A">;
  constexpr auto B = mg::param<"B">;
  constexpr auto C = mg::param<"C">;
  constexpr auto loss =
      mg::mean(mg::bce_with_logits(mg::concat(mg::tanh(left * A), mg::relu(right * B)) * C, y));
  std::srand(5);
  const matrix L = matrix::Random(9, 4), R = matrix::Random(9, 3), a = matrix::Random(4, 5);
  const matrix b = matrix::Random(3, 2), c = matrix::Random(7, 3);
  const matrix Y = (matrix::Random(9, 3).array() > 0).cast<double>();
  constexpr auto g = mg::grad(loss);
  auto program = mg::compile(loss, g);
  auto ws = program.workspace(left = L, right = R, A = a, B = b, C = c, y = Y);
  ws.run();

  const auto ra = rt::leaf(a, true), rb = rt::leaf(b, true), rc = rt::leaf(c, true);
  const auto joined =
      rt::concat(rt::tanh(rt::matmul(rt::leaf(L), ra)), rt::relu(rt::matmul(rt::leaf(R), rb)));
  const auto l = rt::mean(rt::bce_with_logits(rt::matmul(joined, rc), rt::leaf(Y)));
  rt::backward(l);
  CHECK(ws[loss](0, 0) == Approx(l->value(0, 0)).epsilon(1e-12));
  CHECK(matrix(ws[g[A]]).isApprox(ra->grad, 1e-10));
  CHECK(matrix(ws[g[B]]).isApprox(rb->grad, 1e-10));
  CHECK(matrix(ws[g[C]]).isApprox(rc->grad, 1e-10));
  CHECK(mg::check_gradients(loss, mg::wrt(A, B, C), left = L, right = R, A = a, B = b, C = c, y = Y)
            .ok);
}

TEST_CASE(
    "a row and a column broadcast by add, sub and mul: compiled, runtime graph and finite "
    "differences agree",
    "[runtime]") {
  constexpr auto x = mg::input<"x">;
  constexpr auto A = mg::param<"A">;
  constexpr auto q = mg::param<"q", 1, mg::dyn>;
  constexpr auto h = x * A;
  constexpr auto r = mg::sum(mg::tanh(h), mg::per_row);  // a column
  constexpr auto loss = mg::mean(mg::bce_with_logits(mg::mul(mg::sub(mg::sub(h, q), r), r), y));
  STATIC_REQUIRE(std::is_same_v<std::remove_const_t<decltype(mg::add(h, r))>,
                                mg::expr<mg::add_col_op, std::remove_const_t<decltype(h)>,
                                         std::remove_const_t<decltype(r)>>>);
  std::srand(8);
  const matrix X = matrix::Random(7, 4), a = matrix::Random(4, 3), b = matrix::Random(1, 3);
  const matrix Y = (matrix::Random(7, 3).array() > 0).cast<double>();
  constexpr auto g = mg::grad(loss);
  auto ws = mg::compile(loss, g).workspace(x = X, A = a, q = b, y = Y);
  ws.run();

  const auto ra = rt::leaf(a, true), rq = rt::leaf(b, true);
  const auto rh = rt::matmul(rt::leaf(X), ra);
  matrix ones = matrix::Ones(3, 1);
  const auto rr = rt::matmul(rt::tanh(rh), rt::leaf(ones));
  const auto shifted =
      rt::add_col(rt::add_row(rh, rt::affine(rq, -1.0, 0.0)), rt::affine(rr, -1.0, 0.0));
  const auto l = rt::mean(rt::bce_with_logits(rt::mul_col(shifted, rr), rt::leaf(Y)));
  rt::backward(l);
  CHECK(ws[loss](0, 0) == Approx(l->value(0, 0)).epsilon(1e-12));
  CHECK(matrix(ws[g[A]]).isApprox(ra->grad, 1e-10));
  CHECK(matrix(ws[g[q]]).isApprox(rq->grad, 1e-10));
  CHECK(mg::check_gradients(loss, mg::wrt(A, q), x = X, A = a, q = b, y = Y).ok);
}
