// Two runs with the same thread count give the same bits; one and two threads agree to 1e-6.
#include <metagrad/metagrad.hpp>

#include <catch2/catch.hpp>

#include <cstring>

namespace mg = metagrad;

namespace {

constexpr auto x = mg::input<"x", mg::dyn, 300>;
constexpr auto y = mg::input<"y", mg::dyn, 40>;
constexpr auto W1 = mg::param<"W1", 300, 128>;
constexpr auto b1 = mg::param<"b1", 1, 128>;
constexpr auto W2 = mg::param<"W2", 128, 40>;
constexpr auto b2 = mg::param<"b2", 1, 40>;
constexpr auto alpha = mg::scalar<"alpha">;
constexpr auto gamma_ = mg::scalar<"gamma">;
constexpr auto logits = mg::relu(x * W1 + b1) * W2 + b2;
constexpr auto loss = mg::mean(mg::focal_with_logits(logits, y, alpha, gamma_));
constexpr auto g = mg::grad(loss, W1, b1, W2, b2);

struct results {
  float loss;
  Eigen::MatrixXf w1, c1, w2, c2;
};

results run_with(int threads) {
  static auto program = mg::compile(loss, g);
  std::srand(7);
  const Eigen::MatrixXf X = Eigen::MatrixXf::Random(512, 300);
  const Eigen::MatrixXf Y = (Eigen::MatrixXf::Random(512, 40).array() > 0.6f).cast<float>();
  const Eigen::MatrixXf w1 = Eigen::MatrixXf::Random(300, 128) * 0.1f,
                        c1 = Eigen::MatrixXf::Random(1, 128);
  const Eigen::MatrixXf w2 = Eigen::MatrixXf::Random(128, 40) * 0.1f,
                        c2 = Eigen::MatrixXf::Random(1, 40);
  auto ws = program.workspace(x = X, y = Y, W1 = w1, b1 = c1, W2 = w2, b2 = c2, alpha = 0.25f,
                              gamma_ = 2.0f);
  ws.set_threads(threads);
  ws.run();
  return {ws[loss](0, 0), ws[g[W1]], ws[g[b1]], ws[g[W2]], ws[g[b2]]};
}

bool same_bits(const Eigen::MatrixXf& a, const Eigen::MatrixXf& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

double relative_difference(const Eigen::MatrixXf& a, const Eigen::MatrixXf& b) {
  return (a - b).cwiseAbs().maxCoeff() / std::max(1e-30f, b.cwiseAbs().maxCoeff());
}

}  // namespace

TEST_CASE("two runs on two threads give bit-identical loss and gradients", "[determinism]") {
  const results a = run_with(2), b = run_with(2);
  CHECK(std::memcmp(&a.loss, &b.loss, sizeof(float)) == 0);
  CHECK(same_bits(a.w1, b.w1));
  CHECK(same_bits(a.c1, b.c1));
  CHECK(same_bits(a.w2, b.w2));
  CHECK(same_bits(a.c2, b.c2));
}

TEST_CASE("one thread and two threads agree to 1e-6 relative", "[determinism]") {
  const results one = run_with(1), two = run_with(2);
  CHECK(std::abs(one.loss - two.loss) <= 1e-6 * std::abs(two.loss));
  CHECK(relative_difference(one.w1, two.w1) <= 1e-6);
  CHECK(relative_difference(one.c1, two.c1) <= 1e-6);
  CHECK(relative_difference(one.w2, two.w2) <= 1e-6);
  CHECK(relative_difference(one.c2, two.c2) <= 1e-6);
}
