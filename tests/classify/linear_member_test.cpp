// The linear member of a classifier: fitted on halves of the networks' folds, and blended at the
// weight (a tenth from 0 to 1) whose out-of-fold score is highest, the first of equals. The scores
// are computed here again from their definition (metrics::cross_fit_cut of the blend).
#include <metagrad/classify/linear_member.hpp>

#include <catch2/catch.hpp>

#include <random>

namespace classify = metagrad::classify;
using matrix = Eigen::MatrixXf;

namespace {

// 600 rows of 6 numeric features; each of 3 labels on when a noisy linear score is positive.
classify::example_rows toy_rows() {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  classify::example_rows e;
  e.numeric.resize(600, 6), e.labels.resize(600, 3);
  for (Eigen::Index i = 0; i < e.numeric.size(); ++i) e.numeric.data()[i] = normal(rng);
  for (Eigen::Index r = 0; r < 600; ++r)
    for (Eigen::Index j = 0; j < 3; ++j)
      e.labels(r, j) = e.numeric(r, j) - 0.5f * e.numeric(r, j + 3) + normal(rng) > 0.8f;
  return e;
}

}  // namespace

TEST_CASE("the linear member's weight is the best tenth out of fold", "[classify]") {
  metagrad::io::classifier_file m;
  m.text = false;
  const classify::example_rows training = toy_rows();
  std::vector<std::vector<Eigen::Index>> held_out(4);
  std::vector<Eigen::Index> validated;
  std::vector<int> folds;
  for (Eigen::Index r = 0; r < 600; ++r) held_out[std::size_t(r % 4)].push_back(r);
  for (int k = 0; k < 4; ++k)
    for (Eigen::Index r : held_out[std::size_t(k)]) validated.push_back(r), folds.push_back(k);
  // "Networks" that know a little: the truth blurred by noise.
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> noise(0, 0.9f);
  matrix networks = training.labels(validated, Eigen::all) * 0.1f;
  for (Eigen::Index i = 0; i < networks.size(); ++i) networks.data()[i] += noise(rng);

  const int threads = GENERATE(1, 2);
  const classify::linear_member member = classify::fit_linear_member(
      m, training, held_out, validated, folds, networks, {.c = 10, .threads = threads});
  const matrix y = training.labels(validated, Eigen::all);
  double best = -1, best_weight = -1;
  for (int tenths = 0; tenths <= 10; ++tenths) {
    const double s = metagrad::metrics::cross_fit_cut(
                         y, classify::blend(networks, member.out_of_fold, tenths / 10.0), folds,
                         metagrad::metrics::threshold_objective::automatic)
                         .score;
    if (tenths == 0) CHECK(member.alone == s);
    if (s > best) best = s, best_weight = tenths / 10.0;
  }
  CHECK(member.weight == best_weight);
  CHECK(member.blended == best);
  CHECK(member.weight > 0);  // the linear rule is what the labels follow
}
