// The non-GEMM kernels: a fused element-wise expression written into a buffer, reductions with a
// fixed partition, and row-wise kernels. They see Eigen expressions and maps, never graph types.
#pragma once

#include "metagrad/detail/eigen_types.hpp"
#include "metagrad/exec/scaling.hpp"
#include "metagrad/exec/threads.hpp"
#include "metagrad/ops/axis.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <type_traits>

namespace metagrad::exec {

// Whether columns of `rows` coefficients are shorter than a packet. Eigen then sets up a scalar
// loop per column at a cost above the work itself — a batch of one is a single row, one column
// per value — so the kernels below read such operands a coefficient at a time through one
// evaluator instead, adding the same values in the same order as Eigen's loop: the bits agree.
template <class S>
constexpr bool short_columns(dim_t rows) {
  return rows < Eigen::internal::packet_traits<S>::size;
}

// dst = src, one pass, the columns split among threads. One loop body serves the serial and the
// parallel case: each Eigen assignment instantiated is compile time spent.
template <class S, class Src>
void assign(metagrad::detail::array_map<S> dst, const Src& src, int threads) {
  const dim_t rows = dst.rows(), cols = dst.cols();
  const int parts = threads_for(dst.size(), threads, cols);
  parallel_parts(parts, [&](int t) {
    const range r = partition(cols, parts, t);
    if (short_columns<S>(rows)) {
      const Eigen::internal::evaluator<Src> in(src);
      for (dim_t j = r.begin; j < r.end; ++j)
        for (dim_t i = 0; i < rows; ++i) dst(i, j) = in.coeff(i, j);
    } else {
      dst.middleCols(r.begin, r.end - r.begin) = src.middleCols(r.begin, r.end - r.begin);
    }
  });
}

// The sum of column j of src, in S, for columns shorter than a packet (short_columns).
// Started from the first value, as Eigen's sum (0 + -0 would be +0).
template <class S, class Ev>
S short_column_sum(const Ev& in, dim_t rows, dim_t j) {
  S sum = rows > 0 ? S(in.coeff(dim_t(0), j)) : S(0);
  for (dim_t i = 1; i < rows; ++i) sum += in.coeff(i, j);
  return sum;
}

// The sum of all of src: each thread sums a fixed block of columns, then the partial sums are
// added in thread order, so a thread count always gives the same bits. Runs of up to sum_chunk
// rows are summed in their own type (with packets: a cast to double would make the pass scalar),
// the runs' sums in double, so that a long column loses no more than a short one and different
// thread counts agree to about one rounding of the result.
template <class S, class Src>
S total(const Src& src, shape in, int threads) {
  using wide = std::conditional_t<(sizeof(S) < sizeof(double)), double, S>;
  const int parts = threads_for(in.size(), threads, std::min<dim_t>(in.cols, max_partial_sums));
  std::array<wide, max_partial_sums> partial{};
  parallel_parts(parts, [&](int t) {
    const range r = partition(in.cols, parts, t);
    const Eigen::internal::evaluator<Src> coefficients(src);
    wide sum = 0;
    for (dim_t j = r.begin; j < r.end; ++j)
      if (short_columns<S>(in.rows))
        sum += wide(short_column_sum<S>(coefficients, in.rows, j));
      else
        for (dim_t i = 0; i < in.rows; i += sum_chunk)
          sum += wide(src.col(j).segment(i, std::min(sum_chunk, in.rows - i)).sum());
    partial[t] = sum;
  });
  wide sum = 0;
  for (int t = 0; t < parts; ++t) sum += partial[t];
  return static_cast<S>(sum);
}

// dst = the sum (Mean: the mean) of src along an axis, written as `f` says.
template <axis Along, bool Mean, class S, class Src>
void reduce(metagrad::detail::array_map<S> dst, const Src& src, shape in, int threads,
            scaling<S> f = {}) {
  if constexpr (Along == axis::all) {
    const S n = Mean ? S(in.size()) : S(1);
    f.put(dst(0, 0), total<S>(src, in, threads) / n);
  } else if constexpr (Along == axis::per_column) {
    const S n = Mean ? S(in.rows) : S(1);
    const int parts = threads_for(in.size(), threads, in.cols);
    const Eigen::internal::evaluator<Src> coefficients(src);
    parallel_for(parts, in.cols, [&](dim_t j) {
      const S sum = short_columns<S>(in.rows) ? short_column_sum<S>(coefficients, in.rows, j)
                                              : S(src.col(j).sum());
      f.put(dst(0, j), sum / n);
    });
  } else {
    const S n = Mean ? S(in.cols) : S(1);
    const int parts = threads_for(in.size(), threads, in.rows);
    parallel_parts(parts, [&](int t) {
      const range r = partition(in.rows, parts, t);
      // One row at a time, in the same order as the column pass below: when dst holds what the
      // sums are added to, or the columns are too short for that pass to pay.
      if (f.accumulate || short_columns<S>(in.rows)) {
        const Eigen::internal::evaluator<Src> coefficients(src);
        for (dim_t i = r.begin; i < r.end; ++i) {
          S sum = 0;
          for (dim_t j = 0; j < in.cols; ++j) sum += coefficients.coeff(i, j);
          f.put(dst(i, 0), sum / n);
        }
        return;
      }
      auto out = dst.col(0).segment(r.begin, r.end - r.begin);
      out.setZero();
      for (dim_t j = 0; j < in.cols; ++j) out += src.col(j).segment(r.begin, r.end - r.begin);
      out /= n;
      if (f.alpha != S(1)) out *= f.alpha;
    });
  }
}

// One call of row(i) for every row, the rows split among threads.
template <class RowKernel>
void for_each_row(dim_t rows, dim_t work, int threads, RowKernel row) {
  const int parts = threads_for(work, threads, rows);
  parallel_for(parts, rows, row);
}

}  // namespace metagrad::exec
