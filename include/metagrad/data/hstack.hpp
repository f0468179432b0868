// hstack: sparse row blocks side by side (one block per text column), as one row-major matrix.
#pragma once

#include "metagrad/data/text_vectorizer.hpp"

#include <stdexcept>
#include <vector>

namespace metagrad::data {

inline sparse_rows hstack(const std::vector<sparse_rows>& blocks) {
  if (blocks.empty()) return {};
  const Eigen::Index rows = blocks.front().rows();
  Eigen::Index cols = 0, nnz = 0;
  for (const auto& b : blocks) {
    if (b.rows() != rows) throw std::invalid_argument("hstack: blocks differ in rows");
    cols += b.cols(), nnz += b.nonZeros();
  }
  sparse_rows out(rows, cols);
  out.reserve(nnz);
  for (Eigen::Index i = 0; i < rows; ++i) {
    out.startVec(i);
    Eigen::Index offset = 0;
    for (const auto& b : blocks) {
      for (sparse_rows::InnerIterator it(b, i); it; ++it)
        out.insertBack(i, offset + it.col()) = it.value();
      offset += b.cols();
    }
  }
  out.finalize();
  return out;
}

}  // namespace metagrad::data
