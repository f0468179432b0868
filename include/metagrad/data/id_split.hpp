// id_split: the rows whose id (a number in an id column) is a multiple of k held out, the others
// kept. Each row's id alone decides, so a file that grows by new rows keeps its test rows.
#pragma once

#include "metagrad/data/columns.hpp"
#include "metagrad/data/numbers.hpp"
#include "metagrad/data/stratified_split.hpp"

#include <string>

namespace metagrad::data {

inline split_rows split_by_id(const csv_table& t, const std::string& id_column, long k) {
  const std::size_t id = t.column(id_column);
  split_rows s;
  for (Eigen::Index r : all_rows(t)) {
    const double v = parse_number(t, std::size_t(r), id);
    (long(v) % k == 0 ? s.held_out : s.kept).push_back(r);
  }
  return s;
}

}  // namespace metagrad::data
