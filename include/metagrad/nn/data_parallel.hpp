// Data-parallel training: several processes (MPI ranks) train one network. Every process draws the
// same row order and dropout masks a single process would (same seed), and computes its share of
// each batch — a block of its rows, as PyTorch's DistributedSampler deals them. After every step
// each process's gradients are summed over all processes in place — one call over one contiguous
// buffer — so every process applies the same update and holds the same parameters, and N
// processes compute what one does, up to the order of float additions. The sum is given as a
// function (MPI_Allreduce with MPI_IN_PLACE in dist/mpi.hpp), so the trainer needs no MPI.
//
// Each process's gradient is a mean over its rows of the batch; it is weighted by that row count
// before the sum and the sum divided by the total: the gradient of the mean over the whole batch
// (a process with no rows in a short last batch adds zeros).
//
// A sparse first layer's gradient is non-zero only in the features of the batch's rows: every
// process knows them (it drew the whole batch), so the buffer carries only those columns — a few
// thousand of 50,000 on the movies — and the optimizer reads them where they are.
#pragma once

#include "metagrad/nn/parameters.hpp"

#include <Eigen/Core>

#include <cstddef>
#include <functional>
#include <vector>

namespace metagrad::nn {

struct data_parallel {
  int rank = 0, ranks = 1;
  // Sums n floats element-wise over every process, in place.
  std::function<void(float*, std::size_t)> sum;
  bool active() const { return ranks > 1; }
};

// This process's share of n rows every process holds: rows rank, rank + ranks, ...
inline std::vector<Eigen::Index> share_of(const data_parallel& dp, Eigen::Index n) {
  std::vector<Eigen::Index> mine;
  for (Eigen::Index i = dp.rank; i < n; i += dp.ranks) mine.push_back(i);
  return mine;
}

// Each process computed `mine`, the rows `at` of a rows x mine.cols() result (predictions of its
// share): summed over processes, so that every process has every row.
inline matrix combine_shares(const data_parallel& dp, Eigen::Index rows,
                             const std::vector<Eigen::Index>& at, const matrix& mine) {
  matrix all = matrix::Zero(rows, mine.cols());
  all(at, Eigen::all) = mine;
  dp.sum(all.data(), std::size_t(all.size()));
  return all;
}

namespace detail {

// One step's gradients, summed over processes: b1, W2, b2 and (dense) W1 as the global mean
// gradient in `g`; a sparse first layer's in packed_W1(), column k for feature columns[k].
class gradient_exchange {
 public:
  parameters g;

  // `rows` of the batch were this process's (0: it had none, and its gradients are not read);
  // `loss` is its mean over them. A sparse first layer: `columns` are the batch's features
  // (ascending) and `touched` this process's (a subset). Returns the batch's mean loss.
  template <class GW1, class GB1, class GW2, class GB2>
  double sum(const data_parallel& dp, double loss, Eigen::Index rows, const GW1& gW1,
             const std::vector<int>* columns, const std::vector<int>* touched, const GB1& gb1,
             const GW2& gW2, const GB2& gb2) {
    const Eigen::Index hidden = gW1.rows();
    columns_ = columns;
    if (g.b1.size() == 0)
      g = {columns ? matrix() : matrix(gW1.rows(), gW1.cols()), matrix(gb1.rows(), gb1.cols()),
           matrix(gW2.rows(), gW2.cols()), matrix(gb2.rows(), gb2.cols())};
    first_ = columns ? columns->size() * std::size_t(hidden) : std::size_t(gW1.size());
    buffer_.assign(first_ + std::size_t(gb1.size() + gW2.size() + gb2.size()) + 2, 0.0f);
    const float weight = float(rows);
    float* at = buffer_.data();
    auto put = [&](const auto& m) {
      for (Eigen::Index j = 0; j < m.cols(); ++j, at += m.rows())
        if (rows > 0) Eigen::Map<Eigen::VectorXf>(at, m.rows()) = weight * m.col(j);
    };
    if (columns) {  // both lists ascending: walk them together
      auto mine = touched->begin();
      for (const int j : *columns) {
        while (rows > 0 && mine != touched->end() && *mine < j) ++mine;
        if (rows > 0 && mine != touched->end() && *mine == j)
          Eigen::Map<Eigen::VectorXf>(at, hidden) = weight * gW1.col(j);
        at += hidden;
      }
    } else {
      put(gW1);
    }
    put(gb1), put(gW2), put(gb2);
    at[0] = float(loss) * weight, at[1] = weight;
    dp.sum(buffer_.data(), buffer_.size());

    const float total = buffer_.back(), scale = total > 0 ? 1 / total : 0.0f;
    Eigen::Map<Eigen::VectorXf> all(buffer_.data(), Eigen::Index(buffer_.size()));
    all *= scale;  // the mean gradients, where they are
    const float* from = buffer_.data() + (columns ? first_ : 0);
    auto take = [&](matrix& m) {
      for (Eigen::Index j = 0; j < m.cols(); ++j, from += m.rows())
        m.col(j) = Eigen::Map<const Eigen::VectorXf>(from, m.rows());
    };
    if (!columns) take(g.W1);
    take(g.b1), take(g.W2), take(g.b2);
    return double(from[0]);
  }

  // A sparse first layer's summed gradient: hidden x columns.size(), packed.
  Eigen::Map<const matrix> packed_W1() const {
    const Eigen::Index n = Eigen::Index(columns_->size());
    return {buffer_.data(), n ? Eigen::Index(first_) / n : 0, n};
  }

 private:
  std::vector<float> buffer_;
  const std::vector<int>* columns_ = nullptr;
  std::size_t first_ = 0;
};

}  // namespace detail
}  // namespace metagrad::nn
