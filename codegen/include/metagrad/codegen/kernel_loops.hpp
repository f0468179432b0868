// The loops of generated kernels. The C++ emitter writes this file's text into every generated
// source (with threads.hpp, stable_math.hpp and softmax_math.hpp), so generated code needs nothing
// but Eigen and OpenMP, and runs the same partitions and formulas as the template executor. A
// kernel's body is a generic lambda f(v, i, j) computing its formula at (i, j) on values of v's
// type: one float, or one packet of floats down column j from row i (load, gather and splat take v
// as a tag). Lines marked "not in generated code" are left out of the text.
#pragma once

#include "metagrad/detail/packet_kernel.hpp"  // not in generated code
#include "metagrad/exec/product_threads.hpp"  // not in generated code

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <vector>

namespace metagrad::codegen::loops {

using namespace metagrad::exec;  // not in generated code
namespace pm = Eigen::internal;  // not in generated code
using Index = Eigen::Index;      // not in generated code
using Packet = pm::packet_traits<float>::type;

inline constexpr Index lanes = Index(sizeof(Packet) / sizeof(float));  // floats per packet

using matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;

// The value at p, of the type of the tag v (a float, or a packet of floats from p on). Eigen's
// packet primitives have plain-scalar versions: for a float, *p.
template <class V>
V load(V, const float* p) {
  return pm::ploadu<V>(p);
}

// The same from elements `stride` apart (a transposed operand read down a column).
template <class V>
V gather(V, const float* p, Index stride) {
  return pm::pgather<float, V>(p, stride);
}

// x, as the tag's type.
template <class V>
V splat(V, float x) {
  return pm::pset1<V>(x);
}

template <class V>
void store(float* p, const V& v) {
  pm::pstoreu(p, v);
}

// f(v, i, j) for every element of a rows x cols result: packets down each column, single floats
// for the rest of it; the columns split among threads as the template executor splits them.
template <class F>
void for_each_element(Index rows, Index cols, F f) {
  const int parts = threads_for(rows * cols, default_threads(), cols);
  parallel_parts(parts, [&](int t) {
    const range r = partition(cols, parts, t);
    for (Index j = r.begin; j < r.end; ++j) {
      Index i = 0;
      for (; i + lanes <= rows; i += lanes) f(Packet{}, i, j);
      for (; i < rows; ++i) f(float{}, i, j);
    }
  });
}

// The sum of f down column j: runs of sum_chunk rows in float packets, the runs' sums in double.
template <class F>
double column_sum(Index rows, Index j, F f) {
  double total = 0;
  for (Index begin = 0; begin < rows; begin += sum_chunk) {
    const Index end = std::min<Index>(rows, begin + sum_chunk);
    Packet packets = pm::pset1<Packet>(0.0f);
    Index i = begin;
    for (; i + lanes <= end; i += lanes) packets = pm::padd(packets, f(Packet{}, i, j));
    float run = pm::predux(packets);
    for (; i < end; ++i) run += f(float{}, i, j);
    total += double(run);
  }
  return total;
}

// The sum of f over a rows x cols matrix: each thread sums a fixed block of columns, the blocks'
// sums added in thread order (the same thread count gives the same bits).
template <class F>
double sum_all(Index rows, Index cols, F f) {
  const int parts =
      threads_for(rows * cols, default_threads(), std::min<Index>(cols, max_partial_sums));
  std::array<double, max_partial_sums> partial{};
  parallel_parts(parts, [&](int t) {
    const range r = partition(cols, parts, t);
    for (Index j = r.begin; j < r.end; ++j) partial[t] += column_sum(rows, j, f);
  });
  double total = 0;
  for (int t = 0; t < parts; ++t) total += partial[t];
  return total;
}

// out[j] = (sum over i of f at (i, j)) / divisor; given a learning rate, out[j] -= learning_rate
// times that (an SGD step folded into the gradient of a parameter out).
template <class F>
void sum_columns(Index rows, Index cols, float* out, float divisor, F f, float learning_rate = 0) {
  parallel_for(threads_for(rows * cols, default_threads(), cols), cols, [&](Index j) {
    const float sum = float(column_sum(rows, j, f)) / divisor;
    out[j] = learning_rate != 0 ? out[j] - learning_rate * sum : sum;
  });
}

// out[i] = (sum over j of f at (i, j)) / divisor, or given a learning rate out[i] -= learning_rate
// times that; each thread owns a block of rows.
template <class F>
void sum_rows(Index rows, Index cols, float* out, float divisor, F f, float learning_rate = 0) {
  const int parts = threads_for(rows * cols, default_threads(), rows);
  parallel_parts(parts, [&](int t) {
    const range r = partition(rows, parts, t);
    if (learning_rate != 0) {  // out holds the parameter: one row at a time, in the same order
      for (Index i = r.begin; i < r.end; ++i) {
        float sum = 0;
        for (Index j = 0; j < cols; ++j) sum += f(float{}, i, j);
        out[i] -= learning_rate * (sum / divisor);
      }
      return;
    }
    std::fill(out + r.begin, out + r.end, 0.0f);
    for (Index j = 0; j < cols; ++j) {
      Index i = r.begin;
      for (; i + lanes <= r.end; i += lanes)
        store(out + i, pm::padd(load(Packet{}, out + i), f(Packet{}, i, j)));
      for (; i < r.end; ++i) out[i] += f(float{}, i, j);
    }
    for (Index i = r.begin; i < r.end; ++i) out[i] /= divisor;
  });
}

// A column-major matrix in memory, for Eigen's products.
inline Eigen::Map<matrix> as_matrix(float* p, Index rows, Index cols) { return {p, rows, cols}; }
inline Eigen::Map<const matrix> as_matrix(const float* p, Index rows, Index cols) {
  return {p, rows, cols};
}

// The same as an array, for the sparse kernels.
using array = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic>;

inline Eigen::Map<array> as_array(float* p, Index rows, Index cols) { return {p, rows, cols}; }
inline Eigen::Map<const array> as_array(const float* p, Index rows, Index cols) {
  return {p, rows, cols};
}

// out = a b, or given a learning rate out -= learning_rate a b (an SGD step folded into a weight's
// gradient), through Eigen (so through the BLAS Eigen is built with), split as the template
// executor's GEMM splits it: each thread one call on a block of out's columns (rows, when out is
// taller than wide), BLAS on one thread. Over one term (a batch of one) the product is an outer
// product, in Eigen alone: a GEMM would pack both operands.
template <class A, class B>
void product(Eigen::Map<matrix> out, const A& a, const B& b, float learning_rate = 0) {
  const auto multiply = [&](auto o, const auto& lhs, const auto& rhs) {
    if (learning_rate != 0)
      o.noalias() -= learning_rate * (lhs * rhs);
    else
      o.noalias() = lhs * rhs;
  };
  if (a.cols() == 1) return multiply(out, a.col(0), b.row(0));
  const int parts = product_threads(out.rows(), out.cols(), a.cols(), default_threads());
  const bool by_columns = out.cols() >= out.rows();
  with_blas_threads(1, [&] {
    if (parts == 1) return multiply(out, a, b);  // blocks cost a batch-of-one step 7%
    parallel_parts(parts, [&](int t) {
      const range r = partition(by_columns ? out.cols() : out.rows(), parts, t);
      const Index i = by_columns ? 0 : r.begin, j = by_columns ? r.begin : 0, n = r.end - r.begin;
      auto o = out.block(i, j, by_columns ? out.rows() : n, by_columns ? n : out.cols());
      multiply(o, a.middleRows(i, o.rows()), b.middleCols(j, o.cols()));
    });
  });
}

// p -= learning_rate g over n elements: plain SGD, a light pass (a multiply-add per element, where
// a fused kernel does tens): a thread per four times as many elements.
inline void sgd(float* p, const float* g, Index n, float learning_rate) {
  const int parts = threads_for(n / 4, default_threads(), default_threads());
  parallel_parts(parts, [&](int t) {
    const range r = partition(n, parts, t);
    Eigen::Map<Eigen::VectorXf>(p + r.begin, r.end - r.begin) -=
        learning_rate * Eigen::Map<const Eigen::VectorXf>(g + r.begin, r.end - r.begin);
  });
}

// The same for a sparse gradient: only in the rows (by_column: the columns) it touched.
inline void sgd_touched(float* p, const float* g, Index rows, Index cols,
                        const std::vector<int>& touched, bool by_column, float learning_rate) {
  const Index n = Index(touched.size()), length = by_column ? rows : cols;
  parallel_for(threads_for(n * length, default_threads(), n), n, [&](Index k) {
    const Index f = touched[std::size_t(k)];
    if (by_column)
      as_matrix(p, rows, cols).col(f) -= learning_rate * as_matrix(g, rows, cols).col(f);
    else
      as_matrix(p, rows, cols).row(f) -= learning_rate * as_matrix(g, rows, cols).row(f);
  });
}

}  // namespace metagrad::codegen::loops
