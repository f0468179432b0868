// genre_classifier train: features fitted on the training rows, cross-fitted networks, the
// linear member and its blend, thresholds chosen out of fold, the report and the model file.

#include <metagrad/data/label_binarizer.hpp>
#include <metagrad/data/numbers.hpp>
#include <metagrad/data/stratified_split.hpp>
#include <metagrad/io/training_history.hpp>
#include <metagrad/metrics/threshold_choice.hpp>
#include <metagrad/nn/logistic_regression.hpp>
#include <metagrad/nn/trainer.hpp>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "distribution.hpp"
#include "genre_classifier.hpp"
#include "run_checkpoint.hpp"

namespace genre_classifier {

// The linear member (nn/logistic_regression.hpp says why), cross-fitted as the networks are but
// on two halves of their folds (the even folds held out, then the odd ones); the model is the
// halves' mean weights. Its out-of-fold probabilities choose the blend's weight, unless `weight`
// (from 0 to 1) is given: of 0, 0.1, ..., 1, the one whose blend of the out-of-fold probabilities
// scores best at a cut tuned on the other folds (micro-F1; right labels for hamming; 0: no linear
// member). `out_of_fold` becomes the blend's. Halves rather than the networks' folds: on
// the movies (default flags, the README's split), halves and thirds gave the same test F1
// (movies.csv 0.9316 / 0.9052 and 0.9316 / 0.9069, masked 0.6957 / 0.5873 and 0.6951 / 0.5835)
// in 9 s against 12-16 s.
void add_linear_member(io::classifier_file& m, const example_set& training,
                       const std::vector<std::vector<Eigen::Index>>& held_out,
                       const std::vector<Eigen::Index>& validated,
                       const std::vector<int>& validated_folds, matrix& out_of_fold,
                       mm::threshold_objective objective, double c, double weight, int threads) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t groups = std::min<std::size_t>(held_out.size(), 2);
  const Eigen::Index rows = training.labels.rows();
  matrix linear_out_of_fold(rows, training.labels.cols());
  nn::logistic_options lo;
  lo.c = c, lo.threads = threads;
  nn::logistic_model mean;
  for (std::size_t g = 0; g < groups; ++g) {
    std::vector<const std::vector<Eigen::Index>*> folds;
    for (std::size_t k = g; k < held_out.size(); k += groups) folds.push_back(&held_out[k]);
    const auto [fit_rows, valid_rows] = split_held_out(std::size_t(rows), folds);
    const example_set fit = rows_of(m, training, fit_rows),
                      valid = rows_of(m, training, valid_rows);
    md::sparse_rows made;
    const nn::logistic_model fitted = nn::fit_logistic(linear_rows(m, fit, made), fit.labels, lo);
    linear_out_of_fold(valid_rows, Eigen::all) =
        nn::logistic_probabilities(fitted, linear_rows(m, valid, made), threads);
    if (g == 0) {
      mean = fitted;
    } else {
      mean.w += fitted.w, mean.b += fitted.b;
    }
  }
  mean.w /= float(groups), mean.b /= float(groups);
  const matrix y = training.labels(validated, Eigen::all),
               networks = out_of_fold(validated, Eigen::all),
               linear = linear_out_of_fold(validated, Eigen::all);
  // The blend's score with weight w, out of fold and with thresholds tuned on the other folds, as
  // the networks' epochs are chosen (nothing to score without validation rows).
  const auto score = [&](double w) {
    if (validated.empty()) return 0.0;
    return mm::cross_fit_cut(y, blend(networks, linear, w), validated_folds, objective).score;
  };
  const double alone = score(0);
  double best_weight = weight >= 0 ? weight : 0, best = weight >= 0 ? score(weight) : alone;
  for (int tenths = 1; weight < 0 && tenths <= 10; ++tenths) {
    const double s = score(tenths / 10.0);
    if (s > best) best = s, best_weight = tenths / 10.0;
  }
  std::fprintf(stderr, "linear member: C %g, weight %g", c, best_weight);
  if (!validated.empty()) {
    const bool hamming = objective == mm::threshold_objective::hamming;  // printed as the loss
    std::fprintf(stderr, " (out-of-fold %s %.4f -> %.4f)", hamming ? "hamming loss" : "micro-F1",
                 hamming ? 1 - alone : alone, hamming ? 1 - best : best);
  }
  std::fprintf(stderr, ", %.1f s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (best_weight == 0) return;
  m.linear_weight = best_weight;
  m.linear = std::move(mean);
  out_of_fold(validated, Eigen::all) = blend(networks, linear, best_weight);
}

// The thresholds of the objective's rule, chosen out of fold (metrics/threshold_choice.hpp), and
// a line saying which. Without validation rows: 0.5.
std::vector<double> tuned_thresholds(const matrix& y, const matrix& out_of_fold,
                                     const std::vector<int>& folds,
                                     mm::threshold_objective objective) {
  if (y.rows() == 0) return std::vector<double>(std::size_t(y.cols()), 0.5);
  const mm::threshold_choice c = mm::choose_thresholds(y, out_of_fold, folds, objective);
  if (objective == mm::threshold_objective::none) return c.thresholds;
  const std::string labels = std::isinf(c.rule.evidence)
                                 ? "one cut for every label"
                                 : "a label's own cut weighs as much as that at " +
                                       std::to_string(int(c.rule.evidence)) + " positives";
  std::fprintf(stderr,
               "thresholds: the global cut %.2f of the way from micro-F1's to hamming's; %s "
               "(out of fold: micro-F1 %.4f, macro-F1 %.4f, hamming loss %.4f)\n",
               c.rule.hamming_share, labels.c_str(), c.nested.micro_f1, c.nested.macro_f1,
               c.nested.hamming_loss);
  return c.thresholds;
}

// Progress: a bar redrawn in place on a terminal, one line per epoch otherwise.
struct progress {
  bool terminal = ::isatty(2) != 0;
  void batch(const nn::batch_progress& p) const {
    if (!terminal) return;
    const int width = 30, done = int(width * p.batch / p.batches);
    const double eta = p.seconds / double(p.batch) * double(p.batches - p.batch);
    std::fprintf(stderr, "\repoch %d/%d [%s%s] %ld/%ld loss %.4f ETA %.0fs ", p.epoch, p.epochs,
                 std::string(std::size_t(done), '#').c_str(),
                 std::string(std::size_t(width - done), '.').c_str(), p.batch, p.batches,
                 p.mean_loss, eta);
  }
  void epoch(const nn::epoch_record& r) const {
    std::fprintf(
        stderr,
        "%sepoch %d: loss %.4f train, %.4f validation; micro-F1 %.4f train, %.4f validation "
        "(%.1fs)\n",
        terminal ? "\r\033[K" : "", r.epoch, r.train_loss, r.validation_loss, r.train_micro_f1,
        r.validation_micro_f1, r.seconds);
  }
};

int train(int argc, char** argv) {
  const arguments given(argc, argv,
                        {"data",
                         "test",
                         "test-fraction",
                         "test-id-multiple",
                         "id-column",
                         "text-columns",
                         "label-column",
                         "label-separator",
                         "feature-columns",
                         "label-columns",
                         "loss",
                         "focal-gamma",
                         "focal-alpha",
                         "class-weights",
                         "hidden",
                         "epochs",
                         "patience",
                         "batch-size",
                         "learning-rate",
                         "optimizer",
                         "dropout",
                         "weight-decay",
                         "threshold-objective",
                         "validation-fraction",
                         "seed",
                         "threads",
                         "model",
                         "report-json",
                         "labels-csv",
                         "max-features",
                         "min-df",
                         "prose-features",
                         "input-dropout",
                         "folds",
                         "linear-c",
                         "linear-weight",
                         "history",
                         "checkpoint",
                         "checkpoint-every",
                         "resume"},
                        {"distributed"});
  if (given.help) {
    std::cout << usage_text;
    return 0;
  }
  // What a checkpoint of this run holds; a resumed run starts from the one it was given, with the
  // arguments saved in it.
  io::checkpoint saved;
  const std::string resumed_from = given.text("resume");
  const arguments a = resumed_from.empty() ? given : resumed_arguments(given, saved);
  distribution ranks(a.has("distributed"), argc, argv);
  const auto start = std::chrono::steady_clock::now();
  // Every file train writes, checked before training.
  const std::string model_path = a.output("model", a.required("model"));
  const std::string history_path = a.output("history", model_path + ".history.csv");
  const std::string report_path = a.output("report-json");
  const std::string labels_path = a.output("labels-csv");
  const std::string checkpoint_path = a.output("checkpoint", model_path + ".checkpoint");
  nn::training_options o;
  // 128 units: with the prose blocks, 256 gave the same F1 on the movies (masked 0.694 / 0.573
  // against 0.692 / 0.575, one seed each) at 1.6 times the time and memory; yeast 0.670 -> 0.672.
  o.hidden = a.integer("hidden", 128, 1, 1 << 16);
  o.epochs = int(a.integer("epochs", 30, 1, 100000));
  // 32 rows: on the movies, smaller batches generalize better at the same wall time (measured,
  // default flags otherwise: movies.csv micro-F1 0.886 -> 0.904, movies_masked 0.654 -> 0.660).
  o.batch_size = int(a.integer("batch-size", 32, 1, 1 << 20));
  o.optimizer.kind = nn::parse_optimizer(a.text("optimizer", "adam"));
  o.optimizer.learning_rate =
      a.number("learning-rate", o.optimizer.kind == nn::optimizer_kind::sgd ? 0.1 : 3e-3, 0, 100);
  o.dropout = a.number("dropout", 0.5, 0, 0.95);
  o.optimizer.weight_decay = a.number("weight-decay", 0.0, 0, 1);
  o.input_dropout = a.number("input-dropout", 0.0, 0, 0.95);
  // auto: a column of prose (most training texts longer than a sentence) also gets features of
  // its first sentence and of its words' stems (text_vectorizer.hpp says why and what they gain).
  const std::string prose = a.text("prose-features", "auto");
  if (prose != "auto" && prose != "on" && prose != "off")
    throw usage_error("--prose-features: expected auto, on or off, found '" + prose + "'");
  const md::prose_features prose_blocks = prose == "auto" ? md::prose_features::automatic
                                          : prose == "on" ? md::prose_features::on
                                                          : md::prose_features::off;
  const std::string loss = a.text("loss", "bce");
  if (loss != "bce" && loss != "focal")
    throw usage_error("--loss: expected bce or focal, found '" + loss + "'");
  o.loss = loss == "focal" ? nn::loss_kind::focal : nn::loss_kind::bce;
  o.focal_gamma = a.number("focal-gamma", 2.0, 0, 20);
  o.focal_alpha = a.number("focal-alpha", -1.0, -1, 1);
  const std::string weights = a.text("class-weights", "none");
  if (weights != "none" && weights != "balanced")
    throw usage_error("--class-weights: expected none or balanced, found '" + weights + "'");
  o.balanced = weights == "balanced";
  o.seed = static_cast<unsigned long>(a.integer("seed", 42, 0, 1L << 62));
  o.threads = int(a.integer("threads", ranks.default_threads(), 1, 1024));
  o.parallel = ranks.data_parallel();
  // The linear member's C (0: none). auto: 10 (the blend's gain is not sensitive to it: with
  // scikit-learn's solver on the movies, C 1 / 10 / 100 gained +0.003 / +0.0045 / +0.005 micro-F1)
  // unless its weights, labels x features, would pass 2^24 (64 MB, and the solver holds about ten
  // such matrices); a C given asks for the member whatever its size.
  const bool linear_auto = a.text("linear-c", "auto") == "auto";
  const double linear_c = linear_auto ? 10 : a.number("linear-c", 10, 0, 1e12);
  if (linear_c > 0 && linear_c < 1e-6)
    throw usage_error(
        "--linear-c: expected 0 (no linear member) or a C from 1e-06 to 1e+12, found '" +
        a.text("linear-c") + "'");
  const bool weight_auto = a.text("linear-weight", "auto") == "auto";
  const double linear_weight = weight_auto ? -1 : a.number("linear-weight", 0.5, 0, 1);
  if (linear_c == 0 && linear_weight > 0)
    throw usage_error("--linear-weight " + a.text("linear-weight") +
                      ": there is no linear member to weigh (--linear-c is 0)");
  const auto objective = mm::parse_threshold_objective(a.text("threshold-objective", "auto"));
  o.selection = objective;
  const double validation_fraction = a.number("validation-fraction", 0.1, 0.0, 0.5);
  io::classifier_file m;
  m.text = a.has("text-columns");
  if (m.text == a.has("feature-columns"))
    throw usage_error(
        "give either --text-columns (with --label-column) or --feature-columns (with "
        "--label-columns)");

  std::vector<std::string> inputs = {find_data(a.required("data"))};
  if (a.has("test")) inputs.push_back(find_data(a.text("test")));
  std::vector<std::string> fingerprints;
  for (const auto& input : inputs) fingerprints.push_back(fingerprint(input));
  describe_run(saved, a, inputs, fingerprints, resumed_from);
  ranks.check_same_data(fingerprints, inputs);
  const md::csv_table table = md::read_csv(inputs[0]);
  if (table.rows.empty()) throw md::input_error(table.file + ": no data rows after the header");
  std::vector<Eigen::Index> train_rows, test_rows;
  md::csv_table test_table;
  if (m.text) {
    m.text_columns = split_list(a.required("text-columns"));
    for (const auto& c : m.text_columns) table.column(c);
    m.label_column = a.required("label-column");
    table.column(m.label_column);
    m.label_separator = a.text("label-separator", "|");
  } else {
    m.feature_columns = expand_columns(table, a.required("feature-columns"));
    m.label_columns = expand_columns(table, a.required("label-columns"));
    m.labels = m.label_columns;
  }
  const auto every = all_rows(table);
  // Labels of every row, to split on and to fit the label set on the training rows.
  matrix all_labels;
  if (m.text) {
    std::vector<std::vector<std::string>> lists = label_lists(table, m, every);
    md::label_binarizer fitted = md::label_binarizer::fit(lists);
    if (fitted.size() == 0)
      throw md::input_error(table.file + ": no labels anywhere in column '" + m.label_column + "'");
    m.labels = fitted.classes();
    all_labels = fitted.transform(lists);
  } else {
    all_labels = binary_label_columns(table, m.label_columns, every);
  }
  if (a.has("test")) {
    test_table = md::read_csv(inputs[1]);
    train_rows = every;
  } else if (a.has("test-id-multiple")) {
    const long k = a.integer("test-id-multiple", 5, 1, 1L << 40);
    const std::size_t id = table.column(a.text("id-column", "id"));
    for (Eigen::Index r : every) {
      const double v = md::parse_number(table, std::size_t(r), id);
      (long(v) % k == 0 ? test_rows : train_rows).push_back(r);
    }
  } else {
    const double f = a.number("test-fraction", 0.2, 0.01, 0.9);
    const auto s = md::stratified_split(all_labels, f, o.seed);
    train_rows = s.kept, test_rows = s.held_out;
  }
  matrix train_labels(Eigen::Index(train_rows.size()), all_labels.cols());
  for (std::size_t k = 0; k < train_rows.size(); ++k)
    train_labels.row(Eigen::Index(k)) = all_labels.row(train_rows[k]);
  if (train_labels.sum() == 0)
    throw md::input_error(table.file + ": the training rows have no labels at all");
  // A label that never (or always) occurs in training has nothing to learn from: said, not hidden
  // (its weights stay neutral: a balanced positive weight of 1; one never seen is never predicted).
  for (Eigen::Index j = 0; j < train_labels.cols(); ++j) {
    const double positives = train_labels.col(j).sum();
    if (positives == 0 || positives == double(train_labels.rows()))
      std::fprintf(stderr, "genre_classifier: warning: label '%s' is %s in every training row%s\n",
                   m.labels[std::size_t(j)].c_str(), positives == 0 ? "off" : "on",
                   positives == 0 ? " (it will never be predicted)" : "");
  }
  // The validation rows of each network (for early stopping, and predicted by that network for
  // the thresholds): with --folds K, K stratified folds of the training rows, one network per
  // fold trained on the others (cross-fitting: every training row gets an out-of-fold
  // probability, and the K networks' average is the model); otherwise one split.
  // --folds auto: five networks for up to 10,000 training rows, where they cost seconds and a
  // 10% validation split is too few rows to tune a threshold per label on; six up to 100,000,
  // where the ensemble and thresholds from every row's out-of-fold probability are worth six
  // networks' time (measured on the movies: four networks against one, micro-F1 +0.016, macro-F1
  // +0.02; six of 128 units against four of 256, masked micro-F1 0.694 / 0.688 -> 0.695 / 0.692
  // with seeds 42 / 2, movies.csv 0.927 -> 0.929, in less memory); one network above, where a
  // network takes minutes. An explicit --validation-fraction asks for one network and that split.
  // --patience auto: 2 epochs, and 1 for those six networks: their validation score falls from
  // the epoch after the best on (on the movies, patience 1, 2 and 3 kept the same epochs, and
  // 1 trains in 42 s rather than 48-66 s; 21 s for one network).
  int folds = 1, patience = 2;
  if (a.text("folds", "auto") != "auto") {
    folds = int(a.integer("folds", 1, 1, 20));
  } else if (!a.has("validation-fraction") && train_rows.size() <= 100000) {
    const bool small = train_rows.size() <= 10000;
    folds = int(std::min<std::size_t>(small ? 5 : 6, train_rows.size()));
    if (!small) patience = 1;
  }
  if (a.text("patience", "auto") != "auto") patience = int(a.integer("patience", 2, 1, 100000));
  o.patience = patience;
  if (std::size_t(folds) > train_rows.size())
    throw usage_error("--folds " + std::to_string(folds) + ": more folds than the " +
                      std::to_string(train_rows.size()) + " training rows");
  std::vector<std::vector<Eigen::Index>> held_out;
  if (folds > 1)
    held_out = md::stratified_folds(train_labels, folds, o.seed + 7);
  else if (validation_fraction > 0)
    held_out = {md::stratified_split(train_labels, validation_fraction, o.seed + 7).held_out};
  else
    held_out = {{}};

  // Features fitted on the training rows only.
  if (m.text) {
    md::vectorizer_options vo;
    vo.max_features = std::size_t(a.integer("max-features", 50000, 1, 100000000));
    vo.min_df = int(a.integer("min-df", 2, 1, 1000000));
    vo.prose = prose_blocks;
    for (const auto& c : m.text_columns)
      m.vectorizers.push_back(md::text_vectorizer::fit(column_texts(table, c, train_rows), vo));
  } else {
    const matrix x = numeric_columns(table, m.feature_columns, train_rows);
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const double mean = x.col(j).cast<double>().mean();
      const double sd = std::sqrt((x.col(j).cast<double>().array() - mean).square().mean());
      m.mean.push_back(float(mean));
      m.scale.push_back(sd > 0 ? float(sd) : 1.0f);
    }
  }
  const progress bar;
  auto on_batch = [&](const nn::batch_progress& p) { bar.batch(p); };
  auto on_epoch = [&](const nn::epoch_record& r) { bar.epoch(r); };
  // Features of every training row, made once; each network takes its rows from them.
  const example_set training = examples(table, m, train_rows, true);
  io::training_history history;
  history.labels = m.labels;
  matrix out_of_fold(training.labels.rows(), training.labels.cols());
  std::vector<Eigen::Index> validated;  // rows of `training` with an out-of-fold probability
  std::vector<int> validated_folds;     // the fold of each
  {
    // Every rank holds the same state, so rank 0 saves it for all. Under mpirun a signal ends the
    // whole job (mpirun kills the ranks), so only a single process stops cleanly on one.
    std::optional<checkpointer> checkpoints;
    if (ranks.speaks())
      checkpoints.emplace(checkpoint_path, a.number("checkpoint-every", 60, 0, 1e9),
                          !ranks.active());
    const std::size_t restored = saved.networks.size();
    if (restored > held_out.size())
      throw io::file_error(resumed_from + ": the checkpoint holds more networks than the run has");
    for (std::size_t k = 0; k < held_out.size(); ++k) {
      // positions in `training`
      const auto [fit_rows, valid_rows] = split_held_out(train_rows.size(), {&held_out[k]});
      const example_set fit = rows_of(m, training, fit_rows),
                        valid = rows_of(m, training, valid_rows);
      if (held_out.size() > 1) std::fprintf(stderr, "network %zu of %zu: ", k + 1, held_out.size());
      if (k < restored)
        std::fprintf(stderr, "%s %s after epoch %d\n",
                     saved.networks[k].finished ? "finished in" : "resuming from",
                     resumed_from.c_str(), saved.networks[k].epochs_done);
      else
        std::fprintf(
            stderr, "training on %zu rows (%zu for validation), %lld features, %zu labels\n",
            fit_rows.size(), valid_rows.size(), (long long)m.feature_count(), m.labels.size());
      nn::training_options member = o;
      member.seed = o.seed + k;  // each network its own initialization, shuffling and dropout
      // Trains network k in place in `saved`, so that a checkpoint is that object, saved.
      auto train_network = [&](auto t, const auto& fit_x, const auto& valid_x) {
        if (k == saved.networks.size())
          saved.networks.push_back(t.start(m.feature_count(), Eigen::Index(m.labels.size())));
        try {
          t.resume(saved.networks[k], fit_x, fit.labels, valid_x, valid.labels, on_batch, on_epoch,
                   [&](const nn::training_state&) {
                     if (checkpoints) checkpoints->after_epoch(saved);
                   });
        } catch (const std::invalid_argument& e) {
          if (k < restored) throw io::file_error(resumed_from + ": " + e.what());
          throw;
        }
      };
      if (m.text)
        train_network(nn::trainer<md::sparse_rows>(member), fit.text, valid.text);
      else
        train_network(nn::trainer<matrix>(member), fit.numeric, valid.numeric);
      ranks.check_same_parameters(saved.networks[k].current, k + 1);
      history.networks.push_back(saved.networks[k].history);
      if (valid_rows.empty()) continue;
      out_of_fold(valid_rows, Eigen::all) =
          probabilities_of(m, saved.networks[k].current, valid, o.threads);
      validated.insert(validated.end(), valid_rows.begin(), valid_rows.end());
      validated_folds.insert(validated_folds.end(), valid_rows.size(), int(k));
    }
  }
  for (nn::training_state& network : saved.networks)  // moved, not copied: they can be large
    m.members.push_back(std::move(network.current));
  const bool linear_fits = double(m.labels.size()) * double(m.feature_count()) <= double(1 << 24);
  if (linear_c > 0 && linear_auto && !linear_fits)
    std::fprintf(stderr,
                 "linear member: none (%zu labels x %lld features is over 2^24 weights; "
                 "--linear-c C asks for one)\n",
                 m.labels.size(), (long long)m.feature_count());
  // Without validation rows, only a given weight can blend (auto has nothing to choose it on).
  const bool linear_wanted = linear_c > 0 && linear_weight != 0 && (linear_fits || !linear_auto);
  if (linear_wanted && validated.empty() && linear_weight < 0)
    std::fprintf(stderr,
                 "linear member: none (no validation rows to choose its weight on; "
                 "--linear-weight W gives one)\n");
  if (linear_wanted && (!validated.empty() || linear_weight > 0))
    add_linear_member(m, training, held_out, validated, validated_folds, out_of_fold, objective,
                      linear_c, linear_weight, o.threads);
  // (Checked on every rank whatever the weight: a rank that skipped a check would hang the rest.)
  const Eigen::Matrix<float, 1, 1> blend_weight(float(m.linear_weight));
  ranks.check_same_values("the linear member", blend_weight, m.linear.w, m.linear.b);
  m.thresholds = tuned_thresholds(training.labels(validated, Eigen::all),
                                  out_of_fold(validated, Eigen::all), validated_folds, objective);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::size_t epochs_run = 0;
  for (const auto& network : history.networks) epochs_run += network.size();

  nlohmann::json j;
  const md::csv_table& evaluated = a.has("test") ? test_table : table;
  const std::vector<Eigen::Index> rows = a.has("test") ? all_rows(test_table) : test_rows;
  if (!rows.empty()) {
    const example_set test = examples(evaluated, m, rows, true);
    // Distributed: each rank predicts its share of the test rows, and the shares are summed.
    matrix probabilities;
    if (ranks.active()) {
      const auto mine = nn::share_of(o.parallel, test.labels.rows());
      probabilities = nn::combine_shares(o.parallel, test.labels.rows(), mine,
                                         probabilities_of(m, rows_of(m, test, mine), o.threads));
    } else {
      probabilities = probabilities_of(m, test, o.threads);
    }
    std::printf("test set: %s, %zu rows", evaluated.file.c_str(), rows.size());
    j = report(m, test.labels, probabilities);
  }
  j["train_seconds"] = seconds;
  j["epochs_run"] = epochs_run;
  j["networks"] = m.members.size();
  j["linear_weight"] = m.linear_weight;
  std::printf("trained in %.1f s, %zu network%s", seconds, m.members.size(),
              m.members.size() > 1 ? "s" : "");
  if (m.linear_weight > 0) std::printf(" + a linear model (weight %g)", m.linear_weight);
  std::printf(", %zu epochs", epochs_run);
  if (ranks.active()) std::printf(", %d ranks x %d threads", ranks.ranks(), o.threads);
  std::printf("\n");
  if (!ranks.speaks()) return 0;
  io::save(model_path, m);
  std::error_code ignored;
  std::filesystem::remove(checkpoint_path, ignored);  // it has served: the run is a model now
  io::write_atomically(history_path, io::history_csv(history));
  std::printf("model: %s, history: %s\n", model_path.c_str(), history_path.c_str());
  if (!report_path.empty()) write_json(report_path, j);
  if (!labels_path.empty() && j.contains("labels"))
    io::write_atomically(labels_path, labels_csv(j["labels"]));
  return 0;
}

}  // namespace genre_classifier
