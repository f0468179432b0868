// The rewrites of ops/rewrites.hpp: for each, the type an expression is built as, before and
// after; where a rewrite changes numbers, the values it keeps.
#include <metagrad/metagrad.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <type_traits>

namespace mg = metagrad;

namespace {

constexpr auto x = mg::input<"x">;
constexpr auto W = mg::param<"W">;
constexpr auto y = mg::input<"y">;
constexpr auto p = mg::scalar<"p">;
constexpr auto z = x * W;
constexpr auto s = mg::sigmoid(z);

template <class T>
using type = std::remove_const_t<T>;
using Z = type<decltype(z)>;

template <class A, class B>
constexpr bool same = std::is_same_v<type<A>, type<B>>;

template <class T, class Slope>
constexpr bool reads_slope = false;
template <class G, class S, class Slope>
constexpr bool reads_slope<mg::expr<mg::mul_op, G, S>, Slope> = same<S, Slope>;

}  // namespace

TEST_CASE("rewrites: the stable form is the type that is built", "[rewrites]") {
  STATIC_REQUIRE(same<decltype(mg::log(s)), decltype(mg::log_sigmoid(z))>);
  STATIC_REQUIRE(same<decltype(mg::log(mg::softmax(z))), decltype(mg::log_softmax(z))>);
  STATIC_REQUIRE(same<decltype(mg::log(mg::exp(z))), Z>);
  STATIC_REQUIRE(same<decltype(mg::one_minus(s)), decltype(mg::sigmoid(mg::neg(z)))>);
  STATIC_REQUIRE(same<decltype(mg::log(mg::one_minus(s))), decltype(mg::log_sigmoid(mg::neg(z)))>);
  STATIC_REQUIRE(
      same<decltype(mg::pow(s, p)), decltype(mg::exp(mg::scale(mg::log_sigmoid(z), p)))>);
  STATIC_REQUIRE(same<decltype(mg::neg(mg::neg(z))), Z>);
  // Elsewhere nothing is rewritten.
  STATIC_REQUIRE(same<decltype(mg::log(z)), mg::expr<mg::log_op, Z>>);
  STATIC_REQUIRE(same<decltype(mg::pow(z, p)), mg::expr<mg::pow_op, Z, type<decltype(p)>>>);
}

TEST_CASE("rewrites: exp(log(x)) is x only where x is known positive", "[rewrites]") {
  STATIC_REQUIRE(same<decltype(mg::exp(mg::make<mg::log_op>(s))), decltype(s)>);
  STATIC_REQUIRE(same<decltype(mg::exp(mg::log(mg::softplus(z)))), decltype(mg::softplus(z))>);
  STATIC_REQUIRE(
      same<decltype(mg::exp(mg::make<mg::log_op>(mg::softmax(z)))), decltype(mg::softmax(z))>);
  // z may be negative, where log(z) is NaN: exp(log(z)) stays as written.
  STATIC_REQUIRE(
      same<decltype(mg::exp(mg::log(z))), mg::expr<mg::exp_op, mg::expr<mg::log_op, Z>>>);
}

TEST_CASE("rewrites: a common factor is taken out of a sum or a difference", "[rewrites]") {
  constexpr auto a = mg::sigmoid(z);
  constexpr auto b = mg::tanh(z);
  constexpr auto c = mg::exp(z);
  using A = type<decltype(a)>;
  using B = type<decltype(b)>;
  using C = type<decltype(c)>;
  using collapsed_sum = mg::expr<mg::mul_op, mg::expr<mg::add_op, A, B>, C>;
  using collapsed_difference = mg::expr<mg::mul_op, mg::expr<mg::sub_op, A, B>, C>;
  // The factor on either side of either product.
  STATIC_REQUIRE(same<decltype(mg::add(mg::mul(a, c), mg::mul(b, c))), collapsed_sum>);
  STATIC_REQUIRE(same<decltype(mg::add(mg::mul(c, a), mg::mul(b, c))), collapsed_sum>);
  STATIC_REQUIRE(same<decltype(mg::add(mg::mul(a, c), mg::mul(c, b))), collapsed_sum>);
  STATIC_REQUIRE(same<decltype(mg::sub(mg::mul(c, a), mg::mul(c, b))), collapsed_difference>);
  // No shared factor: as written.
  using AC = mg::expr<mg::mul_op, A, C>;
  using BB = mg::expr<mg::mul_op, B, B>;
  STATIC_REQUIRE(
      same<decltype(mg::add(mg::mul(a, c), mg::mul(b, b))), mg::expr<mg::add_op, AC, BB>>);
  // The values are the same.
  const Eigen::MatrixXd X = Eigen::MatrixXd::Random(5, 3), w = Eigen::MatrixXd::Random(3, 4);
  constexpr auto written = mg::add(mg::mul(a, c), mg::mul(b, c));
  auto ws = mg::compile(written).workspace(x = X, W = w);
  ws.run();
  const Eigen::ArrayXXd zz = X * w;
  const Eigen::MatrixXd want = ((1 / (1 + (-zz).exp()) + zz.tanh()) * zz.exp()).matrix();
  CHECK(Eigen::MatrixXd(ws[written]).isApprox(want, 1e-14));
}

TEST_CASE("rewrites: sigmoid' is sigmoid(z) sigmoid(-z), one slope for z and -z", "[rewrites]") {
  using slope = decltype(mg::mul(mg::sigmoid(z), mg::sigmoid(mg::neg(z))));
  STATIC_REQUIRE(same<decltype(mg::sigmoid_slope(z)), slope>);
  STATIC_REQUIRE(same<decltype(mg::sigmoid_slope(mg::neg(z))), slope>);
  // The derived gradient of sigmoid(W) is its adjoint times that slope.
  constexpr auto g = mg::grad(mg::sum(mg::sigmoid(W)));
  STATIC_REQUIRE(reads_slope<type<decltype(g[W])>, decltype(mg::sigmoid_slope(W))>);
}

TEST_CASE("rewrites: sigmoid' keeps its digits in float where s (1 - s) rounds to 0",
          "[rewrites]") {
  constexpr auto v = mg::param<"v">;
  constexpr auto l = mg::sum(mg::sigmoid(v));
  constexpr auto g = mg::grad(l);
  Eigen::MatrixXf at(1, 4);
  at << -30, -17, 17, 30;
  auto ws = mg::compile(l, g).workspace(v = at);
  ws.run();
  const Eigen::MatrixXf got = ws[g[v]];
  for (Eigen::Index i = 0; i < at.size(); ++i) {
    const double e = std::exp(-std::abs(double(at(i)))), want = e / ((1 + e) * (1 + e));
    INFO("z = " << at(i) << ": " << got(i) << " for " << want);
    CHECK(std::abs(got(i) - want) <= 1e-6 * want);  // s (1 - s) is 0 or 50% off here
  }
}

TEST_CASE("rewrites: focal loss's factor, sigmoid(z) and sigmoid(-z), differentiates right",
          "[rewrites]") {
  constexpr auto zz = mg::param<"z">;
  constexpr auto m =
      mg::add(mg::mul(mg::sigmoid(zz), mg::one_minus(y)), mg::mul(mg::sigmoid(mg::neg(zz)), y));
  const Eigen::MatrixXd Z = Eigen::MatrixXd::Random(4, 3) * 5,
                        Y = (Eigen::MatrixXd::Random(4, 3).array() > 0).cast<double>();
  CHECK(mg::check_gradients(mg::sum(mg::pow(m, p)), mg::wrt(zz), zz = Z, y = Y, p = 2.0).ok);
}
