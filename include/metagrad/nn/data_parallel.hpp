// Data-parallel training: several processes (MPI ranks) train one model (any model nn::resume
// trains). Every process draws the
// same row order and dropout masks a single process would (same seed), and computes its share of
// each batch — a block of its rows, as PyTorch's DistributedSampler deals them. After every step
// each process's gradients are summed over all processes in place — one call over one contiguous
// buffer — so every process applies the same update and holds the same parameters, and N
// processes compute what one does, up to the order of float additions. The sum is given as a
// function (MPI_Allreduce with MPI_IN_PLACE in dist/mpi.hpp), so training needs no MPI.
//
// Each process's gradient is a mean over its rows of the batch; it is weighted by that row count
// before the sum and the sum divided by the total: the gradient of the mean over the whole batch
// (a process with no rows in a short last batch adds zeros).
//
// A feature-major layer over sparse rows has a gradient that is non-zero only in the features of
// the batch's rows: every process knows them (it drew the whole batch), so the buffer carries only
// those columns — a few thousand of 50,000 on the movies — and the optimizer reads them there.
#pragma once

#include "metagrad/nn/clip.hpp"

#include <Eigen/Core>

#include <algorithm>
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
inline Eigen::MatrixXf combine_shares(const data_parallel& dp, Eigen::Index rows,
                                      const std::vector<Eigen::Index>& at,
                                      const Eigen::MatrixXf& mine) {
  Eigen::MatrixXf all = Eigen::MatrixXf::Zero(rows, mine.cols());
  all(at, Eigen::all) = mine;
  dp.sum(all.data(), std::size_t(all.size()));
  return all;
}

namespace detail {

// One step's gradients summed over processes, as their mean over the whole batch. A step adds
// each gradient in the model's order — whole, or only the batch's feature columns of a
// feature-major one — then sums them all in one call and reads each back with block(k).
class gradient_exchange {
 public:
  // `rows` of the batch were this process's (0: it had none, and its gradients are not read);
  // `loss` is its mean over them.
  void begin(double loss, Eigen::Index rows) {
    loss_ = loss, weight_ = float(rows), used_ = 0, blocks_.clear();
  }

  // A gradient, whole (columns null) or only the columns `columns` (the batch's features,
  // ascending), of which this process touched `touched` (a subset, ascending).
  template <class G>
  void add(const G& g, const std::vector<int>* columns, const std::vector<int>* touched) {
    const Eigen::Index width = columns ? Eigen::Index(columns->size()) : g.cols();
    float* at = claim(g.rows(), width);
    const bool mine = weight_ > 0;
    if (!columns) {
      for (Eigen::Index j = 0; j < g.cols(); ++j, at += g.rows())
        if (mine) Eigen::Map<Eigen::VectorXf>(at, g.rows()) = weight_ * g.col(j);
      return;
    }
    auto t = touched->begin();  // both lists ascending: walked together
    for (const int j : *columns) {
      while (mine && t != touched->end() && *t < j) ++t;
      if (mine && t != touched->end() && *t == j)
        Eigen::Map<Eigen::VectorXf>(at, g.rows()) = weight_ * g.col(j);
      at += g.rows();
    }
  }

  // Sums every process's blocks; returns the batch's mean loss.
  double sum(const data_parallel& dp) {
    float* tail = claim(1, 2);
    tail[0] = float(loss_) * weight_, tail[1] = weight_;
    blocks_.pop_back();
    dp.sum(buffer_.data(), used_);
    const float total = buffer_[used_ - 1], scale = total > 0 ? 1 / total : 0.0f;
    Eigen::Map<Eigen::VectorXf>(buffer_.data(), Eigen::Index(used_)) *= scale;
    return double(buffer_[used_ - 2]);
  }

  // The k-th gradient added, summed: rows x (its columns).
  Eigen::Map<const Eigen::MatrixXf> block(std::size_t k) const {
    const auto& b = blocks_[k];
    return {buffer_.data() + b.offset, b.rows, b.cols};
  }

  // Scales every gradient so that their joint norm is at most max_norm (clip_by_global_norm).
  void clip(double max_norm) {
    Eigen::Map<Eigen::VectorXf> all(buffer_.data(), Eigen::Index(used_ - 2));
    clip_by_global_norm(max_norm, all);
  }

 private:
  struct place {
    std::size_t offset;
    Eigen::Index rows, cols;
  };
  // Zeroed room for a rows x cols block (the buffer grows to the largest step, then stays).
  float* claim(Eigen::Index rows, Eigen::Index cols) {
    const std::size_t n = std::size_t(rows * cols);
    if (buffer_.size() < used_ + n) buffer_.resize(used_ + n);
    std::fill_n(buffer_.data() + used_, n, 0.0f);
    blocks_.push_back({used_, rows, cols});
    used_ += n;
    return buffer_.data() + blocks_.back().offset;
  }

  std::vector<float> buffer_;
  std::vector<place> blocks_;
  std::size_t used_ = 0;
  double loss_ = 0;
  float weight_ = 0;
};

}  // namespace detail
}  // namespace metagrad::nn
