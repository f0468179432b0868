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
// A sparse first layer's gradient is non-zero only in the features a batch contains: a small sum
// of a feature mask comes first, and the gradient buffer then carries only the columns of the
// features some process touched (a few thousand of 50,000 on the movies) — so 2 calls per step.
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

namespace detail {

// One step's gradients, summed over processes: `g` holds the global mean gradient of each
// parameter (for a sparse first layer only in `columns`, the features some process touched).
class gradient_exchange {
 public:
  parameters g;
  std::vector<int> columns;

  // `rows` of the global batch were this process's (0: it had none, and its gradients are not
  // read); `loss` is its mean over them. Returns the global batch's mean loss.
  template <class GW1, class GB1, class GW2, class GB2>
  double sum(const data_parallel& dp, double loss, Eigen::Index rows, const GW1& gW1,
             const std::vector<int>* touched, const GB1& gb1, const GW2& gW2, const GB2& gb2) {
    const Eigen::Index hidden = gW1.rows(), width = gW1.cols();
    if (g.W1.rows() != hidden || g.W1.cols() != width) {
      g = {matrix::Zero(hidden, width), matrix(gb1.rows(), gb1.cols()),
           matrix(gW2.rows(), gW2.cols()), matrix(gb2.rows(), gb2.cols())};
      mine_.assign(std::size_t(width), 0.0f);
    }
    // The first layer's columns to exchange: every one, or those some process touched.
    columns.clear();
    if (touched) {
      if (rows > 0)
        for (const int j : *touched) mine_[std::size_t(j)] = 1;
      mask_ = mine_;
      dp.sum(mask_.data(), mask_.size());
      for (std::size_t j = 0; j < mask_.size(); ++j)
        if (mask_[j] > 0) columns.push_back(int(j));
    }
    const std::size_t first =
        touched ? columns.size() * std::size_t(hidden) : std::size_t(gW1.size());
    buffer_.assign(first + std::size_t(gb1.size() + gW2.size() + gb2.size()) + 2, 0.0f);
    const float weight = float(rows);
    float* at = buffer_.data();
    auto put = [&](const auto& m) {
      for (Eigen::Index j = 0; j < m.cols(); ++j, at += m.rows())
        if (rows > 0) Eigen::Map<Eigen::VectorXf>(at, m.rows()) = weight * m.col(j);
    };
    if (touched) {
      for (const int j : columns) {
        if (mine_[std::size_t(j)] > 0)
          Eigen::Map<Eigen::VectorXf>(at, hidden) = weight * gW1.col(j);
        at += hidden;
      }
    } else {
      put(gW1);
    }
    put(gb1), put(gW2), put(gb2);
    at[0] = float(loss) * weight, at[1] = weight;
    dp.sum(buffer_.data(), buffer_.size());
    if (touched)
      for (const int j : *touched) mine_[std::size_t(j)] = 0;  // ready for the next step

    const float total = buffer_.back(), scale = total > 0 ? 1 / total : 0.0f;
    const float* from = buffer_.data();
    auto take = [&](matrix& m) {
      for (Eigen::Index j = 0; j < m.cols(); ++j, from += m.rows())
        m.col(j) = scale * Eigen::Map<const Eigen::VectorXf>(from, m.rows());
    };
    if (touched) {
      for (const int j : columns) {
        g.W1.col(j) = scale * Eigen::Map<const Eigen::VectorXf>(from, hidden);
        from += hidden;
      }
    } else {
      take(g.W1);
    }
    take(g.b1), take(g.W2), take(g.b2);
    return double(from[0]) * scale;
  }

 private:
  std::vector<float> buffer_, mask_, mine_;
};

}  // namespace detail
}  // namespace metagrad::nn
