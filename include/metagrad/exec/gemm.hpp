// gemm: C = op(A) op(B) into a planned buffer, with transposes folded into the storage order, the
// packing buffers taken from the workspace arena (Eigen's own parallel GEMM allocates them on the
// heap at every call), and the output split among OpenMP threads. The blocking sizes depend on the
// problem only, not on the split, so every output element is summed in the same order whatever
// the thread count (through OpenBLAS, each block is a call of its own, whose kernel OpenBLAS picks
// from the block's shape: thread counts may differ in the last bits; equal ones give equal bits).
//
// Built with METAGRAD_USE_OPENBLAS (CMake does this when it finds OpenBLAS), each thread's block is
// one single-threaded sgemm / dgemm call instead: OpenBLAS's kernels beat Eigen's on AVX-512
// machines, and on one thread it keeps its packing buffers in a pool allocated once.
#pragma once

#include "metagrad/exec/product_threads.hpp"
#include "metagrad/exec/scaling.hpp"
#include "metagrad/exec/threads.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <type_traits>

#ifdef METAGRAD_USE_OPENBLAS
extern "C" {
// As Eigen's own Eigen/src/misc/blas.h declares them (OpenBLAS's Fortran interface).
int sgemm_(const char*, const char*, const int*, const int*, const int*, const float*, const float*,
           const int*, const float*, const int*, const float*, float*, const int*);
int dgemm_(const char*, const char*, const int*, const int*, const int*, const double*,
           const double*, const int*, const double*, const int*, const double*, double*,
           const int*);
int sgemv_(const char*, const int*, const int*, const float*, const float*, const int*,
           const float*, const int*, const float*, float*, const int*);
int dgemv_(const char*, const int*, const int*, const double*, const double*, const int*,
           const double*, const int*, const double*, double*, const int*);
}
#endif

namespace metagrad::exec {

// A matrix in memory, column-major with outer stride `stride`; transposed: read as its transpose.
template <class S>
struct gemm_operand {
  const S* data;
  dim_t rows, cols, stride;  // of the stored matrix
  bool transposed;
  dim_t op_rows() const { return transposed ? cols : rows; }
  dim_t op_cols() const { return transposed ? rows : cols; }
};

struct gemm_blocking_sizes {
  Eigen::Index kc, mc, nc;
  // Packing buffers start on a cache line: Eigen's kernels load packets aligned.
  static constexpr Eigen::Index align = 64;
  Eigen::Index a_size() const { return (kc * mc + align - 1) / align * align; }
  Eigen::Index scratch() const { return a_size() + (kc * nc + align - 1) / align * align; }
};

template <class S>
gemm_blocking_sizes blocking_for(dim_t m, dim_t n, dim_t k) {
  Eigen::Index kc = k, mc = m, nc = n;
  Eigen::internal::computeProductBlockingSizes<S, S>(kc, mc, nc, Eigen::Index(1));
  return {kc, mc, nc};
}

namespace detail {

template <class S>
struct arena_blocking : Eigen::internal::level3_blocking<S, S> {
  arena_blocking(S* a, S* b, gemm_blocking_sizes s) {
    this->m_blockA = a;
    this->m_blockB = b;
    this->m_mc = s.mc;
    this->m_nc = s.nc;
    this->m_kc = s.kc;
  }
};

// c = alpha u v^T (+ c when accumulating) for a product over one term — a weight gradient of a
// batch of one. A GEMM packs both operands for a single multiply-add per element (OpenBLAS's
// sgemm spent about half of a batch-of-one step there); this is one pass over c, a column at a
// time, split by columns among the threads.
template <class S>
void outer_product(const gemm_operand<S>& a, const gemm_operand<S>& b, S* c, dim_t ldc,
                   scaling<S> f, int threads) {
  using vector = Eigen::Matrix<S, Eigen::Dynamic, 1>;
  const dim_t m = a.op_rows(), n = b.op_cols();
  // u = op(a)'s column: a stored column, or a stored row (stride apart); v = op(b)'s row likewise.
  const dim_t u_step = a.transposed ? a.stride : 1, v_step = b.transposed ? 1 : b.stride;
  const auto columns = [&](const auto& u, range r) {
    for (dim_t j = r.begin; j < r.end; ++j) {
      Eigen::Map<vector> cj(c + j * ldc, m);
      const S s = f.alpha * b.data[j * v_step];
      if (f.accumulate)
        cj += s * u;
      else
        cj = s * u;
    }
  };
  const int parts = std::max(1, static_cast<int>(std::min<dim_t>(threads, n)));
  parallel_parts(parts, [&](int t) {
    const range r = partition(n, parts, t);
    if (u_step == 1)  // contiguous: vectorized
      columns(Eigen::Map<const vector>(a.data, m), r);
    else
      columns(Eigen::Map<const vector, 0, Eigen::InnerStride<>>(a.data, m,
                                                                Eigen::InnerStride<>(u_step)),
              r);
  });
}

// Part t of `parts` of c = op(a) op(b): a block of c's columns (when c is at least as wide as it
// is tall) or of its rows, with the block of the operand it reads.
template <class S>
struct gemm_part {
  gemm_operand<S> a, b;
  S* c;
};

template <class S>
gemm_part<S> part_of(gemm_operand<S> a, gemm_operand<S> b, S* c, dim_t ldc, int parts, int t) {
  const bool split_cols = b.op_cols() >= a.op_rows();
  const range r = partition(split_cols ? b.op_cols() : a.op_rows(), parts, t);
  const dim_t len = r.end - r.begin;
  gemm_operand<S>& x = split_cols ? b : a;
  // The split dimension is op(b)'s columns or op(a)'s rows: along the stored matrix's rows when
  // that is b transposed or a as stored, else along its columns.
  if (split_cols != x.transposed)
    x.data += r.begin * x.stride, x.cols = len;
  else
    x.data += r.begin, x.rows = len;
  return {a, b, split_cols ? c + r.begin * ldc : c + r.begin};
}

#ifndef METAGRAD_USE_OPENBLAS
template <class S, int LhsOrder, int RhsOrder>
void gemm_block(dim_t m, dim_t n, dim_t k, const S* a, dim_t lda, const S* b, dim_t ldb, S* c,
                dim_t ldc, S* scratch, gemm_blocking_sizes s, S alpha) {
  arena_blocking<S> blocking(scratch, scratch + s.a_size(), s);
  Eigen::internal::general_matrix_matrix_product<Eigen::Index, S, LhsOrder, false, S, RhsOrder,
                                                 false, Eigen::ColMajor, 1>::run(m, n, k, a, lda, b,
                                                                                 ldb, c, 1, ldc,
                                                                                 alpha, blocking);
}

template <class S, int LhsOrder, int RhsOrder>
void gemm_split(const gemm_operand<S>& a, const gemm_operand<S>& b, S* c, dim_t ldc, S* scratch,
                gemm_blocking_sizes s, int parts, scaling<S> f) {
  parallel_parts(parts, [&](int t) {
    const gemm_part<S> p = part_of(a, b, c, ldc, parts, t);
    const dim_t m = p.a.op_rows(), n = p.b.op_cols(), k = p.a.op_cols();
    if (!f.accumulate)
      for (dim_t j = 0; j < n; ++j) std::fill(p.c + j * ldc, p.c + j * ldc + m, S(0));
    if (k > 0)
      gemm_block<S, LhsOrder, RhsOrder>(m, n, k, p.a.data, p.a.stride, p.b.data, p.b.stride, p.c,
                                        ldc, scratch + t * s.scratch(), s, f.alpha);
  });
}

#else
// c = alpha op(a) op(b), + c when accumulating, by one BLAS call (beta = 0 otherwise: c need not
// be cleared).
template <bool TransposeA, bool TransposeB, class S>
void blas_gemm(const gemm_operand<S>& a, const gemm_operand<S>& b, S* c, dim_t ldc, scaling<S> f) {
  const int m = int(a.op_rows()), n = int(b.op_cols()), k = int(a.op_cols());
  if (m == 0 || n == 0) return;
  const int lda = int(std::max<dim_t>(1, a.stride)), ldb = int(std::max<dim_t>(1, b.stride)),
            ldcc = int(ldc);
  const char ta = TransposeA ? 'T' : 'N', tb = TransposeB ? 'T' : 'N';
  const S alpha = f.alpha, beta = f.accumulate ? 1 : 0;
  // A product with one output row or column is a matrix-vector product (a batch of one):
  // OpenBLAS's gemv is several times quicker there than its gemm, which allocates.
  if ((n == 1 || m == 1) && k > 0) {
    const bool column = n == 1;  // c = op(a) b, else c^T = op(b)^T a^T
    const gemm_operand<S>& mat = column ? a : b;
    const gemm_operand<S>& vec = column ? b : a;
    const bool mat_transposed = column ? TransposeA : !TransposeB;
    const char t = mat_transposed ? 'T' : 'N';
    const int rows = int(mat.rows), cols = int(mat.cols), ld = int(std::max<dim_t>(1, mat.stride));
    // The vector's step: along a column of a stored matrix 1, along a row its stride.
    const bool vec_is_column = column ? !TransposeB : TransposeA;
    const int incx = vec_is_column ? 1 : int(vec.stride), incy = column ? 1 : ldcc;
    if constexpr (std::is_same_v<S, float>)
      sgemv_(&t, &rows, &cols, &alpha, mat.data, &ld, vec.data, &incx, &beta, c, &incy);
    else
      dgemv_(&t, &rows, &cols, &alpha, mat.data, &ld, vec.data, &incx, &beta, c, &incy);
    return;
  }
  if constexpr (std::is_same_v<S, float>)
    sgemm_(&ta, &tb, &m, &n, &k, &alpha, a.data, &lda, b.data, &ldb, &beta, c, &ldcc);
  else
    dgemm_(&ta, &tb, &m, &n, &k, &alpha, a.data, &lda, b.data, &ldb, &beta, c, &ldcc);
}
#endif

}  // namespace detail

// c (m x n, column-major, leading dimension ldc) = op(a) op(b), scaled (and added to c) as `f`
// says. `scratch` holds threads x
// s.scratch() scalars, aligned for packets. Which operands are transposed is a template argument:
// each storage-order pair instantiates Eigen's packing code, so only the pairs a program uses
// are compiled.
template <bool TransposeA, bool TransposeB, class S>
void gemm(const gemm_operand<S>& a, const gemm_operand<S>& b, S* c, dim_t ldc, S* scratch,
          gemm_blocking_sizes s, int threads, scaling<S> f = {}) {
  const int parts = product_threads(a.op_rows(), b.op_cols(), a.op_cols(), threads);
  if (a.op_cols() == 1) return detail::outer_product(a, b, c, ldc, f, parts);
#ifdef METAGRAD_USE_OPENBLAS
  static_assert(std::is_same_v<S, float> || std::is_same_v<S, double>,
                "with OpenBLAS, products are in float or double");
  (void)scratch, (void)s;
  // Each thread one sgemm on its block, OpenBLAS on one thread: its own threading of these sizes
  // (a few microseconds of work per product at small batches) waited more than it worked, and its
  // threaded driver allocates at every call.
  with_blas_threads(1, [&] {
    parallel_parts(parts, [&](int t) {
      const detail::gemm_part<S> p = detail::part_of(a, b, c, ldc, parts, t);
      detail::blas_gemm<TransposeA, TransposeB>(p.a, p.b, p.c, ldc, f);
    });
  });
#else
  constexpr int lhs = TransposeA ? Eigen::RowMajor : Eigen::ColMajor;
  constexpr int rhs = TransposeB ? Eigen::RowMajor : Eigen::ColMajor;
  detail::gemm_split<S, lhs, rhs>(a, b, c, ldc, scratch, s, parts, f);
#endif
}

}  // namespace metagrad::exec
