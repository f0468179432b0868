// label_set: a classifier's labels, read from its training table (the 0/1 label columns of a
// numeric model; every label a text model's label column names, sorted), with every row's labels;
// and the labels that are the same in every training row, which have nothing to learn from.
#pragma once

#include "metagrad/classify/example_rows.hpp"
#include "metagrad/data/columns.hpp"
#include "metagrad/data/label_binarizer.hpp"

#include <string>
#include <vector>

namespace metagrad::classify {

// Sets m.labels from t (m's columns named); returns a row of labels per row of t.
inline nn::matrix fit_label_set(io::classifier_file& m, const data::csv_table& t) {
  const auto every = data::all_rows(t);
  if (!m.text) {
    m.labels = m.label_columns;
    return data::binary_label_columns(t, m.label_columns, every);
  }
  for (const auto& c : m.text_columns) t.column(c);  // each named if missing
  t.column(m.label_column);
  const std::vector<std::vector<std::string>> lists = label_lists(t, m, every);
  data::label_binarizer fitted = data::label_binarizer::fit(lists);
  if (fitted.size() == 0)
    throw data::input_error(t.file + ": no labels anywhere in column '" + m.label_column + "'");
  m.labels = fitted.classes();
  return fitted.transform(lists);
}

// A sentence for each label off (or on) in every row of y, the training rows' labels. Such a label
// keeps neutral weights (a balanced positive weight of 1); one never seen is never predicted.
inline std::vector<std::string> constant_labels(const io::classifier_file& m, const nn::matrix& y) {
  std::vector<std::string> said;
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    const double positives = y.col(j).sum();
    if (positives != 0 && positives != double(y.rows())) continue;
    std::string line = "label '";
    line.append(m.labels[std::size_t(j)]).append(positives == 0 ? "' is off" : "' is on");
    said.push_back(line.append(" in every training row")
                       .append(positives == 0 ? " (it will never be predicted)" : ""));
  }
  return said;
}

}  // namespace metagrad::classify
