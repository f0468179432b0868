// greater, less, where, max, min, clamp, softmax, log_softmax and slice: values against direct
// formulas, the derived gradient of a loss using all of them against finite differences and the
// runtime graph, the sub-gradients at ties and bounds (PyTorch's), the log(softmax) rewrite, and
// the run-time sentence of a slice wider than its operand.
#include <metagrad/metagrad.hpp>
#include <metagrad/runtime/selection.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <type_traits>

namespace mg = metagrad;
namespace rt = metagrad::runtime;
using matrix = Eigen::MatrixXd;

namespace {

constexpr auto x = mg::input<"x">;
constexpr auto W = mg::param<"W">;
constexpr auto V = mg::param<"V">;
constexpr auto t = mg::scalar<"t">;
constexpr auto lo = mg::scalar<"lo">;
constexpr auto hi = mg::scalar<"hi">;
constexpr auto a = x * W;
constexpr auto b = mg::tanh(x * V);
constexpr auto picked = mg::where(mg::greater(a, t), a, mg::mul(a, a)) + mg::max(a, b) +
                        mg::min(a, b) + mg::clamp(a, lo, hi) + mg::log_softmax(a) +
                        mg::mul(mg::softmax(a), b);
constexpr auto loss = mg::mean(picked) + mg::mean(mg::mul(mg::slice<1, 2>(a), mg::slice<0, 2>(b)));

struct data {
  matrix X, w, v;
  data() {
    std::srand(23), X = matrix::Random(7, 5), w = matrix::Random(5, 4), v = matrix::Random(5, 4);
  }
};

double softmax_at(const matrix& z, Eigen::Index i, Eigen::Index j) {
  return std::exp(z(i, j)) / z.row(i).array().exp().sum();
}

}  // namespace

TEST_CASE("selecting ops compute their formulas", "[selection]") {
  const data d;
  auto ws = mg::compile(picked, a, mg::slice<1, 2>(a), mg::less(a, b))
                .workspace(x = d.X, W = d.w, V = d.v, t = 0.1, lo = -0.3, hi = 0.4);
  ws.run();
  const matrix A = d.X * d.w, B = (d.X * d.v).array().tanh().matrix();
  const matrix got = ws[picked];
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j) {
      const double s = softmax_at(A, i, j);
      const double want = (A(i, j) > 0.1 ? A(i, j) : A(i, j) * A(i, j)) +
                          std::max(A(i, j), B(i, j)) + std::min(A(i, j), B(i, j)) +
                          std::clamp(A(i, j), -0.3, 0.4) + std::log(s) + s * B(i, j);
      CHECK(got(i, j) == Approx(want).epsilon(1e-12));
      CHECK(ws[mg::less(a, b)](i, j) == (A(i, j) < B(i, j) ? 1.0 : 0.0));
    }
  CHECK(matrix(ws[mg::slice<1, 2>(a)]) == matrix(ws[a]).middleCols(1, 2));
}

TEST_CASE("their derived gradients agree with finite differences and the runtime graph",
          "[selection]") {
  const data d;
  CHECK(mg::check_gradients(loss, mg::wrt(W, V), x = d.X, W = d.w, V = d.v, t = 0.1, lo = -0.3,
                            hi = 0.4)
            .ok);

  constexpr auto g = mg::grad(loss);
  auto ws = mg::compile(loss, g).workspace(x = d.X, W = d.w, V = d.v, t = 0.1, lo = -0.3, hi = 0.4);
  ws.run();
  const auto rw = rt::leaf(d.w, true), rv = rt::leaf(d.v, true);
  const auto ra = rt::matmul(rt::leaf(d.X), rw);
  const auto rb = rt::tanh(rt::matmul(rt::leaf(d.X), rv));
  const matrix above = (ra->value.array() > 0.1).cast<double>().matrix();
  const auto each =
      rt::add(rt::add(rt::add(rt::where(above, ra, rt::mul(ra, ra)), rt::maximum(ra, rb)),
                      rt::add(rt::minimum(ra, rb), rt::clamp(ra, -0.3, 0.4))),
              rt::add(rt::log_softmax(ra), rt::mul(rt::softmax(ra), rb)));
  const auto l =
      rt::add(rt::mean(each), rt::mean(rt::mul(rt::slice(ra, 1, 2), rt::slice(rb, 0, 2))));
  rt::backward(l);
  CHECK(ws[loss](0, 0) == Approx(l->value(0, 0)).epsilon(1e-12));
  CHECK(matrix(ws[g[W]]).isApprox(rw->grad, 1e-10));
  CHECK(matrix(ws[g[V]]).isApprox(rv->grad, 1e-10));
}

TEST_CASE("max and min split a tie's gradient in halves; clamp passes it at its bounds",
          "[selection]") {
  constexpr auto p = mg::param<"p">;
  constexpr auto q = mg::param<"q">;
  constexpr auto l =
      mg::sum(mg::max(p, q)) + mg::sum(mg::scale(mg::min(p, q), t)) + mg::sum(mg::clamp(p, lo, hi));
  constexpr auto g = mg::grad(l);
  matrix pv(1, 4), qv(1, 4);
  pv << 1, 2, 3, -1;
  qv << 1, 0, 5, -1;
  auto ws = mg::compile(l, g).workspace(p = pv, q = qv, t = 10.0, lo = -1.0, hi = 2.0);
  ws.run();
  // max: tie, p, q, tie; min (times 10): tie, q, p, tie; clamp: in at 1, at 2 (bound), out, at -1.
  CHECK(matrix(ws[g[p]]) ==
        (matrix(1, 4) << 0.5 + 5 + 1, 1 + 0 + 1, 0 + 10 + 0, 0.5 + 5 + 1).finished());
  CHECK(matrix(ws[g[q]]) == (matrix(1, 4) << 0.5 + 5, 0 + 10, 1 + 0, 0.5 + 5).finished());
}

TEST_CASE("where() by a comparison differentiates as relu does; the mask takes no gradient",
          "[selection]") {
  const data d;
  constexpr auto r = mg::mean(mg::where(mg::greater(a, t), a, mg::zeros_like(a)));
  constexpr auto relu = mg::mean(mg::relu(a));
  constexpr auto gr = mg::grad(r);
  constexpr auto gu = mg::grad(relu);
  auto ws = mg::compile(r, gr, relu, gu).workspace(x = d.X, W = d.w, t = 0.0);
  ws.run();
  CHECK(ws[r](0, 0) == Approx(ws[relu](0, 0)).epsilon(1e-15));
  CHECK(matrix(ws[gr[W]]) == matrix(ws[gu[W]]));
}

TEST_CASE("rewrite: log(softmax(z)) is built as log_softmax(z)", "[selection]") {
  STATIC_REQUIRE(std::is_same_v<decltype(mg::log(mg::softmax(a))), decltype(mg::log_softmax(a))>);
}

TEST_CASE("a slice wider than a width the data decides is refused at run time", "[selection]") {
  const data d;  // a has 4 columns; columns 3 and 4 do not exist
  auto program = mg::compile(mg::sum(mg::slice<3, 2>(a)));
  CHECK_THROWS_WITH(
      program.workspace(x = d.X, W = d.w),
      Catch::Contains("slice<begin, count>(a): begin + count must not exceed a.cols"));
}
