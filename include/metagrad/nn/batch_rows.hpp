// Batches gathered from rows of data into reused storage: a CSR view of sparse rows (optionally
// with dropout on their stored entries), a dense block otherwise.
#pragma once

#include "metagrad/core/leaf.hpp"
#include "metagrad/data/text_vectorizer.hpp"
#include "metagrad/exec/sparse_view.hpp"
#include "metagrad/nn/dataset.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace metagrad::nn::detail {

// The rows `index[begin, end)` of the features, gathered into reused storage: a CSR view for
// sparse rows, a dense block otherwise.
struct sparse_batch {
  std::vector<int> outer, inner;
  std::vector<float> values;
  // The features (columns) the gathered rows hold, ascending, into f (its storage reused).
  void features(std::vector<int>& f) const {
    f.assign(inner.begin(), inner.end());
    std::sort(f.begin(), f.end());
    f.erase(std::unique(f.begin(), f.end()), f.end());
  }
  // With `drop` > 0 each stored entry is dropped with that probability and the others scaled by
  // 1 / (1 - drop): dropout on the input features, against memorizing rare words.
  exec::sparse_view<float> gather(const data::sparse_rows& x,
                                  const std::vector<Eigen::Index>& index, std::size_t begin,
                                  std::size_t end, double drop = 0,
                                  std::mt19937_64* rng = nullptr) {
    outer.clear(), inner.clear(), values.clear();
    outer.push_back(0);
    std::bernoulli_distribution dropped(drop > 0 ? drop : 0);
    const float scale = float(1 / (1 - drop));
    for (std::size_t k = begin; k < end; ++k) {
      const Eigen::Index r = index[k];
      for (int p = x.outerIndexPtr()[r]; p < x.outerIndexPtr()[r + 1]; ++p) {
        if (drop > 0 && dropped(*rng)) continue;
        inner.push_back(x.innerIndexPtr()[p]);
        values.push_back(drop > 0 ? x.valuePtr()[p] * scale : x.valuePtr()[p]);
      }
      outer.push_back(int(inner.size()));
    }
    return {Eigen::Index(end - begin), x.cols(), outer.data(), inner.data(), values.data()};
  }
};

inline void gather_rows(Eigen::MatrixXf& out, const Eigen::MatrixXf& from,
                        const std::vector<Eigen::Index>& index, std::size_t begin,
                        std::size_t end) {
  out.resize(Eigen::Index(end - begin), from.cols());
  for (std::size_t k = begin; k < end; ++k) out.row(Eigen::Index(k - begin)) = from.row(index[k]);
}

// The rows of a batch of every input of a dataset, gathered into storage reused from batch to
// batch and bound to a workspace by the inputs' names.
class input_batches {
 public:
  // Data-parallel: also keep each sparse input's features of the whole batch (features()).
  bool keep_features = false;

  template <class Workspace>
  void bind(Workspace& ws, const dataset& d, const std::vector<Eigen::Index>& index,
            std::size_t begin, std::size_t end) {
    bind_share(ws, d, index, begin, end, begin, end);
  }

  // The batch is index[first, last); the rows bound are its share [begin, end) (data-parallel:
  // this process's). With `drop` > 0 each stored entry of a sparse input is dropped with that
  // probability, drawn over the whole batch, as one process would.
  template <class Workspace>
  void bind_share(Workspace& ws, const dataset& d, const std::vector<Eigen::Index>& index,
                  std::size_t first, std::size_t last, std::size_t begin, std::size_t end,
                  double drop = 0, std::mt19937_64* rng = nullptr) {
    dense_.resize(d.dense().size());
    if (sparse_.size() != d.sparse().size()) reserve(d, last - first);
    for (std::size_t k = 0; k < dense_.size(); ++k) {
      gather_rows(dense_[k], *d.dense()[k].values, index, begin, end);
      ws.bind(binding<Eigen::MatrixXf>{d.dense()[k].name, &dense_[k]});
    }
    for (std::size_t k = 0; k < sparse_.size(); ++k) {
      exec::sparse_view<float> view =
          sparse_[k].gather(*d.sparse()[k].values, index, first, last, drop, rng);
      if (keep_features) sparse_[k].features(features_[k]);
      view.outer += begin - first, view.rows = Eigen::Index(end - begin);
      ws.bind(binding<exec::sparse_view<float>>{d.sparse()[k].name, &view});
    }
  }

  // The features (ascending) of the sparse input `name` in the whole last batch (keep_features).
  const std::vector<int>& features(const dataset& d, std::string_view name) const {
    for (std::size_t k = 0; k < d.sparse().size(); ++k)
      if (d.sparse()[k].name == name) return features_[k];
    throw std::invalid_argument("no sparse input named '" + std::string(name) + "'");
  }

 private:
  // Room for a batch of `rows` of the longest rows, once: a batch with more stored entries than
  // the ones before it must not allocate in the middle of training.
  void reserve(const dataset& d, std::size_t rows) {
    sparse_.resize(d.sparse().size());
    features_.resize(d.sparse().size());
    for (std::size_t k = 0; k < sparse_.size(); ++k) {
      const data::sparse_rows& x = *d.sparse()[k].values;
      int longest = 0;
      for (Eigen::Index r = 0; r < x.rows(); ++r)
        longest = std::max(longest, x.outerIndexPtr()[r + 1] - x.outerIndexPtr()[r]);
      const std::size_t n =
          std::min<std::size_t>(rows * std::size_t(longest), std::size_t(x.nonZeros()));
      sparse_[k].outer.reserve(rows + 1), sparse_[k].inner.reserve(n), sparse_[k].values.reserve(n);
    }
  }

  std::vector<Eigen::MatrixXf> dense_;
  std::vector<sparse_batch> sparse_;
  std::vector<std::vector<int>> features_;
};

}  // namespace metagrad::nn::detail
