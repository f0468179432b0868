// The thread count and the fixed partition of a range among threads: the same count gives the same
// partition, so reductions add in the same order and results are bit-identical run to run.
#pragma once

#include "metagrad/core/shape.hpp"

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace metagrad::exec {

inline int default_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

struct range {
  dim_t begin, end;
};

// Part `part` of `parts` of [0, n): contiguous, sizes differing by at most one.
constexpr range partition(dim_t n, int parts, int part) {
  const dim_t base = n / parts, extra = n % parts;
  const dim_t begin = part * base + std::min<dim_t>(part, extra);
  return {begin, begin + base + (part < extra ? 1 : 0)};
}

// Below this many elements a parallel region costs more than it saves.
inline constexpr dim_t parallel_threshold = 1 << 14;

// How many threads to give `work` elements split into at most `pieces` parts: at least one.
inline int threads_for(dim_t work, int threads, dim_t pieces) {
  const dim_t t = work < parallel_threshold ? 1 : std::min<dim_t>(threads, pieces);
  return static_cast<int>(std::max<dim_t>(t, 1));
}

// Sums split among threads keep one partial sum per thread, at most this many, added in thread
// order (exec::total, and generated code's reductions).
inline constexpr int max_partial_sums = 256;

// Within a thread, runs of this many values are summed in their own type, the runs' sums in double.
inline constexpr dim_t sum_chunk = 1024;

// f(i) for every i in [0, n), split statically among `parts` threads. One part runs on the calling
// thread without a parallel region: libgomp allocates a team for every region, a serialized one
// too (measured: one malloc per region), and a step must not allocate.
template <class F>
void parallel_for(int parts, dim_t n, F&& f) {
  if (parts <= 1) {
    for (dim_t i = 0; i < n; ++i) f(i);
    return;
  }
#pragma omp parallel for num_threads(parts) schedule(static)
  for (dim_t i = 0; i < n; ++i) f(i);
}

// f(t) once on each of `parts` threads, t = 0 .. parts - 1.
template <class F>
void parallel_parts(int parts, F&& f) {
  parallel_for(parts, parts, [&](dim_t t) { f(int(t)); });
}

}  // namespace metagrad::exec
