// stratified_split: a multi-label-aware split of rows into a held-out part and the rest, by
// iterative stratification (Sechidis, Tsoumakas and Vlahavas, 2011): rarest labels first, each of
// their rows goes where that label is most wanted, so that every label keeps its share on both
// sides. Seeded; rows with no label are spread last.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <numeric>
#include <random>
#include <vector>

namespace metagrad::data {

struct split_rows {
  std::vector<Eigen::Index> kept, held_out;  // ascending
};

template <class Labels>
split_rows stratified_split(const Eigen::DenseBase<Labels>& y, double held_out_fraction,
                            unsigned long seed) {
  const Eigen::Index n = y.rows(), k = y.cols();
  const std::array<double, 2> share{1 - held_out_fraction, held_out_fraction};
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index(0));
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);  // ties broken at random, reproducibly
  // Each label's rows in that order and each row's labels: the work is then in the positives, not
  // in rows x labels per placed label (983 labels x 12,920 rows took minutes).
  std::vector<std::vector<Eigen::Index>> rows_of(static_cast<std::size_t>(k));
  std::vector<std::vector<Eigen::Index>> labels_of(static_cast<std::size_t>(n));
  for (Eigen::Index i : order)
    for (Eigen::Index j = 0; j < k; ++j)
      if (y(i, j) > 0.5)
        rows_of[std::size_t(j)].push_back(i), labels_of[std::size_t(i)].push_back(j);
  std::vector<std::array<double, 2>> wanted(static_cast<std::size_t>(k));  // per label, per side
  std::vector<long> left(static_cast<std::size_t>(k));  // unplaced positives per label
  for (std::size_t j = 0; j < rows_of.size(); ++j) {
    const double count = double(rows_of[j].size());
    wanted[j] = {count * share[0], count * share[1]};
    left[j] = long(rows_of[j].size());
  }
  std::array<double, 2> room{double(n) * share[0], double(n) * share[1]};
  std::vector<int> side(static_cast<std::size_t>(n), -1);

  auto place = [&](Eigen::Index i, int s) {
    side[std::size_t(i)] = s;
    room[std::size_t(s)] -= 1;
    for (Eigen::Index j : labels_of[std::size_t(i)])
      wanted[std::size_t(j)][std::size_t(s)] -= 1, left[std::size_t(j)] -= 1;
  };
  while (true) {
    // The label with the fewest unplaced rows (at least one).
    Eigen::Index rarest = -1;
    for (Eigen::Index j = 0; j < k; ++j)
      if (left[std::size_t(j)] > 0 &&
          (rarest < 0 || left[std::size_t(j)] < left[std::size_t(rarest)]))
        rarest = j;
    if (rarest < 0) break;
    for (Eigen::Index i : rows_of[std::size_t(rarest)]) {
      if (side[std::size_t(i)] >= 0) continue;
      const auto& w = wanted[std::size_t(rarest)];
      const int s = w[0] != w[1] ? (w[1] > w[0] ? 1 : 0) : (room[1] > room[0] ? 1 : 0);
      place(i, s);
    }
  }
  for (Eigen::Index i : order)
    if (side[std::size_t(i)] < 0) place(i, room[1] > room[0] ? 1 : 0);
  split_rows out;
  for (Eigen::Index i = 0; i < n; ++i)
    (side[std::size_t(i)] ? out.held_out : out.kept).push_back(i);
  return out;
}

// k disjoint folds covering every row, each stratified as above: fold f is the held-out part of a
// split of the rows no earlier fold took, holding 1 / (k - f) of them. Each fold ascending.
template <class Labels>
std::vector<std::vector<Eigen::Index>> stratified_folds(const Eigen::DenseBase<Labels>& y, int k,
                                                        unsigned long seed) {
  std::vector<Eigen::Index> left(static_cast<std::size_t>(y.rows()));
  std::iota(left.begin(), left.end(), Eigen::Index(0));
  std::vector<std::vector<Eigen::Index>> folds;
  for (int f = 0; f < k; ++f) {
    if (f == k - 1) {
      folds.push_back(left);
      break;
    }
    Eigen::Matrix<typename Labels::Scalar, Eigen::Dynamic, Eigen::Dynamic> rest(
        Eigen::Index(left.size()), y.cols());
    for (std::size_t i = 0; i < left.size(); ++i)
      rest.row(Eigen::Index(i)) = y.derived().row(left[i]);
    const split_rows s = stratified_split(rest, 1.0 / double(k - f), seed + unsigned(f));
    std::vector<Eigen::Index> fold, kept;
    for (Eigen::Index i : s.held_out) fold.push_back(left[std::size_t(i)]);
    for (Eigen::Index i : s.kept) kept.push_back(left[std::size_t(i)]);
    folds.push_back(std::move(fold));
    left = std::move(kept);
  }
  return folds;
}

}  // namespace metagrad::data
