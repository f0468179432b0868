// Optimizers that update parameters in place: SGD (momentum, Nesterov, learning-rate decay), Adam /
// AdamW, RMSprop and Adagrad, each with weight decay, following PyTorch's update rules (checked
// against ../shared/reference/optimizers.json). State is allocated once, when a parameter is
// registered.
//
// A gradient may be row-sparse (the gradient of a sparse input's first layer): then only its
// listed rows are updated, and Adam's moments of the other rows are left as they were ("lazy"
// Adam, as TensorFlow's LazyAdam and PyTorch's SparseAdam), so a 50,000-row layer costs what its
// batch touches.
//
//   sgd:   v = mu v + (g + wd w);  w -= lr_t (nesterov ? g + wd w + mu v : v),  lr_t = lr / (1 +
//   decay t) adam:  m = b1 m + (1 - b1) g';  v = b2 v + (1 - b2) g'^2;  w -= lr m^ / (sqrt(v^) +
//   eps)
//          with g' = g + wd w (Adam) or g' = g and w -= lr wd w (AdamW, decoupled)
//   rmsprop: v = alpha v + (1 - alpha) g'^2;  w -= lr g' / (sqrt(v) + eps),  g' = g + wd w
//   adagrad: v += g'^2;  w -= lr_t g' / (sqrt(v) + eps),  lr_t = lr / (1 + lr_decay (t - 1)),
//            v starting at initial_accumulator
//   each learning rate times schedule.factor(t) (lr_schedule.hpp: warm-up, step, cosine)
#pragma once

#include "metagrad/exec/threads.hpp"
#include "metagrad/nn/lr_schedule.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace metagrad::nn {

enum class optimizer_kind { sgd, adam, adamw, rmsprop, adagrad };

inline optimizer_kind parse_optimizer(const std::string& text) {
  if (text == "sgd") return optimizer_kind::sgd;
  if (text == "adam") return optimizer_kind::adam;
  if (text == "adamw") return optimizer_kind::adamw;
  if (text == "rmsprop") return optimizer_kind::rmsprop;
  if (text == "adagrad") return optimizer_kind::adagrad;
  throw std::invalid_argument("optimizer '" + text +
                              "': expected sgd, adam, adamw, rmsprop or adagrad");
}

struct optimizer_options {
  optimizer_kind kind = optimizer_kind::adam;
  double learning_rate = 1e-3;
  double momentum = 0.9;              // sgd
  bool nesterov = false;              // sgd
  double decay = 0;                   // sgd: learning rate / (1 + decay * step)
  double beta1 = 0.9, beta2 = 0.999;  // adam
  double epsilon = -1;  // added to the root: below 0, PyTorch's (1e-10 for adagrad, 1e-8 else)
  double alpha = 0.99;  // rmsprop: the share of the running mean of squares kept each step
  double lr_decay = 0, initial_accumulator = 0;  // adagrad
  double weight_decay = 0;
  lr_schedule schedule = {};  // the learning rate's factor at each step (warm-up, step, cosine)
};

// What an optimizer remembers between steps: the step count and, per registered parameter, its
// first moment (SGD: the velocity) and second moment (Adam; empty for SGD). Saved in checkpoints,
// so that training continued later takes exactly the steps it would have taken.
template <class S = float>
struct optimizer_state {
  using matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  long steps = 0;
  std::vector<matrix> m, v;
};

template <class S = float>
class optimizer {
 public:
  using matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

  explicit optimizer(optimizer_options o = {}) : o_(o) {}

  // Registers a parameter of the given shape; returns its index for update().
  std::size_t add(Eigen::Index rows, Eigen::Index cols) {
    const bool adam = o_.kind == optimizer_kind::adam || o_.kind == optimizer_kind::adamw;
    const S first = o_.kind == optimizer_kind::adagrad ? S(o_.initial_accumulator) : S(0);
    s_.m.push_back(matrix::Constant(rows, cols, first));
    s_.v.push_back(adam ? matrix::Zero(rows, cols) : matrix());
    return s_.m.size() - 1;
  }

  // Call once per step, before the updates of that step.
  void next_step() { ++s_.steps; }
  long steps() const { return s_.steps; }

  // Takes a saved state: it must be one of this optimizer's (the same parameters and shapes).
  void restore(optimizer_state<S> saved) {
    const auto fits = [&](const std::vector<matrix>& a, const std::vector<matrix>& b) {
      if (a.size() != b.size()) return false;
      for (std::size_t k = 0; k < a.size(); ++k)
        if (a[k].rows() != b[k].rows() || a[k].cols() != b[k].cols()) return false;
      return true;
    };
    if (saved.steps < 0 || !fits(saved.m, s_.m) || !fits(saved.v, s_.v))
      throw std::invalid_argument(
          "optimizer state: its moments do not match the optimizer's parameters");
    s_ = std::move(saved);
  }

  // Exchanges the state with `other`, unchecked: lends it out (to be saved) without a copy, and
  // takes it back by a second swap.
  void swap_state(optimizer_state<S>& other) noexcept { std::swap(s_, other); }

  // w -= update(g) on the listed columns (ascending) only, for a gradient that is non-zero in
  // those columns alone (a feature-major sparse first layer); columns are split among threads.
  // `packed`: g holds only those columns, its k-th for columns[k].
  template <class W, class G>
  void update_columns(std::size_t index, W& w, const G& g, const std::vector<int>& columns,
                      int threads = 1, bool packed = false) {
    const moments s = at(index);
    const coefficients c = coefficients_now();
    const Eigen::Index n = Eigen::Index(columns.size()), rows = w.rows();
    const int parts = n * rows < (1 << 15) ? 1 : threads;
    const auto gradient = [&](Eigen::Index k) {
      return g.data() + (packed ? k : Eigen::Index(columns[std::size_t(k)])) * g.outerStride();
    };
    exec::parallel_for(parts, n, [&](Eigen::Index k) {
      // The columns lie scattered over large matrices: a later column's lines are asked for now,
      // so that their misses overlap this column's arithmetic.
      if (k + prefetch_ahead < n) {
        const Eigen::Index j = columns[std::size_t(k + prefetch_ahead)];
        prefetch(&w(0, j), 0, rows), prefetch(s.m->data(), j * rows, rows);
        prefetch(s.v->data(), j * rows, rows), prefetch(gradient(k + prefetch_ahead), 0, rows);
      }
      const Eigen::Index j = columns[std::size_t(k)];
      step(c, s, j * rows, &w(0, j), gradient(k), rows);
    });
  }

  // w -= update(g), every row, or only `rows` (ascending) for a row-sparse gradient. Columns
  // are split among threads; matrices are column-major, so each thread walks down its columns.
  template <class W, class G>
  void update(std::size_t index, W& w, const G& g, const std::vector<int>* rows = nullptr,
              int threads = 1) {
    const moments s = at(index);
    const coefficients c = coefficients_now();
    const Eigen::Index cols = w.cols(), n = rows ? Eigen::Index(rows->size()) : w.rows();
    const int parts = n * cols < (1 << 15) ? 1 : threads;
    exec::parallel_for(parts, cols, [&](Eigen::Index j) {
      if (!rows) {
        step(c, s, j * w.rows(), &w(0, j), g.data() + j * g.outerStride(), w.rows());
        return;
      }
      for (Eigen::Index k = 0; k < n; ++k) {
        const Eigen::Index r = (*rows)[std::size_t(k)];
        step(c, s, j * w.rows() + r, &w(r, j), g.data() + j * g.outerStride() + r, 1);
      }
    });
  }

 private:
  struct moments {
    matrix *m, *v;  // sgd: velocity in m; rmsprop, adagrad: the squares in m
  };
  moments at(std::size_t index) { return {&s_.m.at(index), &s_.v.at(index)}; }

  // The step's constants, once per update() rather than per element.
  struct coefficients {
    S lr, mu, wd, b1, b2, eps, c1, c2, alpha;
  };
  coefficients coefficients_now() const {
    const double t = double(s_.steps);
    const double decay = o_.kind == optimizer_kind::sgd       ? o_.decay
                         : o_.kind == optimizer_kind::adagrad ? o_.lr_decay
                                                              : 0.0;
    const double lr =
        o_.learning_rate / (1 + decay * (t - 1)) * o_.schedule.factor(std::max(s_.steps, 1L));
    const double eps = o_.epsilon >= 0                      ? o_.epsilon
                       : o_.kind == optimizer_kind::adagrad ? 1e-10
                                                            : 1e-8;
    return {S(lr),       S(o_.momentum), S(o_.weight_decay),           S(o_.beta1),
            S(o_.beta2), S(eps),         S(1 - std::pow(o_.beta1, t)), S(1 - std::pow(o_.beta2, t)),
            S(o_.alpha)};
  }

  static constexpr Eigen::Index prefetch_ahead = 4;
  // n elements from base + offset; none from a matrix the optimizer keeps empty (sgd's v).
  static void prefetch(const S* base, Eigen::Index offset, Eigen::Index n) {
    if (!base) return;
    for (Eigen::Index i = 0; i < n; i += Eigen::Index(64 / sizeof(S)))
      __builtin_prefetch(base + offset + i);
  }

  // One update of n contiguous elements: w[0, n) with gradient g[0, n) and the state from
  // `offset` on (column-major, as w). Written on arrays so that it vectorizes.
  void step(const coefficients& c, const moments& s, Eigen::Index offset, S* w_data,
            const S* g_data, Eigen::Index n) const {
    using array = Eigen::Array<S, Eigen::Dynamic, 1>;
    Eigen::Map<array> w(w_data, n), m(s.m->data() + offset, n);
    const Eigen::Map<const array> g(g_data, n);
    if (o_.kind == optimizer_kind::sgd) {
      m = c.mu * m + (g + c.wd * w);  // the velocity
      if (o_.nesterov)
        w -= c.lr * ((g + c.wd * w) + c.mu * m);
      else
        w -= c.lr * m;
      return;
    }
    if (o_.kind == optimizer_kind::rmsprop || o_.kind == optimizer_kind::adagrad) {
      if (o_.kind == optimizer_kind::rmsprop)  // (g + wd w) written out: no temporary array
        m = c.alpha * m + (1 - c.alpha) * (g + c.wd * w).square();
      else
        m += (g + c.wd * w).square();
      w -= c.lr * (g + c.wd * w) / (m.sqrt() + c.eps);
      return;
    }
    Eigen::Map<array> v(s.v->data() + offset, n);
    const bool decoupled = o_.kind == optimizer_kind::adamw;
    const S wd = decoupled ? S(0) : c.wd;  // Adam adds wd w to the gradient, AdamW decays w
    m = c.b1 * m + (1 - c.b1) * (g + wd * w);
    v = c.b2 * v + (1 - c.b2) * (g + wd * w).square();
    if (decoupled) w -= c.lr * c.wd * w;
    w -= c.lr * (m / c.c1) / ((v / c.c2).sqrt() + c.eps);
  }

  optimizer_options o_;
  optimizer_state<S> s_;
};

}  // namespace metagrad::nn
