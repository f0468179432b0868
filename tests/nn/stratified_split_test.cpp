// Iterative stratification keeps every label's share on both sides, and is reproducible.
#include <metagrad/data/stratified_split.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <numeric>
#include <random>
#include <vector>

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

// The split as first written (a scan of every row and label for each label placed): the fast one
// must place every row on the same side.
template <class Labels>
std::vector<int> sides_by_scanning(const Labels& y, double fraction, unsigned long seed) {
  const Eigen::Index n = y.rows(), k = y.cols();
  const std::array<double, 2> share{1 - fraction, fraction};
  std::vector<std::array<double, 2>> wanted(static_cast<std::size_t>(k));
  for (Eigen::Index j = 0; j < k; ++j)
    wanted[std::size_t(j)] = {y.col(j).sum() * share[0], y.col(j).sum() * share[1]};
  std::array<double, 2> room{double(n) * share[0], double(n) * share[1]};
  std::vector<int> side(static_cast<std::size_t>(n), -1);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index(0));
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  auto place = [&](Eigen::Index i, int s) {
    side[std::size_t(i)] = s, room[std::size_t(s)] -= 1;
    for (Eigen::Index j = 0; j < k; ++j)
      if (y(i, j) > 0.5) wanted[std::size_t(j)][std::size_t(s)] -= 1;
  };
  while (true) {
    Eigen::Index rarest = -1;
    long fewest = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      long left = 0;
      for (Eigen::Index i = 0; i < n; ++i) left += side[std::size_t(i)] < 0 && y(i, j) > 0.5;
      if (left > 0 && (rarest < 0 || left < fewest)) rarest = j, fewest = left;
    }
    if (rarest < 0) break;
    for (Eigen::Index i : order) {
      if (side[std::size_t(i)] >= 0 || y(i, rarest) <= 0.5) continue;
      const auto& w = wanted[std::size_t(rarest)];
      place(i, w[0] != w[1] ? (w[1] > w[0] ? 1 : 0) : (room[1] > room[0] ? 1 : 0));
    }
  }
  for (Eigen::Index i : order)
    if (side[std::size_t(i)] < 0) place(i, room[1] > room[0] ? 1 : 0);
  return side;
}

TEST_CASE("the stratified split places every row as the full scan does", "[split]") {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  Eigen::MatrixXf y(400, 30);
  for (int i = 0; i < 400; ++i)
    for (int j = 0; j < 30; ++j) y(i, j) = u(rng) < 0.3 / (1 + j) ? 1.0f : 0.0f;
  for (double fraction : {0.1, 0.25, 0.5}) {
    const auto s = metagrad::data::stratified_split(y, fraction, 11);
    std::vector<int> side(400, 0);
    for (auto i : s.held_out) side[std::size_t(i)] = 1;
    CHECK(side == sides_by_scanning(y, fraction, 11));
  }
}

// Labels with fewer positives than folds (1, 2 and 4 positives, 5 folds): every row in one fold,
// and no fold holds two positives of a label while another holds none of it.
TEST_CASE("labels with fewer positives than folds do not break stratified folds", "[split]") {
  Eigen::MatrixXf y = Eigen::MatrixXf::Zero(60, 4);
  y(3, 0) = 1;
  y(10, 1) = y(40, 1) = 1;
  for (int i : {5, 15, 25, 35}) y(i, 2) = 1;
  for (int i = 0; i < 60; i += 2) y(i, 3) = 1;
  const auto folds = metagrad::data::stratified_folds(y, 5, 1);
  REQUIRE(folds.size() == 5);
  std::vector<int> seen(60, 0);
  for (const auto& fold : folds) {
    CHECK(std::abs(double(fold.size()) - 12) <= 2);
    for (auto i : fold) ++seen[std::size_t(i)];
    for (int j = 0; j < 3; ++j) {
      double held = 0;
      for (auto i : fold) held += y(i, j);
      CHECK(held <= 1);
    }
  }
  CHECK(std::count(seen.begin(), seen.end(), 1) == 60);
}
