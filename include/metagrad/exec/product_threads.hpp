// How many threads a matrix product is worth, and running OpenBLAS on a given count (metagrad runs
// it on one, inside each thread's block): shared by the executor's GEMM and by generated code,
// which carries this file's text.
#pragma once

#include "metagrad/exec/threads.hpp"

namespace metagrad::exec {

#ifdef METAGRAD_USE_OPENBLAS
extern "C" void openblas_set_num_threads(int);
#endif

// A product of m x n results over k terms: a thread per 8 * parallel_threshold multiply-adds, as
// an element-wise pass gets one per parallel_threshold elements, and no more threads than the
// longer side of the output has lines (it is split along that side).
inline int product_threads(dim_t m, dim_t n, dim_t k, int threads) {
  return threads_for(m * n * k / 8, threads, std::max(m, n));
}

// f() with OpenBLAS on `threads` threads. OpenBLAS's OpenMP build also sets OpenMP's default
// thread count when told its own, which would leave default_threads() (and the caller's OpenMP
// code) at 1 after any small product: the default is put back after the call. OpenBLAS's own
// count is left as set; its OpenMP build follows OpenMP's default at every call anyway.
template <class F>
void with_blas_threads(int threads, F f) {
#if defined(METAGRAD_USE_OPENBLAS) && defined(_OPENMP)
  const int openmp_default = omp_get_max_threads();
  openblas_set_num_threads(threads);
  f();
  if (omp_get_max_threads() != openmp_default) omp_set_num_threads(openmp_default);
#else
  (void)threads;
  f();
#endif
}

}  // namespace metagrad::exec
