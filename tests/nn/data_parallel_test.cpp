// Data-parallel fit for any model, without MPI: two "processes" are two threads whose sum meets at
// a barrier (as MPI_Allreduce would). Each computes its share of every batch; both end with the
// same parameters, bit for bit, and with those of one process up to the order of float additions
// — a dense network with dropout, and a layer over sparse rows (its gradient exchanged by the
// batch's feature columns only).
#include <metagrad/metagrad.hpp>
#include <metagrad/nn/dense.hpp>
#include <metagrad/nn/dropout.hpp>
#include <metagrad/nn/fit.hpp>

#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "support/synthetic_labels.hpp"

namespace mg = metagrad;
namespace nn = metagrad::nn;
using matrix = Eigen::MatrixXf;

namespace {

// An in-place sum over two threads: each waits for the other's values.
class two_ranks {
 public:
  void sum(float* data, std::size_t n) {
    std::unique_lock<std::mutex> lock(m_);
    const long round = round_;
    if (arrived_ == 0)
      total_.assign(data, data + n);
    else
      for (std::size_t i = 0; i < n; ++i) total_[i] += data[i];
    if (++arrived_ == 2) {
      arrived_ = 0, ++round_, result_ = total_;
      done_.notify_all();
    } else {
      done_.wait(lock, [&] { return round_ != round; });
    }
    std::copy(result_.begin(), result_.end(), data);
  }
  nn::data_parallel rank(int r) {
    return {r, 2, [this](float* data, std::size_t n) { sum(data, n); }};
  }

 private:
  std::mutex m_;
  std::condition_variable done_;
  int arrived_ = 0;
  long round_ = 0;
  std::vector<float> total_, result_;
};

nn::fit_options options() {
  nn::fit_options o;
  o.epochs = 3, o.batch_size = 31, o.threads = 1, o.seed = 4, o.patience = 0;
  o.optimizer.learning_rate = 0.01;
  return o;
}

// Trains `model` once alone and once on two ranks; checks the ranks agree bit for bit and agree
// with the single process up to rounding.
template <class Model>
void check_two_ranks(Model model, const nn::dataset& train, const nn::dataset& validation,
                     const nn::fit_options& given = options()) {
  typename Model::store alone, r0, r1;
  const auto single = nn::fit(model, alone, train, given, validation);
  two_ranks ranks;
  std::vector<nn::epoch_record> h0, h1;
  std::thread other([&] {
    nn::fit_options o = given;
    o.parallel = ranks.rank(1);
    h1 = nn::fit(model, r1, train, o, validation);
  });
  nn::fit_options o = given;
  o.parallel = ranks.rank(0);
  h0 = nn::fit(model, r0, train, o, validation);
  other.join();
  REQUIRE(h0.size() == single.size());
  for (std::size_t i = 0; i < Model::store::size; ++i) {
    INFO("parameter " << Model::store::names[i]);
    CHECK(r0.value(i) == r1.value(i));
    CHECK((r0.value(i) - alone.value(i)).cwiseAbs().maxCoeff() < 1e-3f);
  }
  for (std::size_t e = 0; e < single.size(); ++e) {
    CHECK(h0[e].train_loss == h1[e].train_loss);
    CHECK(h0[e].train_loss == Approx(single[e].train_loss).epsilon(1e-4));
    CHECK(h0[e].validation_loss == Approx(single[e].validation_loss).epsilon(1e-4));
  }
}

}  // namespace

TEST_CASE("two ranks train a dense network with dropout as one process does", "[parallel]") {
  constexpr auto x = mg::input<"x">;
  constexpr auto model =
      nn::multilabel(nn::dense<"out", 4>(nn::dropout<"h", 0.3>(mg::relu(nn::dense<"h", 16>(x)))));
  const auto d = test_support::synthetic_labels(300, 8, 1),
             v = test_support::synthetic_labels(100, 8, 2);
  check_two_ranks(model, nn::dataset(x = d.x).with_labels(d.y),
                  nn::dataset(x = v.x).with_labels(v.y));
}

TEST_CASE("two ranks train a layer over sparse rows as one process does", "[parallel]") {
  constexpr auto text = mg::sparse_input<"text">;
  constexpr auto model = nn::multilabel(nn::dense<"out", 4>(mg::relu(nn::dense<"bag", 16>(text))));
  const auto d = test_support::synthetic_labels(300, 40, 3, true),
             v = test_support::synthetic_labels(100, 40, 4, true);
  mg::data::sparse_rows x = d.x.sparseView(), vx = v.x.sparseView();
  x.makeCompressed(), vx.makeCompressed();
  nn::fit_options o = options();
  o.input_dropout = 0.1;  // drawn over the whole batch by each rank, as one process draws it
  check_two_ranks(model, nn::dataset(text = x).with_labels(d.y),
                  nn::dataset(text = vx).with_labels(v.y), o);
}
