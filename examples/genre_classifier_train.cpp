// genre_classifier train: the rows split and read, features fitted on the training rows,
// cross-fitted networks, the linear member and the thresholds (genre_classifier_linear.cpp), the
// report and the model file.
#include "genre_classifier_train.hpp"

#include <metagrad/classify/fit_features.hpp>
#include <metagrad/data/label_binarizer.hpp>
#include <metagrad/data/numbers.hpp>
#include <metagrad/data/stratified_split.hpp>
#include <metagrad/io/training_history.hpp>
#include <metagrad/nn/progress.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "distribution.hpp"
#include "genre_classifier_networks.hpp"
#include "run_checkpoint.hpp"

namespace genre_classifier {

namespace {

// The training file with the model's columns and label set, and the rows split into training
// and test rows (or a test file).
struct training_data {
  md::csv_table table, test_table;
  std::vector<Eigen::Index> train_rows, test_rows;
  matrix train_labels;
};

// The model's columns and label set from the table; the labels of every row.
matrix read_columns_and_labels(const train_options& o, const md::csv_table& table,
                               io::classifier_file& m) {
  m.text = o.text;
  const auto every = all_rows(table);
  if (!m.text) {
    m.feature_columns = expand_columns(table, o.feature_columns);
    m.label_columns = expand_columns(table, o.label_columns);
    m.labels = m.label_columns;
    return binary_label_columns(table, m.label_columns, every);
  }
  m.text_columns = o.text_columns;
  for (const auto& c : m.text_columns) table.column(c);
  m.label_column = o.label_column;
  table.column(m.label_column);
  m.label_separator = o.label_separator;
  std::vector<std::vector<std::string>> lists = classify::label_lists(table, m, every);
  md::label_binarizer fitted = md::label_binarizer::fit(lists);
  if (fitted.size() == 0)
    throw md::input_error(table.file + ": no labels anywhere in column '" + m.label_column + "'");
  m.labels = fitted.classes();
  return fitted.transform(lists);
}

training_data read_training_data(const train_options& o, io::classifier_file& m) {
  training_data d;
  d.table = md::read_csv(o.data);
  if (d.table.rows.empty()) throw md::input_error(d.table.file + ": no data rows after the header");
  const matrix all_labels = read_columns_and_labels(o, d.table, m);
  const auto every = all_rows(d.table);
  if (o.split == train_options::test_split::file) {
    d.test_table = md::read_csv(o.test);
    d.train_rows = every;
  } else if (o.split == train_options::test_split::id_multiple) {
    const std::size_t id = d.table.column(o.id_column);
    for (Eigen::Index r : every) {
      const double v = md::parse_number(d.table, std::size_t(r), id);
      (long(v) % o.id_multiple == 0 ? d.test_rows : d.train_rows).push_back(r);
    }
  } else {
    const auto s = md::stratified_split(all_labels, o.test_fraction, o.network.seed);
    d.train_rows = s.kept, d.test_rows = s.held_out;
  }
  d.train_labels = all_labels(d.train_rows, Eigen::all);
  if (d.train_labels.sum() == 0)
    throw md::input_error(d.table.file + ": the training rows have no labels at all");
  // A label that never (or always) occurs in training has nothing to learn from: said, not hidden
  // (its weights stay neutral: a balanced positive weight of 1; one never seen is never predicted).
  for (Eigen::Index j = 0; j < d.train_labels.cols(); ++j) {
    const double positives = d.train_labels.col(j).sum();
    if (positives == 0 || positives == double(d.train_labels.rows()))
      std::fprintf(stderr, "genre_classifier: warning: label '%s' is %s in every training row%s\n",
                   m.labels[std::size_t(j)].c_str(), positives == 0 ? "off" : "on",
                   positives == 0 ? " (it will never be predicted)" : "");
  }
  return d;
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
// 1 trains in 42 s rather than 48-66 s; 21 s for one network). Sets o.network.patience.
std::vector<std::vector<Eigen::Index>> validation_folds(train_options& o, const matrix& y) {
  const std::size_t rows = std::size_t(y.rows());
  int folds = o.folds > 0 ? o.folds : 1, patience = 2;
  if (o.folds == 0 && !o.validation_given && rows <= 100000) {
    const bool small = rows <= 10000;
    folds = int(std::min<std::size_t>(small ? 5 : 6, rows));
    if (!small) patience = 1;
  }
  o.network.patience = o.patience > 0 ? o.patience : patience;
  if (std::size_t(folds) > rows)
    throw usage_error("--folds " + std::to_string(folds) + ": more folds than the " +
                      std::to_string(rows) + " training rows");
  const unsigned long seed = o.network.seed + 7;
  if (folds > 1) return md::stratified_folds(y, folds, seed);
  if (o.validation_fraction > 0)
    return {md::stratified_split(y, o.validation_fraction, seed).held_out};
  return {{}};
}

// One network per held-out part (or those a checkpoint holds, continued), trained with a progress
// bar and checkpoints; their out-of-fold probabilities.
classify::out_of_fold train_networks(const train_options& o, const io::classifier_file& m,
                                     const example_set& training,
                                     const std::vector<std::vector<Eigen::Index>>& held_out,
                                     io::checkpoint& saved, const std::string& resumed_from,
                                     distribution& ranks, io::training_history& history) {
  // Every rank holds the same state, so rank 0 saves it for all. Under mpirun a signal ends the
  // whole job (mpirun kills the ranks), so only a single process stops cleanly on one.
  std::optional<io::checkpointer> checkpoints;
  if (ranks.speaks())
    checkpoints.emplace(o.checkpoint, o.checkpoint_every, !ranks.active(),
                        "genre_classifier train --resume ");
  const nn::progress bar;
  classify::network_options n{o.network, o.hidden, o.loss};
  n.fit.on_batch = bar.on_batch(), n.fit.on_epoch = bar.on_epoch();
  n.fit.after_epoch = [&](const nn::training_state&) {
    if (checkpoints) checkpoints->after_epoch(saved);
  };
  classify::network_hooks hooks;
  hooks.before = [&](std::size_t k, std::size_t fit_rows, std::size_t valid_rows, bool restored) {
    if (held_out.size() > 1) std::fprintf(stderr, "network %zu of %zu: ", k + 1, held_out.size());
    if (restored)
      std::fprintf(stderr, "%s %s after epoch %d\n",
                   saved.networks[k].finished ? "finished in" : "resuming from",
                   resumed_from.c_str(), saved.networks[k].epochs_done);
    else
      std::fprintf(stderr, "training on %zu rows (%zu for validation), %lld features, %zu labels\n",
                   fit_rows, valid_rows, (long long)m.feature_count(), m.labels.size());
  };
  hooks.after = [&](std::size_t k, const nn::parameters& network) {
    ranks.check_same_parameters(network, k + 1);
    history.networks.push_back(saved.networks[k].history);
  };
  try {
    return classify::train_cross_fitted(m, training, held_out, saved.networks, n, hooks);
  } catch (const classify::restored_state_error& e) {
    throw io::file_error(resumed_from + ": " + e.what());
  }
}

// The linear member when it is wanted and can be fitted and weighed, then the thresholds.
void finish_model(const train_options& o, io::classifier_file& m, const example_set& training,
                  const std::vector<std::vector<Eigen::Index>>& held_out,
                  classify::out_of_fold& oof, distribution& ranks) {
  const bool fits = double(m.labels.size()) * double(m.feature_count()) <= double(1 << 24);
  if (o.linear_c > 0 && o.linear_auto && !fits)
    std::fprintf(stderr,
                 "linear member: none (%zu labels x %lld features is over 2^24 weights; "
                 "--linear-c C asks for one)\n",
                 m.labels.size(), (long long)m.feature_count());
  // Without validation rows, only a given weight can blend (auto has nothing to choose it on).
  const bool wanted = o.linear_c > 0 && o.linear_weight != 0 && (fits || !o.linear_auto);
  if (wanted && oof.rows.empty() && o.linear_weight < 0)
    std::fprintf(stderr,
                 "linear member: none (no validation rows to choose its weight on; "
                 "--linear-weight W gives one)\n");
  if (wanted && (!oof.rows.empty() || o.linear_weight > 0))
    add_linear_member(m, training, held_out, oof.rows, oof.folds, oof.p, o.objective, o.linear_c,
                      o.linear_weight, o.network.threads);
  // (Checked on every rank whatever the weight: a rank that skipped a check would hang the rest.)
  const Eigen::Matrix<float, 1, 1> blend_weight(float(m.linear_weight));
  ranks.check_same_values("the linear member", blend_weight, m.linear.w, m.linear.b);
  m.thresholds = tuned_thresholds(training.labels(oof.rows, Eigen::all),
                                  oof.p(oof.rows, Eigen::all), oof.folds, o.objective);
}

// The report of the test rows (none without them), with the run's figures.
run_report test_report(const train_options& o, const io::classifier_file& m, const training_data& d,
                       distribution& ranks) {
  const bool file = o.split == train_options::test_split::file;
  const md::csv_table& evaluated = file ? d.test_table : d.table;
  const std::vector<Eigen::Index> rows = file ? all_rows(d.test_table) : d.test_rows;
  if (rows.empty()) return {};
  const example_set test = examples(evaluated, m, rows);
  // Distributed: each rank predicts its share of the test rows, and the shares are summed.
  matrix probabilities;
  const auto& parallel = o.network.parallel;
  if (ranks.active()) {
    const auto mine = nn::share_of(parallel, test.labels.rows());
    probabilities = nn::combine_shares(
        parallel, test.labels.rows(), mine,
        classify::probabilities(m, classify::select(m, test, mine), o.network.threads));
  } else {
    probabilities = classify::probabilities(m, test, o.network.threads);
  }
  std::printf("test set: %s, %zu rows", evaluated.file.c_str(), rows.size());
  return report(m, test.labels, probabilities);
}

// The run's last line, the model file, the history, the report and the label table.
void save_run(const train_options& o, const io::classifier_file& m,
              const io::training_history& history, run_report r, double seconds,
              distribution& ranks) {
  nlohmann::json& j = r.json;
  std::size_t epochs_run = 0;
  for (const auto& network : history.networks) epochs_run += network.size();
  j["train_seconds"] = seconds;
  j["epochs_run"] = epochs_run;
  j["networks"] = m.members.size();
  j["linear_weight"] = m.linear_weight;
  std::printf("trained in %.1f s, %zu network%s", seconds, m.members.size(),
              m.members.size() > 1 ? "s" : "");
  if (m.linear_weight > 0) std::printf(" + a linear model (weight %g)", m.linear_weight);
  std::printf(", %zu epochs", epochs_run);
  if (ranks.active()) std::printf(", %d ranks x %d threads", ranks.ranks(), o.network.threads);
  std::printf("\n");
  if (!ranks.speaks()) return;
  io::save(o.model, m);
  std::error_code ignored;
  std::filesystem::remove(o.checkpoint, ignored);  // it has served: the run is a model now
  io::write_atomically(o.history, io::history_csv(history));
  std::printf("model: %s, history: %s\n", o.model.c_str(), o.history.c_str());
  if (!o.report.empty()) write_json(o.report, j);
  if (!o.labels_csv.empty() && !r.labels_csv.empty())
    io::write_atomically(o.labels_csv, r.labels_csv);
}

}  // namespace

int train(int argc, char** argv) {
  const arguments given(argc, argv, train_option_names(), {"distributed"});
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
  train_options o = parse_train_options(a, ranks.default_threads(), ranks.data_parallel());
  std::vector<std::string> inputs = {o.data};
  if (!o.test.empty()) inputs.push_back(o.test);
  std::vector<std::string> fingerprints;
  for (const auto& input : inputs) fingerprints.push_back(fingerprint(input));
  describe_run(saved, a, inputs, fingerprints, resumed_from);
  ranks.check_same_data(fingerprints, inputs);
  io::classifier_file m;
  const training_data d = read_training_data(o, m);
  const auto held_out = validation_folds(o, d.train_labels);
  classify::fit_features(m, d.table, d.train_rows, o.vectorizer);
  // Features of every training row, made once; each network takes its rows from them.
  const example_set training = examples(d.table, m, d.train_rows);
  io::training_history history;
  history.labels = m.labels;
  auto oof = train_networks(o, m, training, held_out, saved, resumed_from, ranks, history);
  for (nn::training_state& network : saved.networks)  // moved, not copied: they can be large
    m.members.push_back(nn::mlp_parameters(std::move(network)));
  const matrix networks_oof = oof.p;  // finish_model blends the linear member's into oof.p
  finish_model(o, m, training, held_out, oof, ranks);
  choose_first_layer_bits(o.first_layer_bits, m, training, held_out, oof.rows, networks_oof, oof.p,
                          o.network.threads);
  io::round_to_stored(m);  // the report is of the model its file holds
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  save_run(o, m, history, test_report(o, m, d, ranks), seconds, ranks);
  return 0;
}

}  // namespace genre_classifier
