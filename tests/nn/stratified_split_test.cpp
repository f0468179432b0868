// Iterative stratification keeps every label's share on both sides, and is reproducible.
#include <metagrad/data/stratified_split.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

TEST_CASE("a stratified split keeps each label's share, rare labels included", "[split]") {
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> u(0, 1);
  Eigen::MatrixXf y(1000, 5);
  const double rate[] = {0.5, 0.2, 0.05, 0.02, 0.01};
  for (int i = 0; i < 1000; ++i)
    for (int j = 0; j < 5; ++j) y(i, j) = u(rng) < rate[j] ? 1.0f : 0.0f;
  const auto s = metagrad::data::stratified_split(y, 0.2, 42);
  CHECK(s.kept.size() + s.held_out.size() == 1000);
  CHECK(std::abs(double(s.held_out.size()) - 200) <= 5);
  for (int j = 0; j < 5; ++j) {
    double total = y.col(j).sum(), held = 0;
    for (auto i : s.held_out) held += y(i, j);
    INFO("label " << j << ": " << held << " of " << total);
    CHECK(std::abs(held - 0.2 * total) <= 1.0);
  }
  const auto again = metagrad::data::stratified_split(y, 0.2, 42);
  CHECK(again.held_out == s.held_out);
}

TEST_CASE("stratified folds cover every row once and give each fold its share of each label",
          "[split]") {
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> u(0, 1);
  Eigen::MatrixXf y(900, 4);
  const double rate[] = {0.4, 0.1, 0.03, 0.01};
  for (int i = 0; i < 900; ++i)
    for (int j = 0; j < 4; ++j) y(i, j) = u(rng) < rate[j] ? 1.0f : 0.0f;
  const auto folds = metagrad::data::stratified_folds(y, 3, 7);
  REQUIRE(folds.size() == 3);
  std::vector<int> seen(900, 0);
  for (const auto& fold : folds) {
    CHECK(std::abs(double(fold.size()) - 300) <= 6);
    CHECK(std::is_sorted(fold.begin(), fold.end()));
    for (auto i : fold) ++seen[std::size_t(i)];
    for (int j = 0; j < 4; ++j) {
      double total = y.col(j).sum(), held = 0;
      for (auto i : fold) held += y(i, j);
      INFO("label " << j << ": " << held << " of " << total);
      CHECK(std::abs(held - total / 3) <= 1.5);
    }
  }
  CHECK(std::count(seen.begin(), seen.end(), 1) == 900);
}
