// Kernels of a sparse input: X W, and X^T G written only into the rows of the features present in
// X (the list of those rows is kept, so the next call zeroes just them and an optimizer can update
// just them). Both split columns among threads; each output element is summed by one thread in a
// fixed order, so results do not depend on the thread count.
#pragma once

#include "metagrad/core/shape.hpp"
#include "metagrad/exec/threads.hpp"

#include <Eigen/Core>

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
  parallel_for(parts, cols, [&](dim_t h) {
    for (dim_t i = 0; i < x.rows; ++i) {
      S sum = 0;
      for (int k = x.outer[i]; k < x.outer[i + 1]; ++k) sum += x.values[k] * w(x.inner[k], h);
      out(i, h) = sum;
    }
  });
}

// out = x w^T where wt (w stored one column per feature) is contiguous per feature: each output
// row gathers whole feature columns, vectorized; rows are split among threads. `scratch` holds
// threads x scratch_stride scalars (at least out.cols() each): a row being summed.
template <class S, class Out, class Wt>
void sparse_times_dense(Out& out, const sparse_view<S>& x, const Eigen::Transpose<Wt>& w,
                        int threads, S* scratch, dim_t scratch_stride) {
  const auto& wt = w.nestedExpression();  // hidden x features, column-major
  const dim_t hidden = out.cols();
  const int parts = threads_for(x.non_zeros() * hidden, threads, x.rows);
  parallel_parts(parts, [&](int t) {
    Eigen::Map<Eigen::Array<S, Eigen::Dynamic, 1>> row(scratch + t * scratch_stride, hidden);
    const range rows = partition(x.rows, parts, t);
    for (dim_t i = rows.begin; i < rows.end; ++i) {
      row.setZero();
      for (int k = x.outer[i]; k < x.outer[i + 1]; ++k) row += x.values[k] * wt.col(x.inner[k]);
      out.row(i) = row.transpose();
    }
  });
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

// Lists, ascending, the features that occur in x (its distinct column indices).
template <class S>
void collect_features(const sparse_view<S>& x, touched_rows& touched) {
  touched.rows.clear();
  for (dim_t k = 0; k < x.non_zeros(); ++k) {
    const int f = x.inner[x.outer[0] + k];
    if (!touched.mark[std::size_t(f)]) touched.mark[std::size_t(f)] = 1, touched.rows.push_back(f);
  }
  std::sort(touched.rows.begin(), touched.rows.end());
  for (int r : touched.rows) touched.mark[std::size_t(r)] = 0;
}

// out (x.cols x g.cols, leading dimension ld, all zero but the rows listed in `touched`) = x^T g
template <class S, class G>
void sparse_transpose_times(S* out, dim_t ld, const sparse_view<S>& x, const G& g,
                            touched_rows& touched, int threads) {
  const dim_t cols = g.cols();
  for (int r : touched.rows)
    for (dim_t h = 0; h < cols; ++h) out[r + h * ld] = S(0);
  collect_features(x, touched);
  const int parts = threads_for(x.non_zeros() * cols, threads, cols);
  parallel_for(parts, cols, [&](dim_t h) {
    for (dim_t i = 0; i < x.rows; ++i) {
      const S gi = g(i, h);
      for (int k = x.outer[i]; k < x.outer[i + 1]; ++k)
        out[x.inner[k] + h * ld] += x.values[k] * gi;
    }
  });
}

// out (g.cols x x.cols, leading dimension ld, all zero but the columns listed in `touched`)
// = g^T x: each feature's column gathers the gradient rows of the samples it occurs in. Threads
// split the hidden units, so every element is summed by one thread in a fixed order.
template <class S, class G>
void sparse_transpose_times_feature_major(S* out, dim_t ld, const sparse_view<S>& x, const G& g,
                                          touched_rows& touched, int threads, S* scratch,
                                          dim_t scratch_stride) {
  const dim_t hidden = g.cols();
  for (int f : touched.rows) std::fill(out + f * ld, out + f * ld + hidden, S(0));
  collect_features(x, touched);
  const int parts = threads_for(x.non_zeros() * hidden, threads, std::max<dim_t>(hidden / 16, 1));
  parallel_parts(parts, [&](int t) {
    const range r = partition(hidden, parts, t);
    using vector = Eigen::Array<S, Eigen::Dynamic, 1>;
    Eigen::Map<vector> gi(scratch + t * scratch_stride, r.end - r.begin);  // g's row, contiguous
    for (dim_t i = 0; i < x.rows; ++i) {
      gi = g.row(i).segment(r.begin, r.end - r.begin).transpose();
      for (int k = x.outer[i]; k < x.outer[i + 1]; ++k)
        Eigen::Map<vector>(out + x.inner[k] * ld + r.begin, r.end - r.begin) += x.values[k] * gi;
    }
  });
}

}  // namespace metagrad::exec
