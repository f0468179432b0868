// One training step per implementation and configuration, as Google Benchmarks named
// train_step/<impl>/<config>/threads:<T>, with counters allocs_per_step and gflops (the step's
// GEMM-equivalent work over its measured wall time).
//
//   train_step [--threads=1,2] [--verify] [Google Benchmark flags]
//
// --verify runs three steps of every implementation on every configuration from the same weights
// and fails unless their losses agree: the implementations must compute the same step.
//
// train_step_pair/<a>:<b>/<config>/threads:<T> (generated:compiled, compiled:eigen, compiled:gemm,
// runtime:compiled, and libtorch:compiled when LibTorch is built in) times two implementations in
// one loop, a step of each per iteration, and reports the median of their per-iteration time ratios
// as the counter `ratio`: on a shared machine whose speed drifts over seconds, two steps taken
// microseconds apart see the same machine, where two benchmarks run one after the other do not.
#include "alloc_count.hpp"
#include "compiled.hpp"
#include "configs.hpp"
#include "eigen.hpp"
#include "generated.hpp"
#include "runtime.hpp"
#ifdef METAGRAD_BENCH_TORCH
#include "torch.hpp"
#endif

#include <benchmark/benchmark.h>

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <generated_mlp1_bce.hpp>
#include <generated_mlp1_focal.hpp>
#include <generated_mlp2_bce.hpp>
#include <generated_mlp2_focal.hpp>
#include <generated_movie.hpp>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#ifdef METAGRAD_USE_OPENBLAS
extern "C" char* openblas_get_corename();
extern "C" char* openblas_get_config();
#endif

namespace {

using namespace bench;

// Every implementation's step behind one interface.
struct any_step {
  virtual ~any_step() = default;
  virtual float step() = 0;
};
template <class Impl>
struct step_of : any_step {
  Impl impl;
  step_of(const problem& p, int threads) : impl(p, threads) {}
  float step() override { return impl.step(); }
};
using factory = std::function<std::unique_ptr<any_step>(const problem&, int)>;
template <class Impl>
factory make() {
  return [](const problem& p, int threads) { return std::make_unique<step_of<Impl>>(p, threads); };
}

factory compiled_for(const std::string& name) {
  if (name == "b") return make<compiled_step<2, false, false>>();
  if (name == "c") return make<compiled_step<2, true, false>>();
  if (name == "d") return make<compiled_step<1, true, false>>();
  if (name == "m") return make<compiled_step<1, false, true>>();
  return make<compiled_step<1, false, false>>();  // a1, a32, a256
}

// The step with the hand-fused losses: b and c (the ratio issue 26 states) and d, where the loss
// (256 x 4000) weighs most.
factory fused_for(const std::string& name) {
  if (name == "b") return make<compiled_step<2, false, false, true>>();
  if (name == "c") return make<compiled_step<2, true, false, true>>();
  if (name == "d") return make<compiled_step<1, true, false, true>>();
  return {};
}

#define METAGRAD_GENERATED_STEP(ns) make<generated_step<&ns::forward, &ns::step>>()
factory generated_for(const std::string& name) {
  if (name == "b") return METAGRAD_GENERATED_STEP(generated_mlp2_bce);
  if (name == "c") return METAGRAD_GENERATED_STEP(generated_mlp2_focal);
  if (name == "d") return METAGRAD_GENERATED_STEP(generated_mlp1_focal);
  if (name == "m") return METAGRAD_GENERATED_STEP(generated_movie);
  return METAGRAD_GENERATED_STEP(generated_mlp1_bce);  // a1, a32, a256
}
#undef METAGRAD_GENERATED_STEP

std::vector<std::pair<std::string, factory>> implementations(const std::string& config) {
  std::vector<std::pair<std::string, factory>> out{{"compiled", compiled_for(config)},
                                                   {"generated", generated_for(config)},
                                                   {"runtime", make<runtime_step>()},
                                                   {"eigen", make<eigen_step<false>>()},
                                                   {"gemm", make<eigen_step<true>>()}};
  if (factory f = fused_for(config)) out.emplace_back("fused", std::move(f));
#ifdef METAGRAD_BENCH_TORCH
  out.emplace_back("libtorch", make<torch_step>());
#endif
  return out;
}

// The same thread count for every library: metagrad's workspaces take it as an argument; Eigen,
// OpenMP and OpenBLAS read these.
void set_library_threads(int threads) {
  Eigen::setNbThreads(threads);
  omp_set_num_threads(threads);
#ifdef METAGRAD_USE_OPENBLAS
  metagrad::exec::openblas_set_num_threads(threads);
#endif
}

void run(benchmark::State& state, const config& c, const factory& f, int threads) {
  set_library_threads(threads);
  const problem p(c);
  const std::unique_ptr<any_step> impl = f(p, threads);
  float loss = impl->step();  // warm-up: first touch of buffers, thread pools
  const long before = allocations();
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    loss = impl->step();
    benchmark::DoNotOptimize(loss);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto steps = double(state.iterations());
  state.counters["allocs_per_step"] = double(allocations() - before) / steps;
  state.counters["gflops"] = p.flops() * steps / seconds / 1e9;
  if (!std::isfinite(loss)) state.SkipWithError("the loss is not finite");
}

// Steps `a` and `b` alternately (a b, then b a: neither always runs on the other's warm cache) and
// reports the median of time(a) / time(b) over the iterations, and each one's median step time.
// Each is made twice, the two pairs in opposite orders, and the iterations alternate between the
// pairs: where an instance's memory lands depends on when it was allocated (measured on `m`: the
// same code ran 4-9% slower when made first).
void run_pair(benchmark::State& state, const config& c, const factory& fa, const factory& fb,
              int threads) {
  set_library_threads(threads);
  const problem p(c);
  const std::unique_ptr<any_step> a0 = fa(p, threads), b0 = fb(p, threads);
  const std::unique_ptr<any_step> b1 = fb(p, threads), a1 = fa(p, threads);
  any_step* const a[2] = {a0.get(), a1.get()};
  any_step* const b[2] = {b0.get(), b1.get()};
  for (int k : {0, 1}) a[k]->step(), b[k]->step();  // warm-up
  std::vector<double> ta, tb;
  ta.reserve(1 << 16), tb.reserve(1 << 16);
  auto timed = [](any_step& impl, std::vector<double>& times) {
    const auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(impl.step());
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  };
  for (auto _ : state) {
    const std::size_t i = ta.size(), k = i % 2;
    if (i / 2 % 2 == 0)
      timed(*a[k], ta), timed(*b[k], tb);
    else
      timed(*b[k], tb), timed(*a[k], ta);
  }
  std::vector<double> ratios(ta.size());
  for (std::size_t i = 0; i < ta.size(); ++i) ratios[i] = ta[i] / tb[i];
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  state.counters["ratio"] = median(ratios);
  state.counters["a_us"] = median(ta) * 1e6;
  state.counters["b_us"] = median(tb) * 1e6;
}

int verify() {
  int failures = 0;
  for (const config& c : configs()) {
    const problem p(c);
    std::map<std::string, std::vector<float>> losses;
    for (const auto& [name, f] : implementations(c.name)) {
      set_library_threads(2);
      const auto impl = f(p, 2);
      for (int s = 0; s < 3; ++s) losses[name].push_back(impl->step());
    }
    const auto& reference = losses["runtime"];
    for (const auto& [name, l] : losses) {
      if (name == "gemm") continue;  // products only: no loss
      for (std::size_t s = 0; s < l.size(); ++s) {
        const bool ok = std::abs(l[s] - reference[s]) <= 1e-4f * std::abs(reference[s]);
        failures += !ok;
        std::printf("%-5s %-9s step %zu loss %.7f%s\n", c.name.c_str(), name.c_str(), s + 1, l[s],
                    ok ? "" : "  <- differs from runtime");
      }
    }
  }
  std::printf(failures ? "%d losses differ\n" : "all implementations agree\n", failures);
  return failures ? 1 : 0;
}

std::vector<int> parse_threads(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    const int t = std::atoi(item.c_str());
    if (t < 1) {
      std::fprintf(stderr, "train_step: --threads: expected a list like 1,2, found '%s'\n",
                   text.c_str());
      std::exit(2);
    }
    out.push_back(t);
  }
  return out;
}

// Registers <prefix>/<config>/threads:<T>, timed on the wall clock in microseconds.
template <class F>
void register_timed(const std::string& prefix, const config& c, int threads, F f) {
  const std::string name = prefix + "/" + c.name + "/threads:" + std::to_string(threads);
  benchmark::RegisterBenchmark(name.c_str(), std::move(f))
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> thread_counts{1, 2};
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--threads=", 10) == 0)
      thread_counts = parse_threads(argv[i] + 10);
    else if (std::strcmp(argv[i], "--verify") == 0)
      return verify();
    else
      rest.push_back(argv[i]);
  }
  int count = int(rest.size());
  benchmark::Initialize(&count, rest.data());
#ifdef METAGRAD_USE_OPENBLAS
  benchmark::AddCustomContext("gemm_path", std::string("OpenBLAS ") + openblas_get_corename() +
                                               " (" + openblas_get_config() + ")");
#else
  benchmark::AddCustomContext("gemm_path", "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
                                               std::to_string(EIGEN_MAJOR_VERSION) + "." +
                                               std::to_string(EIGEN_MINOR_VERSION));
#endif
  for (const config& c : configs())
    for (const auto& [name, f] : implementations(c.name))
      for (int threads : thread_counts)
        register_timed("train_step/" + name, c, threads,
                       [c = c, f = f, threads](benchmark::State& s) { run(s, c, f, threads); });
  // The ratios the benchmark's goals are stated in, each timed in one loop.
  std::vector<std::pair<std::string, std::string>> pairs = {{"generated", "compiled"},
                                                            {"compiled", "eigen"},
                                                            {"compiled", "gemm"},
                                                            {"runtime", "compiled"},
                                                            {"compiled", "fused"}};
#ifdef METAGRAD_BENCH_TORCH
  pairs.emplace_back("libtorch", "compiled");
#endif
  for (const config& c : configs()) {
    std::map<std::string, factory> impl;
    for (const auto& [name, f] : implementations(c.name)) impl[name] = f;
    for (const auto& [a, b] : pairs)
      for (int threads : impl[a] && impl[b] ? thread_counts : std::vector<int>{})
        register_timed("train_step_pair/" + a + ":" + b, c, threads,
                       [c = c, fa = impl[a], fb = impl[b], threads](benchmark::State& s) {
                         run_pair(s, c, fa, fb, threads);
                       });
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
