// exp, log, log1p, sqrt, abs, div and pow: values against the standard library, and the derived
// gradient of a loss using all of them against finite differences and the runtime graph; the
// asymmetric loss (ops/asymmetric_loss.hpp) and the soft macro-F1 loss a user writes from them
// (examples/user_losses.hpp) against 50-digit references (../shared/reference).
#include <metagrad/metagrad.hpp>
#include <metagrad/runtime/ops.hpp>

#include <catch2/catch.hpp>

#include <cmath>

#include "support/reference.hpp"
#include "user_losses.hpp"

namespace mg = metagrad;
namespace rt = metagrad::runtime;
using matrix = Eigen::MatrixXd;

namespace {

constexpr auto x = mg::input<"x">;
constexpr auto W = mg::param<"W">;
constexpr auto p = mg::scalar<"p">;
constexpr auto z = x * W;
constexpr auto u = mg::sigmoid(z);  // in (0, 1): inside every function's domain
constexpr auto terms =
    mg::log(u) + mg::sqrt(u) + mg::log1p(u) + mg::abs(z) + mg::div(z, mg::exp(u)) + mg::pow(u, p);
constexpr auto loss = mg::mean(terms);

struct data {
  matrix X, w;
  data() { std::srand(17), X = matrix::Random(6, 4), w = matrix::Random(4, 3); }
};

}  // namespace

TEST_CASE("elementary functions compute what the standard library does", "[elementary]") {
  const data d;
  auto ws = mg::compile(terms).workspace(x = d.X, W = d.w, p = 1.7);
  ws.run();
  const matrix zz = d.X * d.w, got = ws[terms];
  for (Eigen::Index i = 0; i < zz.size(); ++i) {
    const double s = 1 / (1 + std::exp(-zz(i)));
    const double want = std::log(s) + std::sqrt(s) + std::log1p(s) + std::abs(zz(i)) +
                        zz(i) / std::exp(s) + std::pow(s, 1.7);
    CHECK(got(i) == Approx(want).epsilon(1e-12));
  }
}

TEST_CASE("their derived gradients agree with finite differences and the runtime graph",
          "[elementary]") {
  const data d;
  CHECK(mg::check_gradients(loss, mg::wrt(W), x = d.X, W = d.w, p = 1.7).ok);

  constexpr auto g = mg::grad(loss);
  auto ws = mg::compile(loss, g).workspace(x = d.X, W = d.w, p = 1.7);
  ws.run();
  const auto rw = rt::leaf(d.w, true);
  const auto rz = rt::matmul(rt::leaf(d.X), rw);
  const auto ru = rt::sigmoid(rz);
  const auto sum =
      rt::add(rt::add(rt::add(rt::log(ru), rt::sqrt(ru)), rt::add(rt::log1p(ru), rt::abs(rz))),
              rt::add(rt::div(rz, rt::exp(ru)), rt::pow(ru, 1.7)));
  const auto l = rt::mean(sum);
  rt::backward(l);
  CHECK(ws[loss](0, 0) == Approx(l->value(0, 0)).epsilon(1e-12));
  CHECK(matrix(ws[g[W]]).isApprox(rw->grad, 1e-10));
}

TEST_CASE("abs takes the sub-gradient 0 at 0, as PyTorch does", "[elementary]") {
  constexpr auto a = mg::param<"a">;
  constexpr auto l = mg::sum(mg::abs(a));
  matrix v(1, 3);
  v << -2, 0, 3;
  constexpr auto g = mg::grad(l);
  auto ws = mg::compile(l, g).workspace(a = v);
  ws.run();
  CHECK(matrix(ws[g[a]]) == (matrix(1, 3) << -1, 0, 1).finished());
}

namespace {

// Within 1e-6 relative or 1e-9 absolute where the reference is finite; where it is not (the
// literal formula's log(0)), the same non-finite value.
void check_close(const matrix& got, const matrix& want) {
  for (Eigen::Index i = 0; i < want.size(); ++i) {
    INFO("element " << i << ": " << got(i) << " for " << want(i));
    if (!std::isfinite(want(i))) {  // (the reader gives NaN for the reference's inf)
      CHECK(!std::isfinite(got(i)));
      continue;
    }
    const double tolerance = std::max(1e-9, 1e-6 * std::abs(want(i)));
    CHECK(std::abs(got(i) - want(i)) <= tolerance);
  }
}

}  // namespace

TEST_CASE("the asymmetric loss written from primitives matches 50-digit values", "[elementary]") {
  namespace ref = mg::testing;
  constexpr auto zz = mg::param<"z">;
  constexpr auto yy = mg::input<"y">;
  constexpr auto gp = mg::scalar<"gamma_pos">;
  constexpr auto gn = mg::scalar<"gamma_neg">;
  constexpr auto margin = mg::scalar<"margin">;
  constexpr auto each = asymmetric_loss(zz, yy, gp, gn, margin);
  constexpr auto total = mg::mean(each);
  constexpr auto g = mg::grad(total);
  int cases = 0;
  const nlohmann::json reference = ref::load_reference("user_losses.json");
  for (const auto& c : reference["cases"]) {
    if (c["loss"].get<std::string>() != "asymmetric") continue;
    ++cases;
    const matrix Z = ref::matrix(c["z"]), Y = ref::matrix(c["y"]);
    auto ws = mg::compile(each, total, g)
                  .workspace(zz = Z, yy = Y, gp = c["gamma_pos"].get<double>(),
                             gn = c["gamma_neg"].get<double>(), margin = c["margin"].get<double>());
    ws.run();
    check_close(ws[each], ref::matrix(c["elementwise"]));
    check_close(ws[total], matrix::Constant(1, 1, ref::number(c["mean"])));
    // Where the loss is finite, so is its gradient, and it matches.
    const matrix want = ref::matrix(c["grad_of_mean"]), got = ws[g[zz]];
    for (Eigen::Index i = 0; i < want.size(); ++i) {
      INFO("gradient element " << i << ": " << got(i) << " for " << want(i));
      if (std::isfinite(want(i)))
        CHECK(std::abs(got(i) - want(i)) <= std::max(1e-9, 1e-6 * std::abs(want(i))));
    }
  }
  CHECK(cases == 4);
}

TEST_CASE("the soft macro-F1 loss written from primitives matches 50-digit values",
          "[elementary]") {
  namespace ref = mg::testing;
  constexpr auto zz = mg::param<"z">;
  constexpr auto yy = mg::input<"y">;
  constexpr auto eps = mg::scalar<"eps">;
  constexpr auto loss = soft_macro_f1_loss(zz, yy, eps);
  constexpr auto g = mg::grad(loss);
  int cases = 0;
  const nlohmann::json reference = ref::load_reference("user_losses.json");
  for (const auto& c : reference["cases"]) {
    if (c["loss"].get<std::string>() != "soft_macro_f1") continue;
    ++cases;
    const matrix Z = ref::matrix(c["z"]), Y = ref::matrix(c["y"]);
    auto ws = mg::compile(loss, g).workspace(zz = Z, yy = Y, eps = c["eps"].get<double>());
    ws.run();
    check_close(ws[loss], matrix::Constant(1, 1, ref::number(c["value"])));
    check_close(ws[g[zz]], ref::matrix(c["grad"]));
  }
  CHECK(cases == 4);
}
