// fit_loop: the epochs of nn::fit for one model and one loss program — batches gathered from the
// dataset into reused storage, dropout masks drawn per step, one optimizer slot per parameter of
// the store, validation after every epoch and the best epoch's parameters kept. Every buffer is
// sized by the first batch; the steps after it allocate nothing.
#pragma once

#include "metagrad/exec/program.hpp"
#include "metagrad/metrics/log_loss.hpp"
#include "metagrad/metrics/threshold_choice.hpp"
#include "metagrad/nn/batch_rows.hpp"
#include "metagrad/nn/class_weights.hpp"
#include "metagrad/nn/clip.hpp"
#include "metagrad/nn/dataset.hpp"
#include "metagrad/nn/dropout.hpp"
#include "metagrad/nn/fit_options.hpp"
#include "metagrad/nn/optimizers.hpp"
#include "metagrad/nn/parameter_sizes.hpp"
#include "metagrad/nn/predict.hpp"
#include "metagrad/nn/training_state.hpp"

#include <boost/hana/transform.hpp>
#include <boost/hana/unpack.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace metagrad::nn::detail {

// A dropout node of a graph: its mask's name, its rate, the node it masks.
struct dropout_site {
  std::string_view mask;
  double rate;
  std::size_t masked;
};

template <class Topo>
std::vector<dropout_site> dropout_sites() {
  std::vector<dropout_site> out;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    const auto visit = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      using T = graph::type_at<Topo, J>;
      if constexpr (is_dropout_v<T>)
        out.push_back({Topo::entries[Topo::operand(J, 1)].record->name, dropout_of<T>::rate,
                       Topo::operand(J, 0)});
    };
    (visit(std::integral_constant<std::size_t, I>{}), ...);
  }
  (std::make_index_sequence<Topo::size>{});
  return out;
}

// The training and validation rows of a seeded validation split (share of the rows held out).
struct split_rows {
  std::vector<Eigen::Index> train, validation;
};
inline split_rows split_of(Eigen::Index rows, double share, unsigned long seed) {
  if (share >= 1) throw std::invalid_argument("fit: validation_split must be below 1");
  split_rows s;
  s.train.resize(std::size_t(rows));
  std::iota(s.train.begin(), s.train.end(), Eigen::Index(0));
  std::mt19937_64 rng(seed + 3);
  std::shuffle(s.train.begin(), s.train.end(), rng);
  const auto held = std::size_t(std::ceil(share * double(rows)));
  s.validation.assign(s.train.end() - std::ptrdiff_t(held), s.train.end());
  s.train.resize(s.train.size() - held);
  std::sort(s.train.begin(), s.train.end());
  std::sort(s.validation.begin(), s.validation.end());
  return s;
}

template <class Model, class Store>
class fit_loop {
 public:
  using matrix = Eigen::MatrixXf;

  fit_loop(Store& store, dataset train, dataset validation, const fit_options& o)
      : store_(store),
        train_(std::move(train)),
        valid_(std::move(validation)),
        o_(o),
        opt_(o.optimizer),
        rng_(o.seed + 1) {
    const matrix& y = train_.labels();
    pos_w_ = matrix::Ones(1, y.cols());
    sample_w_ =
        train_.sample_weights() ? *train_.sample_weights() : Eigen::VectorXf::Ones(y.rows());
    if (o_.balanced && Model::focal)
      sample_w_ = sample_w_.cwiseProduct(balanced_sample_weights(y).cast<float>());
    else if (o_.balanced)
      pos_w_ = balanced_pos_weight(y).cast<float>();
    for (std::size_t i = 0; i < store_.size; ++i)
      slots_.push_back(opt_.add(store_.value(i).rows(), store_.value(i).cols()));
    order_.resize(std::size_t(y.rows()));
    std::iota(order_.begin(), order_.end(), Eigen::Index(0));
  }

  std::vector<epoch_record> run(Model) {
    return epochs<typename Model::program>(Model::loss, Model::grads);
  }

 private:
  template <class Program, class Loss, class Grads>
  std::vector<epoch_record> epochs(Loss loss, Grads grads) {
    using topo = typename Program::topo;
    workspace<Program, float> ws(o_.threads);
    boost::hana::unpack(store_.bindings(), [&](auto... p) { ws.bind(p...); });
    ws.bind_if_used(Model::pos_w = pos_w_, Model::alpha = o_.focal_alpha,
                    Model::gamma = o_.focal_gamma);
    for (const auto& [name, value] : o_.scalars) ws.bind(binding<double>{name, value});
    sites_ = dropout_sites<topo>();
    masks_.resize(sites_.size());
    std::vector<named_shape> known = train_.shapes();
    for (std::size_t i = 0; i < store_.size; ++i)
      known.push_back(
          {std::string(store_.names[i]), {store_.value(i).rows(), store_.value(i).cols()}});
    const auto sizes = size_solver<topo>(known).solve();
    for (dropout_site& s : sites_) mask_cols_.push_back(sizes[s.masked].cols);

    std::vector<epoch_record> history;
    Store best;  // the best epoch's values, kept only when there are validation rows
    double best_score = -std::numeric_limits<double>::infinity();
    std::size_t best_epoch = 0;
    for (int epoch = 1, since_best = 0; epoch <= o_.epochs; ++epoch) {
      const auto start = std::chrono::steady_clock::now();
      epoch_record r;
      r.epoch = epoch;
      r.train_loss = train_epoch(ws, loss, grads, epoch, start);
      const double score = validate(r);
      r.seconds = seconds_since(start);
      history.push_back(r);
      if (o_.on_epoch) o_.on_epoch(r);
      if (valid_.rows() <= 0) continue;
      if (score > best_score) {
        best_score = score, best = store_, best_epoch = history.size() - 1, since_best = 0;
      } else if (o_.patience > 0 && ++since_best >= o_.patience) {
        break;
      }
    }
    if (valid_.rows() > 0)
      for (std::size_t i = 0; i < store_.size; ++i) store_.value(i) = best.value(i);
    history[valid_.rows() > 0 ? best_epoch : history.size() - 1].kept = true;
    return history;
  }

  static double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  // One pass over the shuffled training rows; the mean of the batches' losses.
  template <class Workspace, class Loss, class Grads>
  double train_epoch(Workspace& ws, Loss loss, Grads grads, int epoch,
                     std::chrono::steady_clock::time_point start) {
    std::shuffle(order_.begin(), order_.end(), rng_);
    const auto size = std::size_t(o_.batch_size);
    const long batches = long((order_.size() + size - 1) / size);
    double total = 0;
    for (long b = 0; b < batches; ++b) {
      const std::size_t first = std::size_t(b) * size;
      const std::size_t last = std::min(order_.size(), first + size);
      bind_batch(ws, first, last);
      ws.run();
      const double value = ws[loss](0, 0);
      if (!std::isfinite(value))
        throw training_error("epoch " + std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                             ": the loss is " + (std::isnan(value) ? "NaN" : "infinite") +
                             "; training stopped and the parameters of the last good step kept");
      opt_.next_step();
      if (o_.clip_norm > 0) clip(ws, grads);
      grads.for_each([&](auto p, auto g) { update(ws, p, g); });
      total += value;
      if (o_.on_batch)
        o_.on_batch(
            {epoch, o_.epochs, b + 1, batches, total / double(b + 1), seconds_since(start)});
    }
    return total / double(batches);
  }

  template <class Workspace>
  void bind_batch(Workspace& ws, std::size_t first, std::size_t last) {
    inputs_.bind(ws, train_, order_, first, last);
    gather_rows(y_, train_.labels(), order_, first, last);
    w_.resize(Eigen::Index(last - first));
    for (std::size_t k = first; k < last; ++k) w_(Eigen::Index(k - first)) = sample_w_(order_[k]);
    ws.bind_if_used(Model::y = std::as_const(y_), Model::sample_w = std::as_const(w_));
    for (std::size_t s = 0; s < sites_.size(); ++s) {
      draw_dropout_mask(masks_[s], Eigen::Index(last - first), mask_cols_[s], sites_[s].rate, rng_);
      ws.bind(binding<matrix>{sites_[s].mask, &masks_[s]});
    }
  }

  // The gradients scaled together to at most clip_norm (their buffers are the workspace's own).
  template <class Workspace, class Grads>
  void clip(Workspace& ws, Grads) {
    auto maps = boost::hana::transform(Grads::pairs(), [&](auto pair) {
      const auto g = ws[boost::hana::second(pair)];
      return Eigen::Map<matrix, 0, Eigen::OuterStride<>>(const_cast<float*>(g.data()), g.rows(),
                                                         g.cols(), g.outerStride());
    });
    boost::hana::unpack(maps, [&](auto&... m) { clip_by_global_norm(o_.clip_norm, m...); });
  }

  // The optimizer's step for one parameter: the touched columns (rows) of a sparse gradient only.
  template <class Workspace, class P, class G>
  void update(Workspace& ws, P p, G g) {
    const std::size_t i = store_.position(P::name);
    matrix& w = store_[p];
    if constexpr (graph::record_of<G>::value.kind == op_kind::sparse_grad) {
      if constexpr (metagrad::detail::op_of<G>::type::feature_major)
        opt_.update_columns(slots_[i], w, ws[g], ws.touched_features(g), o_.threads);
      else
        opt_.update(slots_[i], w, ws[g], &ws.touched_features(g), o_.threads);
    } else {
      opt_.update(slots_[i], w, ws[g], nullptr, o_.threads);
    }
  }

  // Scores the epoch on the validation rows; the score early stopping compares (higher better).
  double validate(epoch_record& r) const {
    if (valid_.rows() <= 0) return 0;
    const matrix p = predict_proba(Model{}, store_, valid_, o_.threads);
    const matrix& y = valid_.labels();
    r.validation_loss = metrics::mean_bce(p, y);
    r.validation_micro_f1 = metrics::cross_fit_cut(y, p, std::vector<int>(std::size_t(y.rows()), 0),
                                                   metrics::threshold_objective::micro_f1)
                                .score;
    if (o_.score) return o_.score(y, p);
    return o_.monitor == monitor_kind::loss ? -r.validation_loss : r.validation_micro_f1;
  }

  Store& store_;
  const dataset train_, valid_;
  const fit_options& o_;
  optimizer<float> opt_;
  std::mt19937_64 rng_;
  std::vector<std::size_t> slots_;
  std::vector<Eigen::Index> order_;
  matrix pos_w_, y_;
  Eigen::VectorXf sample_w_, w_;
  input_batches inputs_;
  std::vector<dropout_site> sites_;
  std::vector<Eigen::Index> mask_cols_;
  std::vector<matrix> masks_;
};

}  // namespace metagrad::nn::detail
