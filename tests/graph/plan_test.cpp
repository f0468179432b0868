// The planner and the executor on mock ops, so that a failure points at the machinery (fusion,
// buffer reuse, shared subexpressions), not at a derivative.
#include <metagrad/metagrad.hpp>

#include <catch2/catch.hpp>

namespace mg = metagrad;

namespace {

// f(x, y) = x - 2y: a mock element-wise op with a known Jacobian.
struct mock_op : mg::elementwise_op {
  static constexpr const char* name = "mock";
  static constexpr mg::shape infer(mg::shape a, mg::shape) { return a; }
  template <class S>
  static auto apply(mg::shape, const auto& a, const auto& b) {
    return a - S(2) * b;
  }
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A, B) {
    if constexpr (K == 0)
      return g;  // d/dx = 1
    else
      return mg::neg(mg::add(g, g));  // d/dy = -2
  }
};
template <class A, class B>
constexpr auto mock(A a, B b) {
  return mg::make<mock_op>(a, b);
}

constexpr auto x = mg::input<"x", 3, 2>;
constexpr auto p = mg::param<"p", 3, 2>;
constexpr auto q = mg::param<"q", 2, 2>;

template <class Program, class T>
constexpr bool buffered(T) {
  return Program::plan::buffered[Program::topo::template index_of<T>];
}

}  // namespace

TEST_CASE("equal subexpressions are one node: common-subexpression elimination by type", "[plan]") {
  constexpr auto a = mock(x, p);
  constexpr auto b = mock(x, p);  // built again, the same type
  STATIC_REQUIRE(std::is_same_v<decltype(a), decltype(b)>);
  using program = decltype(mg::compile(mg::sum(mg::mul(a, b))));
  // x, p, mock, mul, sum: mock appears once although the expression names it twice.
  STATIC_REQUIRE(program::size == 5);
}

TEST_CASE("an element-wise chain with one reader is fused into that reader", "[plan]") {
  constexpr auto chain = mg::sum(mg::relu(mock(mock(x, p), p)));
  using program = decltype(mg::compile(chain));
  STATIC_REQUIRE(!buffered<program>(mock(x, p)));
  STATIC_REQUIRE(!buffered<program>(mg::relu(mock(mock(x, p), p))));
  STATIC_REQUIRE(buffered<program>(chain));  // the root
  STATIC_REQUIRE(program::plan::slots.count == 1);
}

TEST_CASE("a node read twice, or by a GEMM, gets a buffer", "[plan]") {
  constexpr auto m = mock(x, p);
  constexpr auto twice = mg::sum(mg::mul(mg::relu(m), mg::sigmoid(m)));
  STATIC_REQUIRE(buffered<decltype(mg::compile(twice))>(m));
  constexpr auto product = mg::sum(m * q);
  using program = decltype(mg::compile(product));
  STATIC_REQUIRE(buffered<program>(m));
}

TEST_CASE("a transpose read by a GEMM is a view, never a buffer", "[plan]") {
  constexpr auto loss = mg::sum(mg::transpose(x) * p);
  using program = decltype(mg::compile(loss));
  STATIC_REQUIRE(!buffered<program>(mg::transpose(x)));
}

TEST_CASE("buffers are reused once their last reader has run", "[plan]") {
  // A chain of products: each reads only the one before it, so two slots alternate, and the
  // root sum takes whichever is free.
  constexpr auto c = ((((x * q) * q) * q) * q) * q;
  using program = decltype(mg::compile(mg::sum(c)));
  STATIC_REQUIRE(program::plan::slots.count == 2);
}

TEST_CASE("the executor computes a mock op and its gradient through fused kernels", "[plan]") {
  constexpr auto loss = mg::sum(mock(mock(x, p), mg::relu(p)));  // (x - 2p) - 2 relu(p)
  constexpr auto g = mg::grad(loss, p);
  auto program = mg::compile(loss, g);
  Eigen::MatrixXd X(3, 2), P(3, 2);
  X << 1, 2, 3, 4, 5, 6;
  P << 0.5, -1, 2, -3, 0.25, 1;
  auto ws = program.workspace(x = X, p = P);
  ws.run();
  const double expected = (X - 2 * P).sum() - 2 * P.cwiseMax(0.0).sum();
  CHECK(ws[loss](0, 0) == Approx(expected));
  // d/dp = -2 - 2 [p > 0]
  const Eigen::MatrixXd want = (-2.0 - 2.0 * (P.array() > 0).cast<double>()).matrix();
  CHECK(ws[g[p]].isApprox(want));
}

TEST_CASE("rebinding to a larger batch grows the arena; the same batch reuses it", "[plan]") {
  constexpr auto batch = mg::input<"batch", mg::dyn, 2>;
  constexpr auto out = mg::relu(batch * q);
  auto program = mg::compile(out);
  Eigen::MatrixXf small = Eigen::MatrixXf::Ones(4, 2), large = Eigen::MatrixXf::Ones(64, 2);
  const Eigen::MatrixXf Q = Eigen::MatrixXf::Identity(2, 2);
  auto ws = program.workspace(batch = small, q = Q);
  ws.run();
  const std::size_t first = ws.arena_size();
  ws.bind(batch = large);
  ws.run();
  CHECK(ws.arena_size() > first);
  CHECK(ws[out].rows() == 64);
  CHECK(ws[out].sum() == Approx(128));
  ws.bind(batch = small);
  ws.run();
  CHECK(ws[out].rows() == 4);
}

namespace {
// A mock op whose declared derivative is wrong: f(x, y) = x - 2y, but it claims d/dy = -3.
struct wrong_mock_op : mock_op {
  template <std::size_t K, class Self, class G, class A, class B>
  static constexpr auto vjp(Self, G g, A, B) {
    if constexpr (K == 0)
      return g;
    else
      return mg::neg(mg::add(mg::add(g, g), g));
  }
};
}  // namespace

TEST_CASE("check_gradients catches a wrong vector-Jacobian product and names the element",
          "[plan]") {
  constexpr auto loss = mg::sum(mg::make<wrong_mock_op>(x, p));
  Eigen::MatrixXd X = Eigen::MatrixXd::Ones(3, 2), P = Eigen::MatrixXd::Ones(3, 2);
  const auto report = mg::check_gradients(loss, mg::wrt(p), x = X, p = P);
  CHECK_FALSE(report.ok);
  CHECK(report.checked == 6);
  REQUIRE(!report.failures.empty());
  CHECK(report.failures.front() == "p[0, 0]: analytic -3, numeric -2");
  const auto right = mg::check_gradients(mg::sum(mock(x, p)), mg::wrt(p), x = X, p = P);
  CHECK(right.ok);
}
