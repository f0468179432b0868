// The data of sparse kernels: a sparse input by address, and the record of the rows a sparse
// gradient touched (what an optimizer updates). Generated code that has sparse inputs carries this
// file's text in its header.
#pragma once

#include "metagrad/core/shape.hpp"

#include <vector>

namespace metagrad::exec {

// A compressed row-major sparse matrix, by address (Eigen::SparseMatrix<S, RowMajor> layout).
template <class S>
struct sparse_view {
  dim_t rows = 0, cols = 0;
  const int* outer = nullptr;  // rows + 1 offsets into inner / values
  const int* inner = nullptr;  // column of each stored value
  const S* values = nullptr;
  dim_t non_zeros() const { return rows ? outer[rows] - outer[0] : 0; }
};

// The rows a sparse gradient wrote last, a mark per row, and per stored value of x whether it is
// its feature's first occurrence: that one assigns, later ones add, so the rows need no zeroing.
struct touched_rows {
  std::vector<int> rows, previous;
  std::vector<unsigned char> mark, first;
  void reserve(dim_t n) {
    rows.reserve(std::size_t(n));
    previous.reserve(std::size_t(n));
    mark.assign(std::size_t(n), 0);
  }
};

}  // namespace metagrad::exec
