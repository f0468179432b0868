// select_rows: the rows `at` of a feature matrix, in that order — a dense block, or sparse rows
// copied row by row (Eigen has no indexed view of a sparse matrix).
#pragma once

#include "metagrad/data/text_vectorizer.hpp"

#include <Eigen/Core>

#include <vector>

namespace metagrad::data {

inline Eigen::MatrixXf select_rows(const Eigen::MatrixXf& x, const std::vector<Eigen::Index>& at) {
  return x(at, Eigen::all);
}

inline sparse_rows select_rows(const sparse_rows& x, const std::vector<Eigen::Index>& at) {
  sparse_rows out(Eigen::Index(at.size()), x.cols());
  Eigen::Index nnz = 0;
  for (Eigen::Index r : at) nnz += x.outerIndexPtr()[r + 1] - x.outerIndexPtr()[r];
  out.reserve(nnz);
  for (std::size_t i = 0; i < at.size(); ++i) {
    out.startVec(Eigen::Index(i));
    for (sparse_rows::InnerIterator it(x, at[i]); it; ++it)
      out.insertBack(Eigen::Index(i), it.col()) = it.value();
  }
  out.finalize();
  return out;
}

}  // namespace metagrad::data
