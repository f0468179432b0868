// The whole-MLP cases of ../shared/reference/losses.json (in -> hidden relu -> labels), BCE and
// focal; the loss and all four parameter gradients against PyTorch, in float and double.
#include <metagrad/metagrad.hpp>

#include <catch2/catch.hpp>

#include "support/reference.hpp"

namespace mg = metagrad;
using namespace metagrad::testing;

namespace {

constexpr auto x = mg::input<"X">;  // the two cases differ in every size
constexpr auto y = mg::input<"Y">;
constexpr auto W1 = mg::param<"W1">;
constexpr auto b1 = mg::param<"b1", 1, mg::dyn>;
constexpr auto W2 = mg::param<"W2">;
constexpr auto b2 = mg::param<"b2", 1, mg::dyn>;
constexpr auto alpha = mg::scalar<"alpha">;
constexpr auto gamma_ = mg::scalar<"gamma">;
constexpr auto logits = mg::relu(x * W1 + b1) * W2 + b2;

template <class S = double>
Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> matrix_of(const nlohmann::json& v) {
  return metagrad::testing::matrix<S>(v);
}

template <class S, class Loss, class... Scalars>
void check_mlp(Loss loss, const std::string& variant, Scalars... scalars) {
  using matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  const nlohmann::json reference = load_reference("losses.json");
  constexpr auto g = mg::grad(loss, W1, b1, W2, b2);
  auto program = mg::compile(loss, g);
  int index = 0;
  for (const auto& c : reference["mlp_cases"]) {
    const matrix X = matrix_of<S>(c["X"]), Y = matrix_of<S>(c["Y"]);
    const matrix w1 = matrix_of<S>(c["W1"]), c1 = matrix_of<S>(c["b1"]);
    const matrix w2 = matrix_of<S>(c["W2"]), c2 = matrix_of<S>(c["b2"]);
    auto ws = program.workspace(x = X, y = Y, W1 = w1, b1 = c1, W2 = w2, b2 = c2, scalars...);
    ws.run();
    const auto& expected = c["results"][variant];
    INFO(variant << ", MLP case " << index++);
    CHECK(close<S>(ws[loss](0, 0), expected["value"].get<double>()));
    auto compare = [&](const char* name, const auto& got) {
      const Eigen::MatrixXd want = metagrad::testing::matrix<double>(expected[name]);
      REQUIRE(got.rows() == want.rows());
      REQUIRE(got.cols() == want.cols());
      for (Eigen::Index i = 0; i < want.rows(); ++i)
        for (Eigen::Index j = 0; j < want.cols(); ++j) {
          INFO(name << "[" << i << ", " << j << "] = " << got(i, j) << ", PyTorch " << want(i, j));
          CHECK(close<S>(got(i, j), want(i, j)));
        }
    };
    compare("grad_W1", ws[g[W1]]);
    compare("grad_b1", ws[g[b1]]);
    compare("grad_W2", ws[g[W2]]);
    compare("grad_b2", ws[g[b2]]);
  }
}

}  // namespace

TEMPLATE_TEST_CASE("an MLP's BCE loss and gradients match PyTorch", "[mlp]", float, double) {
  check_mlp<TestType>(mg::mean(mg::bce_with_logits(logits, y)), "bce_mean");
}

TEMPLATE_TEST_CASE("an MLP's focal loss and gradients match PyTorch", "[mlp]", float, double) {
  check_mlp<TestType>(mg::mean(mg::focal_with_logits(logits, y, alpha, gamma_)),
                      "focal_a0.25_g2_mean", alpha = 0.25, gamma_ = 2.0);
}
