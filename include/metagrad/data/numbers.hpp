// parse_number: a CSV field as a finite number, or an error naming file, line, column and what
// was there. NaN and infinity are refused: one of them in the data would poison training silently.
#pragma once

#include "metagrad/data/csv.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace metagrad::data {

inline double parse_number(const csv_table& table, std::size_t row, std::size_t col) {
  std::string_view text = table.rows[row][col];
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string found = "found '" + std::string(table.rows[row][col]) + "'";
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    throw input_error(table.at(row, col) + ": expected a number in column '" + table.header[col] +
                      "', " + found);
  if (!std::isfinite(value))
    throw input_error(table.at(row, col) + ": expected a finite number in column '" +
                      table.header[col] + "', " + found);
  return value;
}

}  // namespace metagrad::data
