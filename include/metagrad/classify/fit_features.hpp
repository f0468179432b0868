// fit_features: how a classifier makes its features, fitted on the training rows only — a TF-IDF
// vocabulary per text column (data/text_vectorizer.hpp), or each numeric column's mean and
// standard deviation (a constant column keeps scale 1). example_rows.hpp applies them.
#pragma once

#include "metagrad/data/columns.hpp"
#include "metagrad/data/text_vectorizer.hpp"
#include "metagrad/io/classifier_file.hpp"

#include <cmath>
#include <vector>

namespace metagrad::classify {

// Fits m's features (its text_columns, or its feature_columns) on the rows `rows` of t.
inline void fit_features(io::classifier_file& m, const data::csv_table& t,
                         const std::vector<Eigen::Index>& rows,
                         const data::vectorizer_options& options = {}) {
  m.vectorizers.clear(), m.mean.clear(), m.scale.clear();
  if (m.text) {
    for (const auto& c : m.text_columns)
      m.vectorizers.push_back(data::text_vectorizer::fit(data::column_texts(t, c, rows), options));
    return;
  }
  const Eigen::MatrixXf x = data::numeric_columns(t, m.feature_columns, rows);
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double mean = x.col(j).cast<double>().mean();
    const double sd = std::sqrt((x.col(j).cast<double>().array() - mean).square().mean());
    m.mean.push_back(float(mean));
    m.scale.push_back(sd > 0 ? float(sd) : 1.0f);
  }
}

}  // namespace metagrad::classify
