// Columns of a CSV table as numbers: columns chosen by name or by prefix ("f*"), read for a set of
// rows into a float matrix — numeric features, or 0/1 label columns — with an error naming the
// file, line, column and what was there for any field that is not what the column must hold.
#pragma once

#include "metagrad/data/csv.hpp"
#include "metagrad/data/label_binarizer.hpp"
#include "metagrad/data/numbers.hpp"

#include <Eigen/Core>

#include <cmath>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace metagrad::data {

// Every row of the table, in order.
inline std::vector<Eigen::Index> all_rows(const csv_table& t) {
  std::vector<Eigen::Index> r(t.rows.size());
  std::iota(r.begin(), r.end(), Eigen::Index(0));
  return r;
}

// Columns named in a list, where "PREFIX*" stands for every column starting with PREFIX.
inline std::vector<std::string> expand_columns(const csv_table& t, const std::string& spec) {
  std::vector<std::string> out;
  for (const std::string& item : split_labels(spec, ",")) {
    if (!item.empty() && item.back() == '*') {
      const std::string prefix = item.substr(0, item.size() - 1);
      for (const auto& h : t.header)
        if (h.rfind(prefix, 0) == 0) out.push_back(h);
    } else {
      t.column(item);  // an error naming the columns there are
      out.push_back(item);
    }
  }
  if (out.empty()) throw input_error(t.file + ": no column matches '" + spec + "'");
  return out;
}

inline std::vector<std::string> column_texts(const csv_table& t, const std::string& column,
                                             const std::vector<Eigen::Index>& rows) {
  const std::size_t c = t.column(column);
  std::vector<std::string> out;
  for (Eigen::Index r : rows) out.emplace_back(t.rows[std::size_t(r)][c]);
  return out;
}

// A matrix of `columns` for `rows`, cell (k, c) = read(row, column index, column name).
template <class Read>
Eigen::MatrixXf read_columns(const csv_table& t, const std::vector<std::string>& columns,
                             const std::vector<Eigen::Index>& rows, Read read) {
  Eigen::MatrixXf m(Eigen::Index(rows.size()), Eigen::Index(columns.size()));
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::size_t col = t.column(columns[c]);
    for (std::size_t k = 0; k < rows.size(); ++k)
      m(Eigen::Index(k), Eigen::Index(c)) = read(std::size_t(rows[k]), col, columns[c]);
  }
  return m;
}

inline Eigen::MatrixXf numeric_columns(const csv_table& t, const std::vector<std::string>& columns,
                                       const std::vector<Eigen::Index>& rows) {
  return read_columns(
      t, columns, rows, [&](std::size_t r, std::size_t col, const std::string& name) {
        const double v = parse_number(t, r, col);
        if (std::abs(v) > 3.0e38)
          throw input_error(t.at(r, col) + ": expected a number within float range in column '" +
                            name + "', found '" + std::string(t.rows[r][col]) + "'");
        return float(v);
      });
}

inline Eigen::MatrixXf binary_label_columns(const csv_table& t,
                                            const std::vector<std::string>& columns,
                                            const std::vector<Eigen::Index>& rows) {
  return read_columns(
      t, columns, rows, [&](std::size_t r, std::size_t col, const std::string& name) {
        const std::string_view v = t.rows[r][col];
        if (v != "0" && v != "1")
          throw input_error(t.at(r, col) + ": expected a label of 0 or 1 in column '" + name +
                            "', found '" + std::string(v) + "'");
        return v == "1" ? 1.0f : 0.0f;
      });
}

// Every row of a numeric table: the columns `features` names as numbers, those `labels` names as
// 0/1 (each a list of names and PREFIX* patterns, as expand_columns reads it).
struct labelled_rows {
  Eigen::MatrixXf features, labels;
};
inline labelled_rows read_labelled_rows(const std::string& path, const std::string& features,
                                        const std::string& labels) {
  const csv_table t = read_csv(path);
  const auto rows = all_rows(t);
  return {numeric_columns(t, expand_columns(t, features), rows),
          binary_label_columns(t, expand_columns(t, labels), rows)};
}

}  // namespace metagrad::data
