// classifier: a trained multi-label classifier from its model file, for predicting. A user's
// program predicts in three lines:
//
//   const auto model = metagrad::classify::classifier::load("movies.model");
//   const auto table = metagrad::data::read_csv("new_movies.csv");  // the model's columns
//   for (const auto& labels : model.predict(table)) ...              // each row's labels
//
// load_for() reads only what some rows need: a text model's vectorizers make the rows first,
// and only the first-layer columns of the features they use are read (one text's prediction
// without the model's full size in memory).
#pragma once

#include "metagrad/classify/example_rows.hpp"
#include "metagrad/classify/probabilities.hpp"
#include "metagrad/data/select_columns.hpp"
#include "metagrad/exec/threads.hpp"
#include "metagrad/metrics/scores.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace metagrad::classify {

class classifier {
 public:
  explicit classifier(io::classifier_file m) : m_(std::move(m)) {}

  // The whole model in `path`; a damaged or foreign file is an error naming it.
  static classifier load(const std::string& path) { return classifier(io::load(path)); }
  // The model in `path` as far as the rows of `t` need it, with those rows.
  static std::pair<classifier, example_rows> load_for(const std::string& path,
                                                      const data::csv_table& t) {
    return load_rows(path, [&](const io::classifier_file&) -> const data::csv_table& { return t; });
  }
  // The same for texts, each put in every text column of the model.
  static std::pair<classifier, example_rows> load_for(const std::string& path,
                                                      const std::vector<std::string>& texts) {
    data::csv_table t;
    return load_rows(path, [&](const io::classifier_file& head) -> const data::csv_table& {
      return t = text_table(head, texts);
    });
  }

  const std::vector<std::string>& labels() const { return m_.labels; }
  const std::vector<double>& thresholds() const { return m_.thresholds; }
  // One threshold for every label in place of the tuned ones.
  void set_threshold(double t) { m_.thresholds.assign(m_.labels.size(), t); }
  const io::classifier_file& file() const { return m_; }

  // The rows of t as this model reads them (with their labels: with_labels).
  example_rows rows(const data::csv_table& t, bool with_labels = false) const {
    if (m_.kept_features)
      throw std::invalid_argument(
          "classifier: loaded for some rows only (load_for); load() it to read other rows");
    return featurize(m_, t, with_labels);
  }
  // A table of one row per text, each text in every text column of the model.
  data::csv_table text_table(const std::vector<std::string>& texts) const {
    return text_table(m_, texts);
  }

  // Probabilities, rows x labels.
  nn::matrix predict_proba(const example_rows& e, int threads = exec::default_threads()) const {
    return probabilities(m_, e, threads);
  }
  nn::matrix predict_proba(const data::csv_table& t, int threads = exec::default_threads()) const {
    return predict_proba(rows(t), threads);
  }

  // Each row's labels: those whose probability reaches the label's threshold.
  std::vector<std::vector<std::string>> predict(const nn::matrix& probabilities) const {
    const Eigen::MatrixXd chosen = metrics::threshold_scores(probabilities, m_.thresholds);
    std::vector<std::vector<std::string>> out(std::size_t(probabilities.rows()));
    for (Eigen::Index i = 0; i < chosen.rows(); ++i)
      for (Eigen::Index j = 0; j < chosen.cols(); ++j)
        if (chosen(i, j) != 0) out[std::size_t(i)].push_back(m_.labels[std::size_t(j)]);
    return out;
  }
  std::vector<std::vector<std::string>> predict(const data::csv_table& t,
                                                int threads = exec::default_threads()) const {
    return predict(predict_proba(t, threads));
  }

 private:
  static data::csv_table text_table(const io::classifier_file& m,
                                    const std::vector<std::string>& texts) {
    if (!m.text)
      throw std::invalid_argument(
          "classifier: this model reads numeric columns, not texts; give it a table");
    data::csv_table t;
    t.file = "(texts)";
    t.header = m.text_columns;
    for (const std::string& text : texts)
      t.rows.push_back(std::vector<std::string>(m.text_columns.size(), text));
    return t;
  }
  // The model with only the features of the rows table_of(its head) makes, and those rows.
  template <class TableOf>
  static std::pair<classifier, example_rows> load_rows(const std::string& path, TableOf table_of) {
    example_rows e;
    io::classifier_file m = io::load(path, [&](const io::classifier_file& head) {
      e = featurize(head, table_of(head), false);
      return data::used_columns(e.text);
    });
    if (m.text)
      e.text = data::select_columns(e.text, *m.kept_features);
    else
      e = featurize(m, table_of(m), false);
    return {classifier(std::move(m)), std::move(e)};
  }

  io::classifier_file m_;
};

}  // namespace metagrad::classify
