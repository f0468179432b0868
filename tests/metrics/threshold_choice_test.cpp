// Threshold rules that trust a label's own cut by its evidence, chosen by nested out-of-fold
// validation (metrics/threshold_rule.hpp, metrics/threshold_choice.hpp).
#include <metagrad/metrics/threshold_choice.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace mm = metagrad::metrics;
using matrix_t = Eigen::MatrixXd;
constexpr double inf = std::numeric_limits<double>::infinity();

namespace {

// Seeded long-tailed data: label j has positives[j] positives among `rows`; a positive scores
// higher than a negative on average, rare labels barely (as a network's probabilities of a label
// it saw twice). Scores in (0, 1).
struct long_tailed {
  matrix_t y, p;
  long_tailed(int rows, const std::vector<int>& positives, unsigned seed) : y(rows, 5), p(rows, 5) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, 1);
    y.setZero();
    for (std::size_t j = 0; j < positives.size(); ++j) {
      std::vector<int> order(static_cast<std::size_t>(rows));
      for (int i = 0; i < rows; ++i) order[std::size_t(i)] = i;
      std::shuffle(order.begin(), order.end(), rng);
      for (int k = 0; k < positives[j]; ++k) y(order[std::size_t(k)], Eigen::Index(j)) = 1;
      const double signal = positives[j] >= 20 ? 2.5 : 0.8;
      for (int i = 0; i < rows; ++i) {
        const double z = -3 + signal * y(i, Eigen::Index(j)) + 0.8 * noise(rng);
        p(i, Eigen::Index(j)) = 1 / (1 + std::exp(-z));
      }
    }
  }
};

std::vector<int> five_folds(Eigen::Index rows) {
  std::vector<int> f(static_cast<std::size_t>(rows));
  for (std::size_t i = 0; i < f.size(); ++i) f[i] = int(i % 5);
  return f;
}

}  // namespace

TEST_CASE("a rule's extremes are the objectives it lies between", "[thresholds]") {
  const long_tailed d(600, {40, 60, 90, 150, 200}, 5);
  const auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t j = 0; j < a.size(); ++j) CHECK(a[j] == b[j]);
  };
  same(mm::tune_thresholds(d.y, d.p, mm::threshold_rule{0, inf}),
       mm::tune_thresholds(d.y, d.p, mm::threshold_objective::micro_f1));
  same(mm::tune_thresholds(d.y, d.p, mm::threshold_rule{1, inf}),
       mm::tune_thresholds(d.y, d.p, mm::threshold_objective::hamming));
  same(mm::tune_thresholds(d.y, d.p, mm::threshold_rule{0, 0}),
       mm::tune_thresholds(d.y, d.p, mm::threshold_objective::label_f1));
}

TEST_CASE("a label's threshold moves from its own cut to the global one by its positives",
          "[thresholds]") {
  const long_tailed d(800, {1, 2, 5, 20, 200}, 7);
  const mm::threshold_evidence e = mm::gather_threshold_evidence(d.y, d.p);
  const auto t = mm::thresholds_of(e, {0.5, 10});
  const double global = (e.micro_f1 + e.hamming) / 2;
  for (std::size_t j = 0; j < t.size(); ++j) {
    const double n = e.positives[j];
    INFO("label " << j << " with " << n << " positives");
    CHECK(t[j] == Approx((n * e.own[j] + 10 * global) / (n + 10)));
    // (a point between two cuts is rounded up to a float, as exported code holds it: 6e-8 here)
    CHECK(std::abs(t[j] - global) <= n / (n + 10) * std::abs(e.own[j] - global) + 1e-7);
    CHECK(double(float(t[j])) == t[j]);
  }
}

TEST_CASE("a label without positives is never predicted", "[thresholds]") {
  matrix_t y = matrix_t::Zero(4, 2), p(4, 2);
  y(0, 0) = 1;
  p << 0.9, 1.0, 0.2, 0.99, 0.1, 0.5, 0.3, 0.0;
  for (const mm::threshold_rule rule : {mm::threshold_rule{0, 0}, mm::threshold_rule{1, inf}}) {
    const auto t = mm::tune_thresholds(y, p, rule);
    CHECK(t[1] > 1);
    CHECK(float(t[1]) > 1.0f);
  }
}

// The issue that made these rules: labels with 1, 2 and 5 positives got cuts of 0.002 - 0.03 and
// were predicted for every row. Chosen out of fold, no label's threshold falls below the global
// one by more than its evidence allows, and test micro-F1 is not below a blind 0.5's.
TEST_CASE("thresholds chosen out of fold on long-tailed labels do not collapse", "[thresholds]") {
  const unsigned seed = 2026;
  INFO("seed " << seed);
  const long_tailed train(2000, {1, 2, 5, 20, 200}, seed), test(2000, {1, 2, 5, 20, 200}, seed + 1);
  const auto c =
      mm::choose_thresholds(train.y, train.p, five_folds(2000), mm::threshold_objective::automatic);
  const mm::threshold_evidence e = mm::gather_threshold_evidence(train.y, train.p);
  const double global = (1 - c.rule.hamming_share) * e.micro_f1 + c.rule.hamming_share * e.hamming;
  CHECK(c.rule.evidence >= 1);
  for (std::size_t j = 0; j < 5; ++j) {
    const double n = e.positives[j], k = c.rule.evidence;
    const double allowed = std::isinf(k) ? 0 : n / (n + k) * std::max(0.0, global - e.own[j]);
    INFO("label " << j << ": threshold " << c.thresholds[j] << ", global " << global);
    CHECK(c.thresholds[j] >= global - allowed - 1e-12);
  }
  const auto score = [&](const std::vector<double>& t) {
    return mm::score_predictions(test.y, mm::threshold_scores(test.p, t)).micro.f1;
  };
  const double tuned = score(c.thresholds), blind = score(std::vector<double>(5, 0.5)),
               own =
                   score(mm::tune_thresholds(train.y, train.p, mm::threshold_objective::label_f1));
  INFO("test micro-F1: chosen " << tuned << ", 0.5 " << blind << ", each label's own " << own);
  CHECK(tuned >= blind);
  CHECK(tuned > own);
}

// Scores with no signal: cuts tuned on the rows they score look useful; out of fold they do not.
TEST_CASE("nested scores never score a rule on the rows it was tuned on", "[thresholds]") {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  matrix_t y(400, 3), p(400, 3);
  for (Eigen::Index i = 0; i < 400; ++i)
    for (Eigen::Index j = 0; j < 3; ++j) y(i, j) = u(rng) < 0.05, p(i, j) = u(rng);
  const mm::threshold_rule own{0, 0};
  const double in_sample =
      mm::score_predictions(y, mm::threshold_scores(p, mm::tune_thresholds(y, p, own))).macro.f1;
  const double nested = mm::nested_scores(y, p, five_folds(400), {own}).front().macro_f1;
  CHECK(nested < in_sample - 0.02);
  // One fold: alternate rows are halved.
  const std::vector<int> one(400, 0);
  CHECK(mm::nested_scores(y, p, one, {own}).front().macro_f1 < in_sample - 0.02);
}

TEST_CASE("one sweep finds the micro-F1 and the hamming cuts as two would", "[thresholds]") {
  const long_tailed d(300, {10, 30, 50, 80, 120}, 11);
  std::vector<std::pair<double, bool>> pairs;
  for (Eigen::Index j = 0; j < 5; ++j)
    for (Eigen::Index i = 0; i < 300; ++i) pairs.emplace_back(d.p(i, j), d.y(i, j) > 0.5);
  const auto both = mm::global_cuts(mm::sorted_scores(d.y, d.p, -1, {}), mm::detail::keep_all);
  CHECK(both.first == mm::detail::best_f1_threshold(pairs));
  CHECK(both.second == mm::detail::best_hamming_threshold(pairs));
}

// Sorted once, swept without one fold's rows: the cuts of those rows tuned alone.
TEST_CASE("cuts swept past a fold's entries are those tuned without its rows", "[thresholds]") {
  const long_tailed d(500, {3, 12, 40, 90, 160}, 13);
  const std::vector<int> folds = five_folds(500);
  const auto all = mm::sorted_scores(d.y, d.p, -1, folds);
  for (int f = 0; f < 5; ++f) {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < 500; ++i)
      if (folds[std::size_t(i)] != f) rows.push_back(i);
    const matrix_t y = d.y(rows, Eigen::all), p = d.p(rows, Eigen::all);
    const mm::threshold_evidence alone = mm::gather_threshold_evidence(y, p);
    const auto without = [f](const mm::detail::scored& e) { return e.fold != f; };
    const auto cuts = mm::global_cuts(all, without);
    CHECK(cuts.first == alone.micro_f1);
    CHECK(cuts.second == alone.hamming);
    for (Eigen::Index j = 0; j < 5; ++j)
      CHECK(mm::detail::best_cuts(mm::sorted_scores(d.y, d.p, j, folds), without,
                                  mm::detail::f1_gain)[0] == alone.own[std::size_t(j)]);
  }
}

TEST_CASE("the cut a model is scored at is one global cut, tuned out of fold", "[thresholds]") {
  const long_tailed d(600, {40, 60, 90, 150, 200}, 17);
  const std::vector<int> folds = five_folds(600);
  for (const auto objective :
       {mm::threshold_objective::micro_f1, mm::threshold_objective::hamming}) {
    const auto c = mm::cross_fit_cut(d.y, d.p, folds, objective);
    const bool hamming = objective == mm::threshold_objective::hamming;
    const auto nested = mm::nested_scores(d.y, d.p, folds, mm::candidate_rules(objective)).front();
    CHECK(c.score == Approx(hamming ? 1 - nested.hamming_loss : nested.micro_f1));
    CHECK(c.cut == mm::tune_thresholds(d.y, d.p, objective).front());
  }
  CHECK(mm::cross_fit_cut(d.y, d.p, folds, mm::threshold_objective::none).cut == 0.5);
}
