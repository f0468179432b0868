// The precision choice: the fewest bits whose out-of-fold micro- and macro-F1 stay within the
// tolerance of the unrounded model's, floats (32) when none do.
#include <metagrad/metrics/precision_choice.hpp>

#include <catch2/catch.hpp>

namespace mm = metagrad::metrics;
using matrix = Eigen::MatrixXf;

namespace {
// Two labels over 1,000 rows: the unrounded model is right everywhere; rounded to `bits`, it
// is wrong on `wrong(bits)` rows of the second label.
struct toy {
  matrix y = matrix::Zero(1000, 2);
  toy() {
    for (Eigen::Index i = 0; i < y.rows(); ++i) y(i, 0) = float(i % 2), y(i, 1) = float(i % 3 == 0);
  }
  matrix with_errors(int wrong) const {
    matrix p = 0.2f + 0.6f * y.array();
    for (Eigen::Index i = 0; i < wrong; ++i) p(i, 1) = 1 - p(i, 1);
    return p;
  }
};
}  // namespace

TEST_CASE("the fewest bits whose scores stay within the tolerance are chosen", "[metrics]") {
  const toy t;
  std::vector<int> asked;
  const auto at = [&](int bits) {
    asked.push_back(bits);
    return t.with_errors(bits == 3 ? 40 : bits == 4 ? 1 : 0);
  };
  const auto c = mm::fewest_bits_keeping_scores(t.y, {0.5, 0.5}, t.with_errors(0), at);
  CHECK(c.bits == 4);
  CHECK(asked == std::vector<int>{3, 4});  // 8 is not tried once 4 keeps the scores
  CHECK(c.float_micro_f1 == 1.0);
  CHECK(c.micro_f1 < 1.0);
  CHECK(c.micro_f1 > 1.0 - 0.002);
}

TEST_CASE("floats are kept when no precision keeps the scores", "[metrics]") {
  const toy t;
  const auto c = mm::fewest_bits_keeping_scores(t.y, {0.5, 0.5}, t.with_errors(0),
                                                [&](int) { return t.with_errors(30); });
  CHECK(c.bits == 32);
  CHECK(c.micro_f1 == c.float_micro_f1);
}
