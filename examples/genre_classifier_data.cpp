// genre_classifier: the rows of a CSV table as a model reads them, and a model's probabilities.

#include <metagrad/data/hstack.hpp>
#include <metagrad/data/label_binarizer.hpp>
#include <metagrad/data/numbers.hpp>
#include <metagrad/data/select_rows.hpp>
#include <metagrad/nn/logistic_regression.hpp>
#include <metagrad/nn/trainer.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <numeric>

#include "genre_classifier.hpp"

namespace genre_classifier {

std::vector<std::string> split_list(const std::string& text) { return md::split_labels(text, ","); }

std::vector<std::vector<std::string>> label_lists(const md::csv_table& t,
                                                  const io::classifier_file& m,
                                                  const std::vector<Eigen::Index>& rows) {
  std::vector<std::vector<std::string>> out;
  for (const std::string& field : column_texts(t, m.label_column, rows))
    out.push_back(md::split_labels(field, m.label_separator));
  return out;
}

// Features (and labels, when the table has them) of `rows`, as the fitted model `m` reads them.
example_set examples(const md::csv_table& t, const io::classifier_file& m,
                     const std::vector<Eigen::Index>& rows, bool with_labels) {
  example_set e;
  if (m.text) {
    std::vector<md::sparse_rows> blocks;
    for (std::size_t c = 0; c < m.text_columns.size(); ++c)
      blocks.push_back(m.vectorizers[c].transform(column_texts(t, m.text_columns[c], rows)));
    e.text = md::hstack(blocks);
    e.text.makeCompressed();
  } else {
    e.numeric = numeric_columns(t, m.feature_columns, rows);
    for (Eigen::Index j = 0; j < e.numeric.cols(); ++j)
      e.numeric.col(j) =
          (e.numeric.col(j).array() - m.mean[std::size_t(j)]) / m.scale[std::size_t(j)];
  }
  if (!with_labels) return e;
  if (m.text) {
    md::label_binarizer b(m.labels);
    e.labels = b.transform(label_lists(t, m, rows));
    for (const auto& [name, count] : b.unknown())
      std::cerr << t.file << ": label '" << name << "' (" << count
                << (count == 1 ? " row" : " rows")
                << ") is not one the model knows; those labels are ignored\n";
  } else {
    e.labels = binary_label_columns(t, m.label_columns, rows);
  }
  return e;
}

// The rows `at` (positions in e) of a model's example set, in that order.
example_set rows_of(const io::classifier_file& m, const example_set& e,
                    const std::vector<Eigen::Index>& at) {
  example_set out;
  out.labels = e.labels(at, Eigen::all);
  if (m.text)
    out.text = md::select_rows(e.text, at);
  else
    out.numeric = md::select_rows(e.numeric, at);
  return out;
}

matrix probabilities_of(const io::classifier_file& m, const nn::parameters& p, const example_set& e,
                        int threads) {
  return m.text ? nn::predict_probabilities(p, e.text, threads)
                : nn::predict_probabilities(p, e.numeric, threads);
}

// Positions 0 .. n-1 in order, split into those no list in `held` names (fitted on) and those
// one does (held out).
std::pair<std::vector<Eigen::Index>, std::vector<Eigen::Index>> split_held_out(
    std::size_t n, const std::vector<const std::vector<Eigen::Index>*>& held) {
  std::vector<bool> out(n, false);
  for (const auto* list : held)
    for (Eigen::Index i : *list) out[std::size_t(i)] = true;
  std::vector<Eigen::Index> fit, held_rows;
  for (std::size_t i = 0; i < n; ++i) (out[i] ? held_rows : fit).push_back(Eigen::Index(i));
  return {std::move(fit), std::move(held_rows)};
}

// The rows as the linear member reads them: sparse, numeric features too.
// A text model's rows are its own (not copied); numeric ones are made sparse in `made`.
const md::sparse_rows& linear_rows(const io::classifier_file& m, const example_set& e,
                                   md::sparse_rows& made) {
  if (m.text) return e.text;
  made = e.numeric.sparseView();
  return made;
}

// networks' probabilities blended with the linear member's, `weight` of it.
matrix blend(const matrix& networks, const matrix& linear, double weight) {
  return float(1 - weight) * networks + float(weight) * linear;
}

// The model's probabilities: the mean of its networks', blended with its linear member's.
matrix probabilities_of(const io::classifier_file& m, const example_set& e, int threads) {
  matrix sum = probabilities_of(m, m.members.front(), e, threads);
  for (std::size_t k = 1; k < m.members.size(); ++k)
    sum += probabilities_of(m, m.members[k], e, threads);
  const matrix networks = sum / float(m.members.size());
  if (m.linear_weight == 0) return networks;
  md::sparse_rows made;
  return blend(networks, nn::logistic_probabilities(m.linear, linear_rows(m, e, made), threads),
               m.linear_weight);
}

}  // namespace genre_classifier
