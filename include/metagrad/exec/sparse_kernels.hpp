// Kernels of a sparse input: X W, and X^T G written only into the rows of the features present in
// X (the list of those rows is kept, so the next call zeroes just them and an optimizer can update
// just them). Both split columns among threads; each output element is summed by one thread in a
// fixed order, so results do not depend on the thread count.
#pragma once

#include "metagrad/core/shape.hpp"
#include "metagrad/exec/threads.hpp"

#include <algorithm>
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

// out (x.rows x w.cols) = x w
template <class S, class Out, class W>
void sparse_times_dense(Out& out, const sparse_view<S>& x, const W& w, int threads) {
  const dim_t cols = out.cols();
  const int parts = threads_for(x.non_zeros() * cols, threads, cols);
#pragma omp parallel for num_threads(parts) schedule(static) if (parts > 1)
  for (dim_t h = 0; h < cols; ++h)
    for (dim_t i = 0; i < x.rows; ++i) {
      S sum = 0;
      for (int k = x.outer[i]; k < x.outer[i + 1]; ++k) sum += x.values[k] * w(x.inner[k], h);
      out(i, h) = sum;
    }
}

// The rows a sparse gradient wrote last, and a mark per row to collect them without sorting twice.
struct touched_rows {
  std::vector<int> rows;
  std::vector<unsigned char> mark;
  void reserve(dim_t n) {
    rows.reserve(std::size_t(n));
    mark.assign(std::size_t(n), 0);
  }
};

// out (x.cols x g.cols, leading dimension ld, all zero but the rows listed in `touched`) = x^T g
template <class S, class G>
void sparse_transpose_times(S* out, dim_t ld, const sparse_view<S>& x, const G& g,
                            touched_rows& touched, int threads) {
  const dim_t cols = g.cols();
  for (int r : touched.rows)
    for (dim_t h = 0; h < cols; ++h) out[r + h * ld] = S(0);
  touched.rows.clear();
  for (dim_t k = 0; k < x.non_zeros(); ++k) {
    const int f = x.inner[x.outer[0] + k];
    if (!touched.mark[std::size_t(f)]) touched.mark[std::size_t(f)] = 1, touched.rows.push_back(f);
  }
  std::sort(touched.rows.begin(), touched.rows.end());
  for (int r : touched.rows) touched.mark[std::size_t(r)] = 0;
  const int parts = threads_for(x.non_zeros() * cols, threads, cols);
#pragma omp parallel for num_threads(parts) schedule(static) if (parts > 1)
  for (dim_t h = 0; h < cols; ++h)
    for (dim_t i = 0; i < x.rows; ++i) {
      const S gi = g(i, h);
      for (int k = x.outer[i]; k < x.outer[i + 1]; ++k)
        out[x.inner[k] + h * ld] += x.values[k] * gi;
    }
}

}  // namespace metagrad::exec
