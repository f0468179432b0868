// example_rows: the rows of a table as a fitted classifier reads them — its text columns' TF-IDF
// rows side by side (one vocabulary per column), or its numeric columns standardized with the
// training rows' mean and scale — and, when asked, their labels.
#pragma once

#include "metagrad/data/columns.hpp"
#include "metagrad/data/csv.hpp"
#include "metagrad/data/hstack.hpp"
#include "metagrad/data/label_binarizer.hpp"
#include "metagrad/data/select_rows.hpp"
#include "metagrad/io/classifier_file.hpp"

#include <string>
#include <utility>
#include <vector>

namespace metagrad::classify {

struct example_rows {
  data::sparse_rows text;  // a text model's rows
  nn::matrix numeric;      // a numeric model's rows
  nn::matrix labels;       // 0/1, rows x the model's labels; empty unless asked for
  // Labels found in the table that the model does not know, with their counts (ignored).
  std::vector<std::pair<std::string, long>> unknown_labels;
  Eigen::Index rows() const { return text.rows() > 0 ? text.rows() : numeric.rows(); }
};

// Each row's list of labels, from a text model's label column.
inline std::vector<std::vector<std::string>> label_lists(const data::csv_table& t,
                                                         const io::classifier_file& m,
                                                         const std::vector<Eigen::Index>& rows) {
  std::vector<std::vector<std::string>> out;
  for (const std::string& field : data::column_texts(t, m.label_column, rows))
    out.push_back(data::split_labels(field, m.label_separator));
  return out;
}

// The rows `rows` of t as m reads them; with_labels: their labels too (t must have m's label
// columns). A column the model reads and t lacks is an error naming the file and the column.
inline example_rows featurize(const io::classifier_file& m, const data::csv_table& t,
                              const std::vector<Eigen::Index>& rows, bool with_labels) {
  example_rows e;
  if (m.text) {
    std::vector<data::sparse_rows> blocks;
    for (std::size_t c = 0; c < m.text_columns.size(); ++c)
      blocks.push_back(m.vectorizers[c].transform(data::column_texts(t, m.text_columns[c], rows)));
    e.text = data::hstack(blocks);
    e.text.makeCompressed();
  } else {
    e.numeric = data::numeric_columns(t, m.feature_columns, rows);
    for (Eigen::Index j = 0; j < e.numeric.cols(); ++j)
      e.numeric.col(j) =
          (e.numeric.col(j).array() - m.mean[std::size_t(j)]) / m.scale[std::size_t(j)];
  }
  if (!with_labels) return e;
  if (m.text) {
    data::label_binarizer b(m.labels);
    e.labels = b.transform(label_lists(t, m, rows));
    for (const auto& [name, count] : b.unknown()) e.unknown_labels.emplace_back(name, long(count));
  } else {
    e.labels = data::binary_label_columns(t, m.label_columns, rows);
  }
  return e;
}

// Every row of t, in order.
inline example_rows featurize(const io::classifier_file& m, const data::csv_table& t,
                              bool with_labels) {
  return featurize(m, t, data::all_rows(t), with_labels);
}

// The rows `at` (positions in e) of e, in that order.
inline example_rows select(const io::classifier_file& m, const example_rows& e,
                           const std::vector<Eigen::Index>& at) {
  example_rows out;
  out.labels = e.labels(at, Eigen::all);
  if (m.text)
    out.text = data::select_rows(e.text, at);
  else
    out.numeric = data::select_rows(e.numeric, at);
  return out;
}

}  // namespace metagrad::classify
