// fit(): mini-batch training of an mlp_classifier: seeded shuffling, dropout, class / positive /
// sample weights, BCE, focal or asymmetric loss, Adam or SGD with row-sparse updates of a sparse
// first layer, early stopping on validation micro-F1 (the best epoch's parameters are kept), NaN /
// Inf detection that stops with the epoch and batch while the parameters stay at the last good
// step, and resumption: the state after any epoch (training_state) continues to the same result.
#pragma once

#include "metagrad/data/select_rows.hpp"
#include "metagrad/data/text_vectorizer.hpp"
#include "metagrad/exec/sparse_kernels.hpp"
#include "metagrad/exec/threads.hpp"
#include "metagrad/metrics/log_loss.hpp"
#include "metagrad/metrics/scores.hpp"
#include "metagrad/metrics/threshold_choice.hpp"
#include "metagrad/nn/batch_rows.hpp"
#include "metagrad/nn/class_weights.hpp"
#include "metagrad/nn/data_parallel.hpp"
#include "metagrad/nn/init.hpp"
#include "metagrad/nn/mlp_classifier.hpp"
#include "metagrad/nn/optimizers.hpp"
#include "metagrad/nn/parameters.hpp"
#include "metagrad/nn/predict_probabilities.hpp"
#include "metagrad/nn/training_state.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace metagrad::nn {

struct training_options {
  Eigen::Index hidden = 512;
  int epochs = 30;
  int batch_size = 32;
  optimizer_options optimizer;
  double dropout = 0.5;        // of the hidden units, while training
  double input_dropout = 0.0;  // of the stored entries of sparse inputs, while training
  loss_kind loss = loss_kind::bce;
  double focal_alpha = 0.25, focal_gamma = 2.0;
  double asl_gamma_pos = 0, asl_gamma_neg = 4, asl_margin = 0.05;  // the paper's defaults
  // Balanced weights from label frequencies: pos_weight for BCE, sample weights for the others.
  bool balanced = false;
  unsigned long seed = 42;
  int threads = exec::default_threads();
  // Epochs without a better validation score before stopping. 2: on the movies the score falls
  // steadily once the network starts memorizing (3 kept the same epochs), and on yeast 3 gave
  // the same micro-F1.
  int patience = 2;
  // The validation score that picks the epoch to keep: micro-F1 at a cut tuned out of fold on
  // the validation rows (metrics::cross_fit_cut; loss keeps falling while the ranking stops
  // improving, and vice versa); for hamming, the log loss.
  metrics::threshold_objective selection = metrics::threshold_objective::automatic;
  // Several processes training one network (data_parallel.hpp), each given all the rows: each
  // computes its share of every batch, so the batch size stays the global one.
  data_parallel parallel;
};

template <class Features>
class trainer {
 public:
  static constexpr bool sparse = is_sparse_features<Features>;
  using model = mlp_classifier<sparse>;

  explicit trainer(training_options o) : o_(std::move(o)) {}

  // New parameters for `features` inputs and `labels` outputs (He for the relu layer, Glorot for
  // the sigmoid layer), from the seed.
  parameters initial(Eigen::Index features, Eigen::Index labels) const {
    std::mt19937_64 rng(o_.seed);
    matrix w1 = he_uniform(features, o_.hidden, rng);
    if constexpr (sparse) w1.transposeInPlace();  // feature-major, as mlp_classifier reads it
    return {w1, matrix::Zero(1, o_.hidden), glorot_uniform(o_.hidden, labels, rng),
            matrix::Zero(1, labels)};
  }

  // A state that has trained nothing yet, starting from initial() parameters, for resume().
  training_state start(Eigen::Index features, Eigen::Index labels) const {
    training_state s;
    s.current = initial(features, labels);
    return s;
  }

  // Trains p in place on (x, y), stopping early on (vx, vy) when it has rows. Returns the history;
  // p holds the parameters of the best validation epoch (of the last good step after a
  // training_error).
  std::vector<epoch_record> fit(parameters& p, const Features& x, const matrix& y,
                                const Features& vx, const matrix& vy,
                                const std::function<void(const batch_progress&)>& on_batch = {},
                                const std::function<void(const epoch_record&)>& on_epoch = {}) {
    training_state s;
    s.current = std::move(p);
    try {
      resume(s, x, y, vx, vy, on_batch, on_epoch);
    } catch (...) {
      p = std::move(s.current);
      throw;
    }
    p = std::move(s.current);
    return std::move(s.history);
  }

  // Trains s (a new state: only `current` set, as initial() gives it; or one saved after an epoch)
  // until it is finished. after_epoch sees the state after every epoch, to save it; an exception
  // from it interrupts training, leaving s as it was after that epoch, to be resumed later.
  void resume(training_state& s, const Features& x, const matrix& y, const Features& vx,
              const matrix& vy, const std::function<void(const batch_progress&)>& on_batch = {},
              const std::function<void(const epoch_record&)>& on_epoch = {},
              const std::function<void(const training_state&)>& after_epoch = {}) {
    if (x.rows() == 0) throw std::invalid_argument("fit: no training rows");
    const bool validate = vx.rows() > 0;
    check_fits(s, x, y, validate);
    if (s.finished) return;
    const data_parallel& dp = o_.parallel;
    matrix pos_w = matrix::Ones(1, y.cols());
    Eigen::VectorXf sample_w = Eigen::VectorXf::Ones(y.rows());
    if (o_.balanced) {
      if (o_.loss != loss_kind::bce)
        sample_w = balanced_sample_weights(y).cast<float>();
      else
        pos_w = balanced_pos_weight(y).cast<float>();
    }
    parameters& p = s.current;
    optimizer<float> opt(o_.optimizer);
    const std::size_t iW1 = opt.add(p.W1.rows(), p.W1.cols()), ib1 = opt.add(1, p.b1.cols());
    const std::size_t iW2 = opt.add(p.W2.rows(), p.W2.cols()), ib2 = opt.add(1, p.b2.cols());
    // From here on the optimizer holds the moments; it lends them to s.optimizer for after_epoch.
    if (s.epochs_done > 0) opt.restore(std::move(s.optimizer));
    s.optimizer = {};

    // Only the chosen loss's program gets its buffers.
    std::optional<workspace<typename model::bce_program, float>> wb;
    std::optional<workspace<typename model::focal_program, float>> wf;
    std::optional<workspace<typename model::asl_program, float>> wa;
    if (o_.loss == loss_kind::bce) wb.emplace(o_.threads);
    if (o_.loss == loss_kind::focal) wf.emplace(o_.threads);
    if (o_.loss == loss_kind::asl) wa.emplace(o_.threads);

    std::mt19937_64 rng(o_.seed + 1);
    if (!s.rng.empty()) {
      std::istringstream in(s.rng);
      in >> rng;
      if (!in) throw std::invalid_argument("training state: its random generator is unreadable");
    }
    if (s.order.empty()) {
      s.order.resize(std::size_t(x.rows()));
      std::iota(s.order.begin(), s.order.end(), Eigen::Index(0));
    }
    std::vector<Eigen::Index>& order = s.order;
    detail::sparse_batch sb;
    matrix xb, yb, keep;
    Eigen::VectorXf wbatch;
    std::bernoulli_distribution drop(o_.dropout);
    const float kept = float(1 / (1 - o_.dropout));

    // The fixed sample of training rows the train micro-F1 is measured on.
    const std::size_t sampled = std::min<std::size_t>(order.size(), 4096);
    // (from its own generator: measuring must not change what training draws)
    std::vector<Eigen::Index> sample(order.size());
    std::iota(sample.begin(), sample.end(), Eigen::Index(0));
    std::mt19937_64 sample_rng(o_.seed + 2);
    std::shuffle(sample.begin(), sample.end(), sample_rng);
    sample.resize(sampled);
    std::sort(sample.begin(), sample.end());
    const Features sample_x = data::select_rows(x, sample);
    const matrix sample_y = y(sample, Eigen::all);

    const long batches =
        long((order.size() + std::size_t(o_.batch_size) - 1) / std::size_t(o_.batch_size));
    detail::gradient_exchange exchange;
    matrix keep_all;
    std::vector<int> batch_features;
    // Validation rows: every process has them all and predicts its share; the shares are summed.
    const std::vector<Eigen::Index> my_valid = share_of(dp, vx.rows());
    const Features my_vx = dp.active() ? data::select_rows(vx, my_valid) : Features();
    if (s.epochs_done >= o_.epochs) finish(s, validate);
    while (!s.finished) {
      const int epoch = s.epochs_done + 1;
      const auto start = std::chrono::steady_clock::now();
      std::shuffle(order.begin(), order.end(), rng);
      double total = 0;
      for (long b = 0; b < batches; ++b) {
        // The batch is order[first, last); every process draws its dropout whole, as one process
        // would, and computes its share, the rows [begin, end) (all of them for one process).
        const std::size_t first = std::size_t(b) * std::size_t(o_.batch_size);
        const std::size_t last = std::min(order.size(), first + std::size_t(o_.batch_size));
        const std::size_t share =
            (last - first + std::size_t(dp.ranks) - 1) / std::size_t(dp.ranks);
        const std::size_t begin = std::min(last, first + std::size_t(dp.rank) * share);
        const std::size_t end = std::min(last, begin + share);
        detail::gather_rows(yb, y, order, begin, end);
        wbatch.resize(Eigen::Index(end - begin));
        for (std::size_t k = begin; k < end; ++k)
          wbatch(Eigen::Index(k - begin)) = sample_w(order[k]);
        matrix& mask = dp.active() ? keep_all : keep;
        mask.resize(Eigen::Index(last - first), o_.hidden);
        for (Eigen::Index k = 0; k < mask.size(); ++k)
          mask(k) = o_.dropout > 0 && drop(rng) ? 0.0f : kept;  // kept = 1 without dropout
        if (dp.active())
          keep = keep_all.middleRows(Eigen::Index(begin - first), Eigen::Index(end - begin));
        exec::sparse_view<float> x_sparse;
        if constexpr (sparse) {
          x_sparse = sb.gather(x, order, first, last, o_.input_dropout, &rng);
          if (dp.active()) sb.features(batch_features);  // every process's gradient columns
          x_sparse.outer += begin - first, x_sparse.rows = Eigen::Index(end - begin);
        }
        auto bind_common = [&](auto& ws) {
          ws.bind_if_used(model::y = yb, model::keep = keep, model::W1 = p.W1, model::b1 = p.b1,
                          model::W2 = p.W2, model::b2 = p.b2, model::pos_w = pos_w,
                          model::sample_w = wbatch, model::alpha = o_.focal_alpha,
                          model::gamma = o_.focal_gamma, model::gamma_pos = o_.asl_gamma_pos,
                          model::gamma_neg = o_.asl_gamma_neg, model::margin = o_.asl_margin);
          if constexpr (sparse)
            ws.bind(model::x = x_sparse);
          else {
            detail::gather_rows(xb, x, order, begin, end);
            ws.bind(model::x = xb);
          }
        };
        auto step = [&](auto& ws, auto loss, auto grads) {
          double value = 0;
          if (end > begin) {
            bind_common(ws);
            ws.run();
            value = ws[loss](0, 0);
          }
          if (dp.active()) {
            const std::vector<int>*columns = nullptr, *touched = nullptr;
            if constexpr (sparse)
              columns = &batch_features, touched = &ws.touched_features(grads[model::W1]);
            value = exchange.sum(dp, value, Eigen::Index(end - begin), ws[grads[model::W1]],
                                 columns, touched, ws[grads[model::b1]], ws[grads[model::W2]],
                                 ws[grads[model::b2]]);
          }
          if (!std::isfinite(value))
            throw training_error(
                "epoch " + std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                ": the loss is " + std::string(std::isnan(value) ? "NaN" : "infinite") +
                "; training stopped and the parameters of the last good step are kept");
          opt.next_step();
          auto apply = [&](const auto& gW1, const std::vector<int>& columns, bool packed,
                           const auto& gb1, const auto& gW2, const auto& gb2) {
            if constexpr (sparse)
              opt.update_columns(iW1, p.W1, gW1, columns, o_.threads, packed);
            else
              opt.update(iW1, p.W1, gW1, nullptr, o_.threads);
            opt.update(ib1, p.b1, gb1);
            opt.update(iW2, p.W2, gW2, nullptr, o_.threads);
            opt.update(ib2, p.b2, gb2);
          };
          static const std::vector<int> dense;  // a dense first layer is updated whole
          if (dp.active()) {
            const auto& g = exchange.g;
            if constexpr (sparse)
              apply(exchange.packed_W1(), batch_features, true, g.b1, g.W2, g.b2);
            else
              apply(g.W1, dense, false, g.b1, g.W2, g.b2);
          } else {
            const std::vector<int>* columns = &dense;
            if constexpr (sparse) columns = &ws.touched_features(grads[model::W1]);
            apply(ws[grads[model::W1]], *columns, false, ws[grads[model::b1]], ws[grads[model::W2]],
                  ws[grads[model::b2]]);
          }
          return value;
        };
        if (wb) total += step(*wb, model::bce_loss, model::bce_grads);
        if (wf) total += step(*wf, model::focal_loss, model::focal_grads);
        if (wa) total += step(*wa, model::asl_loss, model::asl_grads);
        if (on_batch)
          on_batch(
              {epoch, o_.epochs, b + 1, batches, total / double(b + 1),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
      }
      epoch_record r;
      r.epoch = epoch, r.train_loss = total / double(batches);
      std::vector<double> thresholds(std::size_t(y.cols()), 0.5);
      double score = 0;  // the validation score the kept epoch is chosen by
      if (validate) {
        const matrix probabilities = validation_probabilities(p, vx, my_vx, my_valid);
        r.validation_loss = metrics::mean_bce(probabilities, vy);
        // Out of fold: a cut tuned on half the validation rows scores the other half (tuned and
        // scored on the same rows, a rare label's cut fits its few positives exactly). The printed
        // micro-F1 is at the cut tuned on all of them.
        const auto fitted = metrics::cross_fit_cut(
            vy, probabilities, std::vector<int>(std::size_t(vy.rows()), 0), o_.selection);
        thresholds.assign(thresholds.size(), fitted.cut);
        // Hamming loss is least where each label is cut at a calibrated 0.5, so for it the epoch
        // with the best log loss (a proper score) is kept; the hamming loss at a tuned cut moves
        // in steps of a few rows and stopped earlier (measured in docs/results.md).
        score = o_.selection == metrics::threshold_objective::hamming ? -r.validation_loss
                                                                      : fitted.score;
        const auto scores =
            metrics::score_predictions(vy, metrics::threshold_scores(probabilities, thresholds));
        r.validation_micro_f1 = scores.micro.f1;
        for (const auto& label : scores.per_label) r.validation_label_f1.push_back(label.f1);
      }
      r.train_micro_f1 =
          metrics::score_predictions(
              sample_y,
              metrics::threshold_scores(predict_probabilities(p, sample_x, o_.threads), thresholds))
              .micro.f1;
      r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      s.history.push_back(r);
      s.epochs_done = epoch;
      if (on_epoch) on_epoch(r);
      bool stop = epoch >= o_.epochs;
      if (validate) {
        if (score > s.best_score) {
          s.best_score = score, s.best = p, s.best_epoch = s.history.size() - 1;
          s.since_best = 0;
        } else if (++s.since_best >= o_.patience) {
          stop = true;
        }
      }
      if (stop) finish(s, validate);
      if (!after_epoch) continue;
      if (s.finished) {
        after_epoch(s);
        continue;
      }
      std::ostringstream out;
      out << rng;
      s.rng = out.str();
      opt.swap_state(s.optimizer);
      after_epoch(s);  // may throw: s is complete
      opt.swap_state(s.optimizer);
    }
  }

 private:
  // The probabilities of every validation row: computed here, or, data-parallel, each process's
  // share (`mine`, the rows `at`) summed over processes.
  matrix validation_probabilities(const parameters& p, const Features& vx, const Features& mine,
                                  const std::vector<Eigen::Index>& at) const {
    if (!o_.parallel.active()) return predict_probabilities(p, vx, o_.threads);
    return combine_shares(o_.parallel, vx.rows(), at, predict_probabilities(p, mine, o_.threads));
  }

  // Marks the kept epoch, puts its parameters in `current` and lets go of what only training needs.
  static void finish(training_state& s, bool validate) {
    if (validate && !s.history.empty()) s.current = std::move(s.best);
    if (!s.history.empty()) s.history[validate ? s.best_epoch : s.history.size() - 1].kept = true;
    s.best = {}, s.optimizer = {}, s.order = {}, s.rng = {};
    s.finished = true;
  }

  // A state read from a file must fit the data and this trainer before anything indexes with it.
  void check_fits(const training_state& s, const Features& x, const matrix& y,
                  bool validate) const {
    const auto fits = [&](const parameters& p) {
      return has_sizes(p, x.cols(), o_.hidden, y.cols(), sparse);
    };
    const auto fail = [](const std::string& what) {
      throw std::invalid_argument("training state: " + what);
    };
    if (!fits(s.current))
      fail("its parameters do not fit " + std::to_string(x.cols()) + " features, " +
           std::to_string(o_.hidden) + " hidden units and " + std::to_string(y.cols()) + " labels");
    if (s.epochs_done < 0 || s.history.size() != std::size_t(s.epochs_done))
      fail("its history does not have one record per epoch done");
    if (s.finished || s.epochs_done == 0) return;
    std::vector<bool> seen(std::size_t(x.rows()), false);
    for (const Eigen::Index r : s.order) {
      if (r < 0 || r >= x.rows() || seen[std::size_t(r)])
        fail("its row order is not an order of the " + std::to_string(x.rows()) + " rows");
      seen[std::size_t(r)] = true;
    }
    if (s.order.size() != std::size_t(x.rows()))
      fail("its row order is not an order of the " + std::to_string(x.rows()) + " rows");
    if (validate && (!fits(s.best) || s.best_epoch >= s.history.size()))
      fail("its best epoch is missing");
  }

  training_options o_;
};

}  // namespace metagrad::nn
