// fit_step: an epoch of nn::fit against the plain loop of the same steps — what the genre
// classifier's own trainer ran before it trained through fit: shuffle, gather each batch's sparse
// rows, draw the dropout mask, run the compiled program, lazy Adam on the touched columns of the
// first layer and Adam on the rest, then the train micro-F1 on a sample of 4,096 rows. The movie
// model: TF-IDF-like rows (50,000 features, 150 per row), 128 hidden units, 30 labels, batches
// of 32 (the program's defaults), four epochs per call, as the program's networks train for four
// or five (so that fit's setup — its workspace, the sample's copy — counts as often as there).
// The ratio is fit's time over the loop's, each call timed in one loop, alternating which runs
// first (bench/README.md).
#include <metagrad/metrics/scores.hpp>
#include <metagrad/metrics/thresholds.hpp>
#include <metagrad/nn/batch_rows.hpp>
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/mlp_classifier.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

namespace nn = metagrad::nn;
using matrix = Eigen::MatrixXf;
using mlp = nn::mlp_classifier<true>;
using model = decltype(mlp::bce);

constexpr Eigen::Index rows = 4096, features = 50000, per_row = 150, hidden = 128, labels = 30;
constexpr int batch = 32, epochs = 4;
constexpr double dropout = 0.5;

struct movie_rows {
  metagrad::data::sparse_rows x;
  matrix y;
  movie_rows() {
    std::mt19937 rng(2024);
    std::uniform_int_distribution<int> feature(0, int(features) - 1);
    std::bernoulli_distribution positive(0.1);
    std::vector<Eigen::Triplet<float>> t;
    for (Eigen::Index i = 0; i < rows; ++i) {
      std::vector<int> f;
      while (Eigen::Index(f.size()) < per_row) {
        const int j = feature(rng);
        if (std::find(f.begin(), f.end(), j) == f.end()) f.push_back(j);
      }
      for (int j : f) t.emplace_back(int(i), j, 1.0f / std::sqrt(float(per_row)));
    }
    x.resize(rows, features);
    x.setFromTriplets(t.begin(), t.end());
    x.makeCompressed();
    y = matrix::NullaryExpr(rows, labels, [&] { return positive(rng) ? 1.0f : 0.0f; });
  }
};

nn::fit_options options(int threads) {
  nn::fit_options o;
  o.epochs = epochs, o.batch_size = batch, o.threads = threads, o.dropout = {{"hidden", dropout}};
  o.optimizer.learning_rate = 3e-3;
  return o;
}

// Four epochs of nn::fit, continuing from the store's values.
class fit_epoch {
 public:
  fit_epoch(const movie_rows& d, int threads)
      : d_(nn::dataset(mlp::x = d.x).with_labels(d.y)),
        o_(options(threads)),
        store_(mlp::initial(features, hidden, labels, 1)) {}
  double run() { return nn::fit(mlp::bce, store_, d_, o_).back().train_loss; }

 private:
  nn::dataset d_;
  nn::fit_options o_;
  mlp::store store_;
};

// The same epochs as a plain loop over one workspace.
class plain_epoch {
 public:
  plain_epoch(const movie_rows& d, int threads)
      : d_(d),
        threads_(threads),
        ws_(threads),
        opt_(options(threads).optimizer),
        store_(mlp::initial(features, hidden, labels, 1)),
        order_(std::size_t(rows)),
        sample_(nn::dataset(mlp::x = d.x).with_labels(d.y)),
        pos_w_(matrix::Ones(1, labels)),
        w_(Eigen::VectorXf::Ones(batch)) {
    std::iota(order_.begin(), order_.end(), Eigen::Index(0));
    for (std::size_t i = 0; i < store_.size; ++i)
      opt_.add(store_.value(i).rows(), store_.value(i).cols());
    boost::hana::unpack(store_.bindings(), [&](auto... p) { ws_.bind(p...); });
    ws_.bind(model::pos_w = pos_w_);
  }

  double run() {
    double loss = 0;
    for (int e = 0; e < epochs; ++e) loss = epoch();
    return loss;
  }

 private:
  double epoch() {
    std::shuffle(order_.begin(), order_.end(), rng_);
    double total = 0;
    long batches = 0;
    for (std::size_t first = 0; first < order_.size(); first += batch, ++batches) {
      const std::size_t last = std::min(order_.size(), first + batch);
      const auto view = sb_.gather(d_.x, order_, first, last);
      nn::detail::gather_rows(y_, d_.y, order_, first, last);
      nn::draw_dropout_mask(mask_, Eigen::Index(last - first), hidden, dropout, rng_);
      w_.resize(Eigen::Index(last - first));
      ws_.bind(mlp::x = view, model::y = std::as_const(y_), model::sample_w = std::as_const(w_));
      ws_.bind(metagrad::binding<matrix>{"hidden.mask", &mask_});
      ws_.run();
      total += ws_[model::loss](0, 0);
      opt_.next_step();
      const auto g = model::grads;
      opt_.update_columns(0, store_[mlp::W1], ws_[g[mlp::W1]], ws_.touched_features(g[mlp::W1]),
                          threads_);
      opt_.update(1, store_[mlp::b1], ws_[g[mlp::b1]]);
      opt_.update(2, store_[mlp::W2], ws_[g[mlp::W2]], nullptr, threads_);
      opt_.update(3, store_[mlp::b2], ws_[g[mlp::b2]]);
    }
    const matrix p = nn::predict_proba(mlp::bce, store_, sample_, threads_);
    const std::vector<double> cuts(std::size_t(labels), 0.5);
    benchmark::DoNotOptimize(
        metagrad::metrics::score_predictions(d_.y, metagrad::metrics::threshold_scores(p, cuts)));
    return total / double(batches);
  }

  const movie_rows& d_;
  int threads_;
  metagrad::workspace<model::program, float> ws_;
  nn::optimizer<float> opt_;
  mlp::store store_;
  std::vector<Eigen::Index> order_;
  nn::dataset sample_;
  std::mt19937_64 rng_{2};
  nn::detail::sparse_batch sb_;
  matrix y_, mask_, pos_w_;
  Eigen::VectorXf w_;
};

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
  return v[v.size() / 2];
}

void fit_vs_plain(benchmark::State& state) {
  static const movie_rows d;
  const int threads = int(state.range(0));
  fit_epoch a(d, threads);
  plain_epoch b(d, threads);
  a.run(), b.run();  // warm-up
  std::vector<double> ta, tb;
  const auto timed = [](auto& epoch, std::vector<double>& times) {
    const auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(epoch.run());
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  };
  for (auto _ : state) {
    if (ta.size() % 2 == 0)
      timed(a, ta), timed(b, tb);
    else
      timed(b, tb), timed(a, ta);
  }
  std::vector<double> ratios(ta.size());
  for (std::size_t i = 0; i < ta.size(); ++i) ratios[i] = ta[i] / tb[i];
  state.counters["ratio"] = median(ratios);
  state.counters["fit_ms"] = median(ta) * 1e3;
  state.counters["plain_ms"] = median(tb) * 1e3;
}

}  // namespace

BENCHMARK(fit_vs_plain)
    ->Arg(1)
    ->Arg(2)
    ->Iterations(7)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
