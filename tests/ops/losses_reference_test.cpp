// Every loss variant of ../shared/reference/losses.json: value and d loss / d z, in float and
// double, including the extreme logits (|z| up to 1000) where everything must stay finite.
#include <metagrad/metagrad.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "support/reference.hpp"

namespace mg = metagrad;
using namespace metagrad::testing;

namespace {

constexpr auto z = mg::param<"z">;
constexpr auto y = mg::input<"y">;
constexpr auto pw = mg::input<"pos_weight">;
constexpr auto w = mg::input<"sample_weight">;
constexpr auto alpha = mg::scalar<"alpha">;
constexpr auto gamma_ = mg::scalar<"gamma">;  // ::gamma is a libm function

template <class S>
using matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

template <class S>
matrix<S> matrix_of(const nlohmann::json& v) {
  return metagrad::testing::matrix<S>(v, true);
}
template <class S>
matrix<S> reference_column(const nlohmann::json& v) {
  return metagrad::testing::matrix<S>(v, false);
}

// Runs `loss` and its gradient on every reference case and compares with results[variant].
template <class S, class Loss, class Bind>
void check_variant(Loss loss, const std::string& variant, Bind bind) {
  static const nlohmann::json reference = load_reference("losses.json");
  constexpr auto g = mg::grad(loss, z);
  auto program = mg::compile(loss, g);
  int index = 0;
  for (const auto& c : reference["loss_cases"]) {
    const auto& expected = c["results"][variant];
    const matrix<S> zv = matrix_of<S>(c["z"]), yv = matrix_of<S>(c["y"]);
    const matrix<S> pv = matrix_of<S>(c["pos_weight"]);
    const matrix<S> wv = reference_column<S>(c["sample_weight"]);
    auto ws = bind(program, zv, yv, pv, wv);
    ws.run();
    const double value = ws[loss](0, 0);
    const matrix<S> grad_z = ws[g[z]];
    INFO(variant << ", case " << index << " (" << zv.rows() << " x " << zv.cols() << ")");
    CHECK(std::isfinite(value));
    CHECK(grad_z.allFinite());
    CHECK(close<S>(value, expected["value"].get<double>()));
    const matrix<double> want = matrix_of<double>(expected["grad_z"]);
    for (Eigen::Index i = 0; i < want.rows(); ++i)
      for (Eigen::Index j = 0; j < want.cols(); ++j) {
        if (!std::isfinite(want(i, j))) continue;  // PyTorch's own NaN: ours is checked finite
        INFO("grad_z[" << i << ", " << j << "] = " << grad_z(i, j) << ", PyTorch " << want(i, j));
        CHECK(close<S>(grad_z(i, j), want(i, j)));
      }
    ++index;
  }
}

}  // namespace

TEMPLATE_TEST_CASE("bce_with_logits mean and sum match PyTorch", "[losses]", float, double) {
  auto plain = [](auto& p, auto& zv, auto& yv, auto&, auto&) {
    return p.workspace(z = zv, y = yv);
  };
  check_variant<TestType>(mg::mean(mg::bce_with_logits(z, y)), "bce_mean", plain);
  check_variant<TestType>(mg::sum(mg::bce_with_logits(z, y)), "bce_sum", plain);
}

TEMPLATE_TEST_CASE("bce_with_logits with pos_weight matches PyTorch", "[losses]", float, double) {
  check_variant<TestType>(mg::mean(mg::bce_with_logits(z, y, mg::pos_weight(pw))),
                          "bce_pos_weight_mean", [](auto& p, auto& zv, auto& yv, auto& pv, auto&) {
                            return p.workspace(z = zv, y = yv, pw = pv);
                          });
}

TEMPLATE_TEST_CASE("bce_with_logits with sample weights matches PyTorch", "[losses]", float,
                   double) {
  check_variant<TestType>(mg::mean(mg::bce_with_logits(z, y, mg::sample_weight(w))),
                          "bce_sample_weight_mean",
                          [](auto& p, auto& zv, auto& yv, auto&, auto& wv) {
                            return p.workspace(z = zv, y = yv, w = wv);
                          });
}

TEMPLATE_TEST_CASE("focal_with_logits matches torchvision for every alpha and gamma", "[losses]",
                   float, double) {
  struct setting {
    const char* name;
    double a, g;
    bool mean;
  };
  for (const setting s :
       {setting{"focal_a0.25_g2_mean", 0.25, 2, true},
        setting{"focal_a0.25_g2_sum", 0.25, 2, false}, setting{"focal_a-1_g0_mean", -1, 0, true},
        setting{"focal_a0.5_g0.5_mean", 0.5, 0.5, true},
        setting{"focal_a-1_g5_mean", -1, 5, true}}) {
    auto bind = [&](auto& p, auto& zv, auto& yv, auto&, auto&) {
      return p.workspace(z = zv, y = yv, alpha = s.a, gamma_ = s.g);
    };
    if (s.mean)
      check_variant<TestType>(mg::mean(mg::focal_with_logits(z, y, alpha, gamma_)), s.name, bind);
    else
      check_variant<TestType>(mg::sum(mg::focal_with_logits(z, y, alpha, gamma_)), s.name, bind);
  }
}

TEMPLATE_TEST_CASE("softmax_cross_entropy matches PyTorch", "[losses]", float, double) {
  check_variant<TestType>(
      mg::mean(mg::softmax_cross_entropy(z, y)), "softmax_ce_mean",
      [](auto& p, auto& zv, auto& yv, auto&, auto&) { return p.workspace(z = zv, y = yv); });
}
