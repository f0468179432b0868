// genre_classifier train: the rows read and split, features fitted on the training rows, the
// classifier trained (classify/fit_classifier.hpp) with a progress bar and checkpoints, the
// report and the model file.
#include "genre_classifier_train.hpp"

#include <metagrad/classify/fit_features.hpp>
#include <metagrad/classify/label_set.hpp>
#include <metagrad/data/id_split.hpp>
#include <metagrad/data/stratified_split.hpp>
#include <metagrad/io/training_history.hpp>
#include <metagrad/nn/progress.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "distribution.hpp"
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

// The model's columns from the options, its label set from the table, and the rows split.
training_data read_training_data(const train_options& o, io::classifier_file& m) {
  training_data d;
  d.table = md::read_csv(o.data);
  if (d.table.rows.empty()) throw md::input_error(d.table.file + ": no data rows after the header");
  m.text = o.text;
  if (m.text) {
    m.text_columns = o.text_columns;
    m.label_column = o.label_column, m.label_separator = o.label_separator;
  } else {
    m.feature_columns = expand_columns(d.table, o.feature_columns);
    m.label_columns = expand_columns(d.table, o.label_columns);
  }
  const matrix all_labels = classify::fit_label_set(m, d.table);
  if (o.split == train_options::test_split::file) {
    d.test_table = md::read_csv(o.test);
    d.train_rows = all_rows(d.table);
  } else {
    const auto s = o.split == train_options::test_split::id_multiple
                       ? md::split_by_id(d.table, o.id_column, o.id_multiple)
                       : md::stratified_split(all_labels, o.test_fraction, o.network().seed);
    d.train_rows = s.kept, d.test_rows = s.held_out;
  }
  d.train_labels = all_labels(d.train_rows, Eigen::all);
  if (d.train_labels.sum() == 0)
    throw md::input_error(d.table.file + ": the training rows have no labels at all");
  for (const std::string& said : classify::constant_labels(m, d.train_labels))
    std::fprintf(stderr, "genre_classifier: warning: %s\n", said.c_str());
  return d;
}

// The classifier trained on the training rows with a progress bar and checkpoints (its networks in
// the checkpoint's states, those it holds continued); what it chose said on stderr.
void train_classifier(const train_options& o, io::classifier_file& m, const example_set& training,
                      io::checkpoint& saved, const std::string& resumed_from, distribution& ranks,
                      io::training_history& history) {
  // Every rank holds the same state, so rank 0 saves it for all. Under mpirun a signal ends the
  // whole job (mpirun kills the ranks), so only a single process stops cleanly on one.
  std::optional<io::checkpointer> checkpoints;
  if (ranks.speaks())
    checkpoints.emplace(o.checkpoint, o.checkpoint_every, !ranks.active(),
                        "genre_classifier train --resume ");
  const nn::progress bar;
  classify::classifier_options c = o.classifier;
  c.networks.fit.on_batch = bar.on_batch(), c.networks.fit.on_epoch = bar.on_epoch();
  c.networks.fit.after_epoch = [&](const nn::training_state&) {
    if (checkpoints) checkpoints->after_epoch(saved);
  };
  classify::classifier_hooks hooks;
  hooks.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  hooks.networks.after = [&](std::size_t k, const nn::parameters& network) {
    ranks.check_same_parameters(network, k + 1);
    history.networks.push_back(saved.networks[k].history);
  };
  // (Checked on every rank whatever the weight: a rank that skipped a check would hang the rest.)
  hooks.linear_chosen = [&](const io::classifier_file& chosen) {
    const Eigen::Matrix<float, 1, 1> weight(float(chosen.linear_weight));
    ranks.check_same_values("the linear member", weight, chosen.linear.w, chosen.linear.b);
  };
  try {
    classify::fit_classifier(m, training, c, saved.networks, hooks);
  } catch (const classify::restored_state_error& e) {
    throw io::file_error(resumed_from + ": " + e.what());
  }
}

// The report of the test rows (none without them), with the run's figures.
run_report test_report(const train_options& o, const io::classifier_file& m,
                       const training_data& d) {
  const bool file = o.split == train_options::test_split::file;
  const md::csv_table& evaluated = file ? d.test_table : d.table;
  const std::vector<Eigen::Index> rows = file ? all_rows(d.test_table) : d.test_rows;
  if (rows.empty()) return {};
  const example_set test = examples(evaluated, m, rows);
  const matrix probabilities =
      classify::probabilities(m, test, o.network().threads, o.network().parallel);
  std::printf("test set: %s, %zu rows", evaluated.file.c_str(), rows.size());
  return report(m, test.labels, probabilities);
}

// The run's last line, the model file, the history, the report and the label table.
void save_run(const train_options& o, const io::classifier_file& m,
              const io::training_history& history, run_report r, double seconds,
              distribution& ranks) {
  nlohmann::json& j = r.json;
  const std::size_t epochs_run = history.epochs();
  j["train_seconds"] = seconds;
  j["epochs_run"] = epochs_run;
  j["networks"] = m.members.size();
  j["linear_weight"] = m.linear_weight;
  std::printf("trained in %.1f s, %zu network%s", seconds, m.members.size(),
              m.members.size() > 1 ? "s" : "");
  if (m.linear_weight > 0) std::printf(" + a linear model (weight %g)", m.linear_weight);
  std::printf(", %zu epochs", epochs_run);
  if (ranks.active()) std::printf(", %d ranks x %d threads", ranks.ranks(), o.network().threads);
  std::printf("\n");
  if (!ranks.speaks()) return;
  io::save(o.model, m);
  std::error_code ignored;
  std::filesystem::remove(o.checkpoint, ignored);  // it has served: the run is a model now
  io::write_atomically(o.history, io::history_csv(history));
  std::printf("model: %s, history: %s\n", o.model.c_str(), o.history.c_str());
  r.write(o.report, o.labels_csv);
}

}  // namespace

int train(int argc, char** argv) {
  const arguments given = command_arguments(argc, argv, {"distributed"});
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
  const auto fingerprints = describe_run(saved, a, inputs, resumed_from);
  ranks.check_same_data(fingerprints, inputs);
  io::classifier_file m;
  const training_data d = read_training_data(o, m);
  classify::fit_features(m, d.table, d.train_rows, o.vectorizer);
  // Features of every training row, made once; each network takes its rows from them.
  const example_set training = examples(d.table, m, d.train_rows);
  io::training_history history;
  history.labels = m.labels;
  train_classifier(o, m, training, saved, resumed_from, ranks, history);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  save_run(o, m, history, test_report(o, m, d), seconds, ranks);
  return 0;
}

}  // namespace genre_classifier
