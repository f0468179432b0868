// fit_loop: the epochs of nn::resume for one model and one loss program — batches gathered from
// the dataset into reused storage, dropout masks drawn per step, one optimizer slot per parameter
// of the store, data-parallel gradient sums, validation after every epoch, the best epoch's
// parameters kept, and the training_state after every epoch for checkpoints. Every buffer is sized
// by the first batch; the steps after it allocate nothing (one process).
#pragma once

#include "metagrad/detail/seconds_since.hpp"
#include "metagrad/exec/program.hpp"
#include "metagrad/metrics/log_loss.hpp"
#include "metagrad/metrics/scores.hpp"
#include "metagrad/metrics/threshold_choice.hpp"
#include "metagrad/nn/batch_rows.hpp"
#include "metagrad/nn/class_weights.hpp"
#include "metagrad/nn/clip.hpp"
#include "metagrad/nn/data_parallel.hpp"
#include "metagrad/nn/dataset.hpp"
#include "metagrad/nn/dropout_sites.hpp"
#include "metagrad/nn/fit_options.hpp"
#include "metagrad/nn/optimizers.hpp"
#include "metagrad/nn/parameter_sizes.hpp"
#include "metagrad/nn/predict.hpp"
#include "metagrad/nn/training_state.hpp"
#include "metagrad/nn/training_state_check.hpp"
#include "metagrad/nn/validation_split.hpp"
#include "metagrad/ops/sparse_matmul.hpp"

#include <boost/hana/transform.hpp>
#include <boost/hana/unpack.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace metagrad::nn::detail {

// The sparse input whose rows a sparse product's gradient sums (none for other gradients).
template <class G>
struct sparse_gradient_of {
  static constexpr bool sparse = false, feature_major = false;
  static constexpr std::string_view input = {};
};
template <bool FeatureMajor, class X, class D>
struct sparse_gradient_of<expr<sparse_grad_op<FeatureMajor>, X, D>> {
  static constexpr bool sparse = true, feature_major = FeatureMajor;
  static constexpr std::string_view input = X::name;
};

template <class Model, class Store>
class fit_loop {
 public:
  using matrix = Eigen::MatrixXf;
  using clock = std::chrono::steady_clock;

  fit_loop(Store& store, training_state& s, dataset train, dataset validation, const fit_options& o)
      : store_(store),
        s_(s),
        train_(std::move(train)),
        valid_(std::move(validation)),
        o_(o),
        dp_(o.parallel),
        opt_(o.optimizer),
        rng_(o.seed + 1) {
    weigh(train_.labels());
    sample_ = train_.subset(sample_of(train_.rows(), 4096, o.seed));
    if (dp_.active()) mine_ = share_of(dp_, valid_.rows()), my_valid_ = valid_.subset(mine_);
    inputs_.keep_features = dp_.active();
  }

  // Trains until the state is finished; the store then holds the kept epoch's parameters.
  void run() {
    if (restore()) epochs<typename Model::program>(Model::loss, Model::grads);
  }

 private:
  bool validating() const { return valid_.rows() > 0; }

  // Balanced weights: BCE's pos_weight, or sample weights for any other loss.
  void weigh(const matrix& y) {
    pos_w_ = matrix::Ones(1, y.cols());
    sample_w_ =
        train_.sample_weights() ? *train_.sample_weights() : Eigen::VectorXf::Ones(y.rows());
    if (o_.balanced && !Model::bce)
      sample_w_ = sample_w_.cwiseProduct(balanced_sample_weights(y).cast<float>());
    else if (o_.balanced)
      pos_w_ = balanced_pos_weight(y).cast<float>();
  }

  // Takes up a state saved after an epoch (or a finished one); false when there is nothing left.
  bool restore() {
    const std::vector<std::string> names(store_.names.begin(), store_.names.end());
    const bool fresh = s_.epochs_done == 0 && !s_.finished;
    if (fresh) {
      s_.names = names, s_.order.resize(std::size_t(train_.rows()));
      std::iota(s_.order.begin(), s_.order.end(), Eigen::Index(0));
      return add_slots(), true;
    }
    check_state(s_, names, train_, validating(), [](const std::vector<named_shape>& known) {
      (void)parameter_sizes(known, Model::loss);
    });
    if (s_.finished) {  // its result stays in the state too
      for (std::size_t i = 0; i < store_.size; ++i) store_.value(i) = s_.current[i];
      return false;
    }
    for (std::size_t i = 0; i < store_.size; ++i) store_.value(i) = std::move(s_.current[i]);
    s_.current.clear();
    add_slots();
    if (validating())
      for (std::size_t i = 0; i < store_.size; ++i) best_.value(i) = std::move(s_.best[i]);
    s_.best.clear();
    opt_.restore(std::move(s_.optimizer));
    s_.optimizer = {};
    std::istringstream in(s_.rng);
    in >> rng_;
    if (!in) throw std::invalid_argument("training state: its random generator is unreadable");
    return true;
  }

  // One optimizer slot per parameter, sized as the store's values.
  void add_slots() {
    for (std::size_t i = 0; i < store_.size; ++i)
      slots_.push_back(opt_.add(store_.value(i).rows(), store_.value(i).cols()));
  }

  template <class Program, class Loss, class Grads>
  void epochs(Loss loss, Grads grads) {
    workspace<Program, float> ws(o_.threads);
    prepare<typename Program::topo>(ws);
    if (s_.epochs_done >= o_.epochs) finish();
    while (!s_.finished) {
      const auto start = clock::now();
      epoch_record r;
      r.epoch = s_.epochs_done + 1;
      r.train_loss = train_epoch(ws, loss, grads, r.epoch, start);
      const double score = validate(r);
      r.seconds = metagrad::detail::seconds_since(start);
      s_.history.push_back(r);
      s_.epochs_done = r.epoch;
      if (o_.on_epoch) o_.on_epoch(r);
      bool stop = r.epoch >= o_.epochs;
      if (validating() && score > s_.best_score) {
        s_.best_score = score, best_ = store_, s_.best_epoch = s_.history.size() - 1;
        s_.since_best = 0;
      } else if (validating() && o_.patience > 0 && ++s_.since_best >= o_.patience) {
        stop = true;
      }
      if (stop) finish();
      if (o_.after_epoch) save_point();
    }
  }

  // Binds the parameters, the loss's weights and scalars; finds the dropout layers' mask sizes.
  template <class Topo, class Workspace>
  void prepare(Workspace& ws) {
    boost::hana::unpack(store_.bindings(), [&](auto... p) { ws.bind(p...); });
    ws.bind_if_used(Model::pos_w = pos_w_, Model::alpha = o_.focal_alpha,
                    Model::gamma = o_.focal_gamma);
    for (const auto& [name, value] : o_.scalars) ws.bind(binding<double>{name, value});
    sites_ = dropout_sites<Topo>(o_.dropout);
    masks_.resize(sites_.size()), shares_.resize(sites_.size());
    std::vector<named_shape> known = train_.shapes();
    for (std::size_t i = 0; i < store_.size; ++i)
      known.push_back(
          {std::string(store_.names[i]), {store_.value(i).rows(), store_.value(i).cols()}});
    const auto sizes = size_solver<Topo>(known).solve();
    for (dropout_site& s : sites_) mask_cols_.push_back(sizes[s.masked].cols);
  }

  // Marks the kept epoch, puts its parameters in the store and the state, and lets go of what
  // only training needs.
  void finish() {
    optimizer_state<float> released;  // the moments go first: the copy below needs room
    opt_.swap_state(released);
    released = {};
    const bool validated = validating() && !s_.history.empty();
    if (validated)
      for (std::size_t i = 0; i < store_.size; ++i) store_.value(i) = std::move(best_.value(i));
    if (!s_.history.empty())
      s_.history[validated ? s_.best_epoch : s_.history.size() - 1].kept = true;
    s_.current.assign(store_.names.size(), matrix());
    for (std::size_t i = 0; i < store_.size; ++i) s_.current[i] = store_.value(i);
    s_.best = {}, s_.optimizer = {}, s_.order = {}, s_.rng = {};
    s_.finished = true;
  }

  // The state after this epoch, complete, for after_epoch to save: the values are lent to it
  // (moved, not copied: a network's parameters, their best and moments can be hundreds of MB) and
  // taken back. An exception from it leaves the state complete, to be resumed later, with the
  // store a copy of its values, and ends training.
  void save_point() {
    if (s_.finished) return o_.after_epoch(s_);
    const std::size_t n = store_.size, kept = validating() ? n : 0;
    s_.current.resize(n), s_.best.resize(kept);
    for (std::size_t i = 0; i < n; ++i) s_.current[i] = std::move(store_.value(i));
    for (std::size_t i = 0; i < kept; ++i) s_.best[i] = std::move(best_.value(i));
    std::ostringstream out;
    out << rng_;
    s_.rng = out.str();
    opt_.swap_state(s_.optimizer);
    try {
      o_.after_epoch(s_);
    } catch (...) {
      for (std::size_t i = 0; i < n; ++i) store_.value(i) = s_.current[i];
      throw;
    }
    opt_.swap_state(s_.optimizer);
    for (std::size_t i = 0; i < n; ++i) store_.value(i) = std::move(s_.current[i]);
    for (std::size_t i = 0; i < kept; ++i) best_.value(i) = std::move(s_.best[i]);
    s_.current.clear(), s_.best.clear();
  }

  // One pass over the shuffled training rows; the mean of the batches' losses.
  template <class Workspace, class Loss, class Grads>
  double train_epoch(Workspace& ws, Loss loss, Grads grads, int epoch, clock::time_point start) {
    std::shuffle(s_.order.begin(), s_.order.end(), rng_);
    const auto size = std::size_t(o_.batch_size);
    const long batches = long((s_.order.size() + size - 1) / size);
    double total = 0;
    for (long b = 0; b < batches; ++b) {
      const std::size_t first = std::size_t(b) * size;
      const std::size_t last = std::min(s_.order.size(), first + size);
      // This process's share of the batch (all of it for one process).
      const std::size_t share =
          (last - first + std::size_t(dp_.ranks) - 1) / std::size_t(dp_.ranks);
      const std::size_t begin = std::min(last, first + std::size_t(dp_.rank) * share);
      const std::size_t end = std::min(last, begin + share);
      bind_batch(ws, first, last, begin, end);
      double value = 0;
      if (end > begin) ws.run(), value = ws[loss](0, 0);
      if (dp_.active()) value = exchange(ws, grads, value, Eigen::Index(end - begin));
      if (!std::isfinite(value))
        throw training_error("epoch " + std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                             ": the loss is " + (std::isnan(value) ? "NaN" : "infinite") +
                             "; training stopped and the parameters of the last good step kept");
      opt_.next_step();
      if (o_.clip_norm > 0 && dp_.active()) exchange_.clip(o_.clip_norm);
      if (o_.clip_norm > 0 && !dp_.active()) clip(ws, grads);
      std::size_t k = 0;
      grads.for_each([&](auto p, auto g) { update(ws, p, g, k++); });
      total += value;
      if (o_.on_batch)
        o_.on_batch({epoch, o_.epochs, b + 1, batches, total / double(b + 1),
                     metagrad::detail::seconds_since(start)});
    }
    return total / double(batches);
  }

  // The batch index[first, last), of which [begin, end) is this process's: its rows bound, and
  // dropout drawn for the whole batch (as one process would) and the share's rows bound.
  template <class Workspace>
  void bind_batch(Workspace& ws, std::size_t first, std::size_t last, std::size_t begin,
                  std::size_t end) {
    inputs_.bind_share(ws, train_, s_.order, first, last, begin, end, o_.input_dropout, &rng_);
    gather_rows(y_, train_.labels(), s_.order, begin, end);
    w_.resize(Eigen::Index(end - begin));
    for (std::size_t k = begin; k < end; ++k) w_(Eigen::Index(k - begin)) = sample_w_(s_.order[k]);
    ws.bind_if_used(Model::y = std::as_const(y_), Model::sample_w = std::as_const(w_));
    for (std::size_t s = 0; s < sites_.size(); ++s) {
      draw_dropout_mask(masks_[s], Eigen::Index(last - first), mask_cols_[s], sites_[s].rate, rng_);
      matrix* mask = &masks_[s];
      if (dp_.active())
        shares_[s] = masks_[s].middleRows(Eigen::Index(begin - first), Eigen::Index(end - begin)),
        mask = &shares_[s];
      ws.bind(binding<matrix>{sites_[s].mask, mask});
    }
  }

  // The batch features of the sparse input a sparse gradient comes from (data-parallel).
  template <class G>
  const std::vector<int>& batch_features() const {
    return inputs_.features(train_, sparse_gradient_of<G>::input);
  }

  // Every gradient summed over the processes; the batch's mean loss.
  template <class Workspace, class Grads>
  double exchange(Workspace& ws, Grads grads, double loss, Eigen::Index rows) {
    exchange_.begin(loss, rows);
    grads.for_each([&](auto, auto g) {
      using G = decltype(g);
      if constexpr (sparse_gradient_of<G>::sparse && sparse_gradient_of<G>::feature_major)
        exchange_.add(ws[g], &batch_features<G>(), &ws.touched_features(g));
      else
        exchange_.add(ws[g], nullptr, nullptr);
    });
    return exchange_.sum(dp_);
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

  // The optimizer's step for parameter p from its gradient g (the k-th): only the touched
  // columns (rows) of a sparse gradient; data-parallel, from the summed gradients.
  template <class Workspace, class P, class G>
  void update(Workspace& ws, P p, G g, std::size_t k) {
    const std::size_t slot = slots_[store_.position(P::name)];
    matrix& w = store_[p];
    const bool summed = dp_.active();
    const auto step = [&](const auto& gradient) {
      if constexpr (sparse_gradient_of<G>::sparse) {
        const std::vector<int>& touched = summed ? batch_features<G>() : ws.touched_features(g);
        if constexpr (sparse_gradient_of<G>::feature_major)
          opt_.update_columns(slot, w, gradient, touched, o_.threads, summed);
        else
          opt_.update(slot, w, gradient, &touched, o_.threads);
      } else {
        opt_.update(slot, w, gradient, nullptr, o_.threads);
      }
    };
    if (summed)
      step(exchange_.block(k));
    else
      step(ws[g]);
  }

  // Scores the epoch (validation loss and F1 at cuts tuned on the validation rows, train micro-F1
  // on the sample at those cuts); returns the score early stopping compares (higher better).
  double validate(epoch_record& r) const {
    const Eigen::Index labels = train_.labels().cols();
    std::vector<double> cuts(std::size_t(labels), 0.5);
    double score = 0;
    if (validating()) {
      const matrix p = validation_probabilities();
      const matrix& y = valid_.labels();
      r.validation_loss = metrics::mean_bce(p, y);
      // Out of fold: a cut tuned on half the rows scores the other half (tuned and scored on the
      // same rows, a rare label's cut fits its few positives exactly). The recorded F1 is at the
      // cut tuned on all of them.
      const auto fitted = metrics::cross_fit_cut(y, p, std::vector<int>(std::size_t(y.rows()), 0),
                                                 o_.cut_objective);
      cuts.assign(cuts.size(), fitted.cut);
      const auto scores = metrics::score_predictions(y, metrics::threshold_scores(p, cuts));
      r.validation_micro_f1 = scores.micro.f1;
      for (const auto& label : scores.per_label) r.validation_label_f1.push_back(label.f1);
      score = o_.score                           ? o_.score(y, p)
              : o_.monitor == monitor_kind::loss ? -r.validation_loss
                                                 : fitted.score;
    }
    const matrix sample_p = predict_proba(Model{}, store_, sample_, o_.threads);
    r.train_micro_f1 =
        metrics::score_predictions(sample_.labels(), metrics::threshold_scores(sample_p, cuts))
            .micro.f1;
    return score;
  }

  // Every validation row's probabilities: here, or data-parallel each process's share, summed.
  matrix validation_probabilities() const {
    if (!dp_.active()) return predict_proba(Model{}, store_, valid_, o_.threads);
    return combine_shares(dp_, valid_.rows(), mine_,
                          predict_proba(Model{}, store_, my_valid_, o_.threads));
  }

  Store& store_;
  Store best_;  // the best epoch's values, kept only when there are validation rows
  training_state& s_;
  const dataset train_, valid_;
  dataset sample_, my_valid_;  // the rows the train micro-F1 is measured on; this rank's share
  std::vector<Eigen::Index> mine_;
  const fit_options& o_;
  const data_parallel& dp_;
  optimizer<float> opt_;
  std::mt19937_64 rng_;
  std::vector<std::size_t> slots_;
  matrix pos_w_, y_;
  Eigen::VectorXf sample_w_, w_;
  input_batches inputs_;
  gradient_exchange exchange_;
  std::vector<dropout_site> sites_;
  std::vector<Eigen::Index> mask_cols_;
  std::vector<matrix> masks_, shares_;
};

}  // namespace metagrad::nn::detail
