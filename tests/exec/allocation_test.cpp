// Running a compiled program after its workspace exists allocates nothing. Two counters: a replaced
// global operator new, and Eigen's own guard (Eigen allocates with malloc, not new), whose failed
// assertion is counted instead of aborting.
#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> allocations{0};
}

#undef NDEBUG  // Eigen's malloc guard is an eigen_assert
#define EIGEN_RUNTIME_NO_MALLOC
#define eigen_assert(x)      \
  do {                       \
    if (!(x)) ++allocations; \
  } while (false)

#include <metagrad/metagrad.hpp>
#include <metagrad/nn/dense.hpp>
#include <metagrad/nn/dropout.hpp>
#include <metagrad/nn/fit.hpp>

#include <catch2/catch.hpp>

#include <utility>
#include <vector>

// g++ 12 sees std::free in the replaced operator delete and, where it inlines both, reports it as
// mismatched with the replaced operator new, whose memory is malloc's: a false positive.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

// Under AddressSanitizer: the replacements above pair new with free, which is what they are
// (and what ASan's alloc-dealloc-mismatch check would otherwise report as a mismatch).
extern "C" const char* __asan_default_options() { return "alloc_dealloc_mismatch=0"; }

namespace mg = metagrad;

namespace {

constexpr auto x = mg::input<"x", mg::dyn, 784>;
constexpr auto y = mg::input<"y", mg::dyn, 10>;
constexpr auto W1 = mg::param<"W1", 784, 64>;
constexpr auto b1 = mg::param<"b1", 1, 64>;
constexpr auto W2 = mg::param<"W2", 64, 10>;
constexpr auto b2 = mg::param<"b2", 1, 10>;
constexpr auto alpha = mg::scalar<"alpha">;
constexpr auto gamma_ = mg::scalar<"gamma">;
constexpr auto logits = mg::tanh(x * W1 + b1) * W2 + b2;

// Allocations in five runs (sgd: five workspace::sgd_step calls) after the first.
template <class Loss, class... Scalars>
long allocations_per_run(Loss loss, int threads, bool sgd, Scalars... scalars) {
  constexpr auto g = mg::grad(loss, W1, b1, W2, b2);
  auto program = mg::compile(loss, g);
  // Large enough that the GEMMs block and pack, and that kernels split among threads.
  Eigen::MatrixXf X = Eigen::MatrixXf::Random(256, 784), Y = Eigen::MatrixXf::Zero(256, 10);
  Eigen::MatrixXf w1 = Eigen::MatrixXf::Random(784, 64) * 0.05f, c1 = Eigen::MatrixXf::Zero(1, 64);
  Eigen::MatrixXf w2 = Eigen::MatrixXf::Random(64, 10) * 0.1f, c2 = Eigen::MatrixXf::Zero(1, 10);
  auto ws = program.workspace(x = X, y = Y, W1 = w1, b1 = c1, W2 = w2, b2 = c2, scalars...);
  ws.set_threads(threads);
  ws.run();  // the first run may start OpenMP's thread pool
  const long before = allocations.load();
  Eigen::internal::set_is_malloc_allowed(false);
  for (int i = 0; i < 5; ++i) sgd ? ws.sgd_step(0.01f, g) : ws.run();
  Eigen::internal::set_is_malloc_allowed(true);
  return allocations.load() - before;
}

}  // namespace

TEST_CASE("running a BCE training step allocates nothing, on one thread and on two", "[alloc]") {
  const auto loss = mg::mean(mg::bce_with_logits(logits, y));
  CHECK(allocations_per_run(loss, 1, false) == 0);
  CHECK(allocations_per_run(loss, 2, false) == 0);
}

TEST_CASE("an SGD step with the updates folded into the products allocates nothing", "[alloc]") {
  const auto loss = mg::mean(mg::bce_with_logits(logits, y));
  CHECK(allocations_per_run(loss, 1, true) == 0);
  CHECK(allocations_per_run(loss, 2, true) == 0);
}

TEST_CASE("running a focal-loss training step allocates nothing", "[alloc]") {
  const auto loss = mg::mean(mg::focal_with_logits(logits, y, alpha, gamma_));
  CHECK(allocations_per_run(loss, 2, false, alpha = 0.25f, gamma_ = 2.0f) == 0);
}

namespace {

// Allocations over fit's steps 3 .. N-1 of the second epoch (what happens once — OpenMP's threads
// starting, buffers growing to the largest batch — belongs to the first), and whether they were
// counted at all (the callback ran).
template <class Model>
std::pair<long, bool> allocations_per_fit_step(Model model, const mg::nn::dataset& d,
                                               mg::nn::fit_options o) {
  o.epochs = 2, o.batch_size = 64, o.threads = 2;
  long after_second = -1, before_last = -1;
  o.on_batch = [&](const mg::nn::batch_progress& p) {
    if (p.epoch == 2 && p.batch == 2)
      after_second = allocations.load(), Eigen::internal::set_is_malloc_allowed(false);
    if (p.epoch == 2 && p.batch == p.batches - 1)
      before_last = allocations.load(), Eigen::internal::set_is_malloc_allowed(true);
  };
  typename Model::store store;
  mg::nn::fit(model, store, d, o);
  return {before_last - after_second, after_second >= 0 && before_last >= 0};
}

}  // namespace

TEST_CASE("fit's steps allocate nothing: batches, dropout masks, Adam, clipping", "[alloc]") {
  namespace nn = mg::nn;
  constexpr auto in = mg::input<"in">;
  constexpr auto model = nn::multilabel(nn::dense<"out", 10>(
      nn::dropout<"h", 0.3>(mg::relu(nn::dense<"h", 64>(mg::relu(nn::dense<"g", 64>(in)))))));
  const Eigen::MatrixXf X = Eigen::MatrixXf::Random(512, 50);
  const Eigen::MatrixXf Y = (Eigen::MatrixXf::Random(512, 10).array() > 0).cast<float>();
  nn::fit_options o;
  o.clip_norm = 1;
  const auto [count, counted] =
      allocations_per_fit_step(model, nn::dataset(in = X).with_labels(Y), o);
  CHECK(counted);
  CHECK(count == 0);
}

TEST_CASE("fit's steps over sparse rows allocate nothing: lazy columns, input gathering",
          "[alloc]") {
  namespace nn = mg::nn;
  constexpr auto words = mg::sparse_input<"words">;
  constexpr auto model = nn::multilabel(nn::dense<"out", 10>(mg::relu(nn::dense<"h", 32>(words))));
  // 512 rows of 2,000 features, about 20 stored per row.
  const Eigen::MatrixXf dense = (Eigen::MatrixXf::Random(512, 2000).array() > 0.98f).cast<float>();
  mg::data::sparse_rows X = dense.sparseView();
  X.makeCompressed();
  const Eigen::MatrixXf Y = (Eigen::MatrixXf::Random(512, 10).array() > 0).cast<float>();
  const auto [count, counted] =
      allocations_per_fit_step(model, nn::dataset(words = X).with_labels(Y), {});
  CHECK(counted);
  CHECK(count == 0);
}

TEST_CASE("the allocation counters see Eigen's allocations and the standard library's", "[alloc]") {
  Eigen::MatrixXf a = Eigen::MatrixXf::Random(300, 300), b(300, 300);
  long before = allocations.load();
  Eigen::internal::set_is_malloc_allowed(false);
  b = a * a;  // Eigen's GEMM packs into heap buffers at this size
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(allocations.load() - before >= 1);
  before = allocations.load();
  std::vector<int> v(10);
  CHECK(allocations.load() - before == 1);
}
