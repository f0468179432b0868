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

std::string find_data(const std::string& path) {
  namespace fs = std::filesystem;
  if (fs::exists(path)) return path;
  const char* roots[] = {std::getenv("METAGRAD_DATA"), "../shared/data"};
  for (const char* root : roots)
    if (root && fs::exists(fs::path(root) / path)) return (fs::path(root) / path).string();
  return path;  // read_csv names it in its error
}

// Columns named in a list, where "PREFIX*" stands for every column starting with PREFIX.
std::vector<std::string> expand_columns(const md::csv_table& t, const std::string& spec) {
  std::vector<std::string> out;
  for (const std::string& item : split_list(spec)) {
    if (!item.empty() && item.back() == '*') {
      const std::string prefix = item.substr(0, item.size() - 1);
      for (const auto& h : t.header)
        if (h.rfind(prefix, 0) == 0) out.push_back(h);
    } else {
      t.column(item);  // an error naming the columns there are
      out.push_back(item);
    }
  }
  if (out.empty()) throw md::input_error(t.file + ": no column matches '" + spec + "'");
  return out;
}

std::vector<std::string> column_texts(const md::csv_table& t, const std::string& column,
                                      const std::vector<Eigen::Index>& rows) {
  const std::size_t c = t.column(column);
  std::vector<std::string> out;
  for (Eigen::Index r : rows) out.emplace_back(t.rows[std::size_t(r)][c]);
  return out;
}

// A matrix of `columns` for `rows`, cell (k, c) = read(row, column index, column name).
template <class Read>
matrix read_columns(const md::csv_table& t, const std::vector<std::string>& columns,
                    const std::vector<Eigen::Index>& rows, Read read) {
  matrix m(Eigen::Index(rows.size()), Eigen::Index(columns.size()));
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::size_t col = t.column(columns[c]);
    for (std::size_t k = 0; k < rows.size(); ++k)
      m(Eigen::Index(k), Eigen::Index(c)) = read(std::size_t(rows[k]), col, columns[c]);
  }
  return m;
}

matrix numeric_columns(const md::csv_table& t, const std::vector<std::string>& columns,
                       const std::vector<Eigen::Index>& rows) {
  return read_columns(
      t, columns, rows, [&](std::size_t r, std::size_t col, const std::string& name) {
        const double v = md::parse_number(t, r, col);
        if (std::abs(v) > 3.0e38)
          throw md::input_error(t.at(r, col) +
                                ": expected a number within float range in column '" + name +
                                "', found '" + std::string(t.rows[r][col]) + "'");
        return float(v);
      });
}

matrix binary_label_columns(const md::csv_table& t, const std::vector<std::string>& columns,
                            const std::vector<Eigen::Index>& rows) {
  return read_columns(
      t, columns, rows, [&](std::size_t r, std::size_t col, const std::string& name) {
        const std::string_view v = t.rows[r][col];
        if (v != "0" && v != "1")
          throw md::input_error(t.at(r, col) + ": expected a label of 0 or 1 in column '" + name +
                                "', found '" + std::string(v) + "'");
        return v == "1" ? 1.0f : 0.0f;
      });
}

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

std::vector<Eigen::Index> all_rows(const md::csv_table& t) {
  std::vector<Eigen::Index> r(t.rows.size());
  std::iota(r.begin(), r.end(), Eigen::Index(0));
  return r;
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
