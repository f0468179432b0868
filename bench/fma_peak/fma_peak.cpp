// fma_peak: the machine's register-only multiply-add rate, the roof over every GFLOP/s figure of
// train_step. Twelve independent chains of 16-float fused multiply-adds per thread (enough to
// cover the FMA latency on two ports), no memory traffic; GCC's vector extension becomes AVX-512
// with -march=native where the CPU has it.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace {

using v16 = float __attribute__((vector_size(64)));
constexpr int chains = 12;
constexpr long rounds = 20'000'000;

double gflops(int threads) {
  const auto start = std::chrono::steady_clock::now();
  float sink = 0;
#pragma omp parallel num_threads(threads) reduction(+ : sink)
  {
    v16 a[chains];
    for (int k = 0; k < chains; ++k) a[k] = v16{} + (1.0f + float(k) * 1e-7f);
    const v16 b = v16{} + 0.999999f, c = v16{} + 1e-7f;
    for (long i = 0; i < rounds; ++i)
#pragma GCC unroll 12
      for (int k = 0; k < chains; ++k) a[k] = a[k] * b + c;
    for (int k = 0; k < chains; ++k)
      for (int l = 0; l < 16; ++l) sink += a[k][l];
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (sink == 0) std::abort();  // keeps the chains alive
  return threads * double(rounds) * chains * 16 * 2 / seconds / 1e9;
}

}  // namespace

int main() {
  for (int threads = 1; threads <= omp_get_num_procs(); threads *= 2) {
    double best = 0;
    for (int rep = 0; rep < 3; ++rep) best = std::max(best, gflops(threads));
    std::printf("fma_peak: %d thread%s, %.0f GFLOP/s (best of 3)\n", threads,
                threads > 1 ? "s" : "", best);
  }
}
