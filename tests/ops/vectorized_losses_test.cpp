// The loss kernels run on packets (SIMD registers) for most coefficients and on single ones for
// the rest: every coefficient of both paths, in float, on logits from -1000 to 1000, must equal
// the formulas evaluated in double with the standard library (an independent oracle).
#include <metagrad/metagrad.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace mg = metagrad;

namespace {

constexpr auto z = mg::param<"z">;
constexpr auto y = mg::input<"y">;
constexpr auto pw = mg::input<"pos_weight">;
constexpr auto alpha = mg::scalar<"alpha">;
constexpr auto gamma_ = mg::scalar<"gamma">;

// 67 rows (four 16-float packets and a scalar tail per column) of logits across the whole range.
struct case_data {
  Eigen::MatrixXf Z{67, 9}, Y{67, 9}, P{1, 9};
  case_data() {
    const float extremes[] = {-1000, -88.7f, -20, -1e-3f, 0, 1e-3f, 20, 88.7f, 1000};
    for (int j = 0; j < 9; ++j) {
      P(0, j) = 0.5f + float(j);
      for (int i = 0; i < 67; ++i) {
        Z(i, j) = i < 9 ? extremes[(i + j) % 9] : std::sin(float(i * 9 + j)) * float(1 + i % 30);
        Y(i, j) = (i + 2 * j) % 5 == 0 ? 0.3f : float((i * 7 + j) % 3 == 0);
      }
    }
  }
};

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }

void check_close(float got, double want, int i, int j) {
  INFO("coefficient (" << i << ", " << j << "): " << got << " vs " << want);
  REQUIRE(std::isfinite(got));
  CHECK(std::abs(double(got) - want) <= 2e-6 * std::max(1.0, std::abs(want)));
}

}  // namespace

TEST_CASE("vectorized BCE with pos_weight and its gradient equal the double formulas", "[ops]") {
  const case_data d;
  constexpr auto loss = mg::bce_with_logits(z, y, mg::pos_weight(pw));
  constexpr auto g = mg::grad(mg::sum(loss), z);
  auto program = mg::compile(loss, g);
  auto ws = program.workspace(z = d.Z, y = d.Y, pw = d.P);
  ws.run();
  const Eigen::MatrixXf value = ws[loss], dz = ws[g[z]];
  for (int j = 0; j < 9; ++j)
    for (int i = 0; i < 67; ++i) {
      const double zz = d.Z(i, j), yy = d.Y(i, j), p = d.P(0, j);
      check_close(value(i, j), (1 - yy) * softplus(zz) + p * yy * softplus(-zz), i, j);
      check_close(dz(i, j), (1 - yy) * sigmoid(zz) - p * yy * sigmoid(-zz), i, j);
    }
}

TEST_CASE("vectorized focal loss and its gradient equal the double formulas", "[ops]") {
  const case_data d;
  constexpr auto loss = mg::focal_with_logits(z, y, alpha, gamma_);
  constexpr auto g = mg::grad(mg::sum(loss), z);
  auto program = mg::compile(loss, g);
  for (const float gm : {2.0f, 1.5f}) {  // a whole gamma multiplies, another takes exp and log
    auto ws = program.workspace(z = d.Z, y = d.Y, alpha = 0.25f, gamma_ = gm);
    ws.run();
    const Eigen::MatrixXf value = ws[loss], dz = ws[g[z]];
    for (int j = 0; j < 9; ++j)
      for (int i = 0; i < 67; ++i) {
        const double zz = d.Z(i, j), yy = d.Y(i, j), p = sigmoid(zz), not_p = sigmoid(-zz);
        const double ce = (1 - yy) * softplus(zz) + yy * softplus(-zz);
        const double m = (1 - yy) * p + yy * not_p, at = 0.25 * yy + 0.75 * (1 - yy);
        const double q_over_m = m > 0 ? p * not_p / m : 0;
        check_close(value(i, j), at * ce * std::pow(m, gm), i, j);
        check_close(
            dz(i, j),
            at * std::pow(m, gm) * ((1 - yy) * p - yy * not_p + gm * ce * (1 - 2 * yy) * q_over_m),
            i, j);
      }
  }
}

TEST_CASE("vectorized sigmoid and softplus equal the double formulas", "[ops]") {
  const case_data d;
  constexpr auto s = mg::sigmoid(z);
  constexpr auto sp = mg::softplus(z);
  auto program = mg::compile(s, sp);
  auto ws = program.workspace(z = d.Z);
  ws.run();
  const Eigen::MatrixXf sv = ws[s], spv = ws[sp];
  for (int j = 0; j < 9; ++j)
    for (int i = 0; i < 67; ++i) {
      check_close(sv(i, j), sigmoid(d.Z(i, j)), i, j);
      check_close(spv(i, j), softplus(d.Z(i, j)), i, j);
    }
}
