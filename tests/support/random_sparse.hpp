// Random sparse rows for the tests of sparse inputs: each entry present with probability
// `density`, its value uniform in [0, 1).
#pragma once

#include <Eigen/SparseCore>

#include <random>
#include <vector>

namespace metagrad::testing {

using sparse_rows = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;

inline sparse_rows random_sparse(int rows, int cols, double density, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<Eigen::Triplet<double>> entries;
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      if (u(rng) < density) entries.emplace_back(i, j, u(rng));
  sparse_rows m(rows, cols);
  m.setFromTriplets(entries.begin(), entries.end());
  m.makeCompressed();
  return m;
}

}  // namespace metagrad::testing
