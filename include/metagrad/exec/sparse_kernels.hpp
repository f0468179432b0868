// Kernels of a sparse input: X W, and X^T G written only into the rows of the features present in
// X (the list of those rows is kept, so the next call zeroes just those it does not write again,
// and an optimizer can update just them), or added, scaled, straight into the weights (an SGD
// step folded into the gradient). Both split columns among threads; each output element is
// summed by one thread in a fixed order, so results do not depend on the thread count.
#pragma once

#include "metagrad/core/shape.hpp"
#include "metagrad/exec/sparse_view.hpp"
#include "metagrad/exec/threads.hpp"

#include <Eigen/Core>

#include <algorithm>

namespace metagrad::exec {

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

// Rows of x w^T summed at a time: a block of them is stored at once, so that each column of the
// output receives whole cache lines rather than one scalar per row.
inline constexpr dim_t sparse_row_block = 16;

// out = x w^T where wt (w stored one column per feature) is contiguous per feature: each output
// row gathers whole feature columns, vectorized, into a block of rows; rows are split among
// threads. `scratch` holds threads x scratch_stride scalars (at least sparse_row_block x
// out.cols() each).
template <class S, class Out, class Wt>
void sparse_times_transposed(Out& out, const sparse_view<S>& x, const Eigen::Transpose<Wt>& w,
                             int threads, S* scratch, dim_t scratch_stride) {
  const auto& wt = w.nestedExpression();  // hidden x features, column-major
  const dim_t hidden = out.cols();
  const int parts = threads_for(x.non_zeros() * hidden, threads, x.rows);
  parallel_parts(parts, [&](int t) {
    using block_t = Eigen::Array<S, Eigen::Dynamic, Eigen::Dynamic>;
    Eigen::Map<block_t> block(scratch + t * scratch_stride, hidden, sparse_row_block);
    const range rows = partition(x.rows, parts, t);
    for (dim_t i0 = rows.begin; i0 < rows.end; i0 += sparse_row_block) {
      const dim_t n = std::min(sparse_row_block, rows.end - i0);
      for (dim_t b = 0; b < n; ++b) {
        auto row = block.col(b);
        row.setZero();
        for (int k = x.outer[i0 + b]; k < x.outer[i0 + b + 1]; ++k)
          row += x.values[k] * wt.col(x.inner[k]);
      }
      out.middleRows(i0, n) = block.leftCols(n).transpose();
    }
  });
}

// Lists, ascending, the features that occur in x (its distinct column indices), marks the first
// occurrence of each, and zeroes (through zero_row) the rows written last time that x leaves out.
template <class S, class ZeroRow>
void collect_features(const sparse_view<S>& x, touched_rows& touched, ZeroRow zero_row) {
  touched.previous.swap(touched.rows);
  touched.rows.clear();
  touched.first.resize(std::size_t(x.non_zeros()));
  for (dim_t k = 0; k < x.non_zeros(); ++k) {
    const int f = x.inner[x.outer[0] + k];
    const bool first = !touched.mark[std::size_t(f)];
    touched.first[std::size_t(k)] = first;
    if (first) touched.mark[std::size_t(f)] = 1, touched.rows.push_back(f);
  }
  for (int r : touched.previous)
    if (!touched.mark[std::size_t(r)]) zero_row(r);
  std::sort(touched.rows.begin(), touched.rows.end());
  for (int r : touched.rows) touched.mark[std::size_t(r)] = 0;
}

// w (x.cols x g.cols, leading dimension ld) += alpha x^T g; given `touched` (the gradient itself,
// alpha 1), the first term of each row it lists is assigned instead. Threads split g's columns,
// so every element is summed by one thread in a fixed order.
template <class S, class G>
void sparse_transpose_times_add(S* w, dim_t ld, const sparse_view<S>& x, const G& g, S alpha,
                                int threads, const touched_rows* touched = nullptr) {
  const dim_t cols = g.cols();
  const int offset = x.outer[0];  // first[] counts from the view's first stored value
  const int parts = threads_for(x.non_zeros() * cols, threads, cols);
  parallel_for(parts, cols, [&](dim_t h) {
    for (dim_t i = 0; i < x.rows; ++i) {
      const S gi = alpha * g(i, h);
      for (int k = x.outer[i]; k < x.outer[i + 1]; ++k) {
        S& o = w[x.inner[k] + h * ld];
        o = touched && touched->first[std::size_t(k - offset)] ? x.values[k] * gi
                                                               : o + x.values[k] * gi;
      }
    }
  });
}

// out (x.cols x g.cols, leading dimension ld, all zero but the rows listed in `touched`) = x^T g
template <class S, class G>
void sparse_transpose_times(S* out, dim_t ld, const sparse_view<S>& x, const G& g,
                            touched_rows& touched, int threads) {
  const dim_t cols = g.cols();
  collect_features(x, touched, [&](int r) {
    for (dim_t h = 0; h < cols; ++h) out[r + h * ld] = S(0);
  });
  sparse_transpose_times_add(out, ld, x, g, S(1), threads, &touched);
}

// w (g.cols x x.cols, leading dimension ld) += alpha g^T x: each feature's column gathers the
// gradient rows of the samples it occurs in; given `touched`, as above. Threads split the hidden
// units, so every element is summed by one thread in a fixed order.
template <class S, class G>
void sparse_transpose_times_feature_major_add(S* w, dim_t ld, const sparse_view<S>& x, const G& g,
                                              S alpha, int threads, S* scratch,
                                              dim_t scratch_stride,
                                              const touched_rows* touched = nullptr) {
  const dim_t hidden = g.cols();
  const int parts = threads_for(x.non_zeros() * hidden, threads, std::max<dim_t>(hidden / 16, 1));
  parallel_parts(parts, [&](int t) {
    const range r = partition(hidden, parts, t);
    using vector = Eigen::Array<S, Eigen::Dynamic, 1>;
    Eigen::Map<vector> gi(scratch + t * scratch_stride, r.end - r.begin);  // g's row, contiguous
    for (dim_t i = 0; i < x.rows; ++i) {
      gi = alpha * g.row(i).segment(r.begin, r.end - r.begin).transpose();
      for (int k = x.outer[i]; k < x.outer[i + 1]; ++k) {
        Eigen::Map<vector> o(w + x.inner[k] * ld + r.begin, r.end - r.begin);
        if (touched && touched->first[std::size_t(k - x.outer[0])])
          o = x.values[k] * gi;
        else
          o += x.values[k] * gi;
      }
    }
  });
}

// out (g.cols x x.cols, leading dimension ld, all zero but the columns listed in `touched`)
// = g^T x.
template <class S, class G>
void sparse_transpose_times_feature_major(S* out, dim_t ld, const sparse_view<S>& x, const G& g,
                                          touched_rows& touched, int threads, S* scratch,
                                          dim_t scratch_stride) {
  collect_features(x, touched,
                   [&](int f) { std::fill(out + f * ld, out + f * ld + g.cols(), S(0)); });
  sparse_transpose_times_feature_major_add(out, ld, x, g, S(1), threads, scratch, scratch_stride,
                                           &touched);
}

}  // namespace metagrad::exec
