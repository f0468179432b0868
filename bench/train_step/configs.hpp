// The benchmark's configurations and the one problem every implementation solves: a seeded batch,
// identical initial weights, one step of forward, loss, backward and plain SGD.
#pragma once

#include <metagrad/exec/threads.hpp>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace bench {

using matrix = Eigen::MatrixXf;
using sparse_rows = Eigen::SparseMatrix<float, Eigen::RowMajor, int>;

enum class loss { bce, focal };

struct config {
  std::string name;
  std::vector<Eigen::Index> widths;  // input, hidden..., labels
  Eigen::Index batch;
  loss kind;
  Eigen::Index nonzeros_per_row = 0;  // > 0: sparse input rows, row-sparse first-layer update
  bool sparse() const { return nonzeros_per_row > 0; }
};

inline const std::vector<config>& configs() {
  static const std::vector<config> all{
      {"a1", {784, 32, 10}, 1, loss::bce},           {"a32", {784, 32, 10}, 32, loss::bce},
      {"a256", {784, 32, 10}, 256, loss::bce},       {"b", {5000, 512, 128, 17}, 256, loss::bce},
      {"c", {5000, 512, 128, 17}, 256, loss::focal}, {"d", {512, 256, 4000}, 256, loss::focal},
      {"m", {50000, 512, 30}, 256, loss::bce, 150},
  };
  return all;
}

inline constexpr float learning_rate = 1e-3f;
inline constexpr float focal_alpha = 0.25f, focal_gamma = 2.0f;

// Layer l maps widths[l] -> widths[l + 1]: W[l] is widths[l] x widths[l + 1] (for a sparse first
// layer the implementations may store it transposed), b[l] is 1 x widths[l + 1].
struct problem {
  config c;
  matrix x;        // dense input (empty when sparse)
  sparse_rows xs;  // sparse input (empty when dense)
  matrix y;
  std::vector<matrix> W, b;

  explicit problem(const config& cfg) : c(cfg) {
    std::mt19937 rng(2024);
    std::uniform_real_distribution<float> unit(-1, 1);
    std::bernoulli_distribution positive(0.2);
    const Eigen::Index n = c.batch, in = c.widths.front();
    if (c.sparse()) {
      // TF-IDF-like rows: distinct random features, positive values, unit L2 norm.
      std::uniform_int_distribution<int> feature(0, int(in) - 1);
      std::vector<Eigen::Triplet<float>> t;
      for (Eigen::Index i = 0; i < n; ++i) {
        std::vector<int> f;
        while (Eigen::Index(f.size()) < c.nonzeros_per_row) {
          const int j = feature(rng);
          if (std::find(f.begin(), f.end(), j) == f.end()) f.push_back(j);
        }
        const float v = 1.0f / std::sqrt(float(f.size()));
        for (int j : f) t.emplace_back(int(i), j, v);
      }
      xs.resize(n, in);
      xs.setFromTriplets(t.begin(), t.end());
      xs.makeCompressed();
    } else {
      x = matrix::NullaryExpr(n, in, [&] { return unit(rng); });
    }
    y = matrix::NullaryExpr(n, c.widths.back(), [&] { return positive(rng) ? 1.0f : 0.0f; });
    for (std::size_t l = 0; l + 1 < c.widths.size(); ++l) {
      const float scale = std::sqrt(6.0f / float(c.widths[l] + c.widths[l + 1]));
      W.push_back(
          matrix::NullaryExpr(c.widths[l], c.widths[l + 1], [&] { return scale * unit(rng); }));
      b.push_back(matrix::Zero(1, c.widths[l + 1]));
    }
  }

  // Multiply-adds of one step's products, times two: the GEMM-equivalent floating-point work.
  // Forward: every layer; backward: every weight gradient and every input gradient but the
  // first layer's. A sparse first layer counts its non-zeros only.
  double flops() const {
    double total = 0;
    const double n = double(c.batch);
    for (std::size_t l = 0; l + 1 < c.widths.size(); ++l) {
      const double in = l == 0 && c.sparse() ? double(c.nonzeros_per_row) : double(c.widths[l]);
      const double out = double(c.widths[l + 1]);
      total += 2 * n * in * out * (l == 0 ? 2 : 3);
    }
    return total;
  }
};

// w -= lr g, columns split among threads: the plain SGD step of the implementations whose
// gradients are buffers (compiled, runtime).
template <class G>
void sgd(matrix& w, const G& g, float lr, int threads) {
  metagrad::exec::parallel_for(w.size() > 65536 ? threads : 1, w.cols(),
                               [&](Eigen::Index j) { w.col(j) -= lr * g.col(j); });
}

}  // namespace bench
