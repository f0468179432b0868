// select_columns: sparse rows with only the columns `kept` (sorted), each renumbered to its
// position in `kept` — the rows as a model loaded for those features reads them
// (io::classifier_file::kept_features) — and `used_columns`, the sorted columns some rows use.
#pragma once

#include "metagrad/data/text_vectorizer.hpp"

#include <algorithm>
#include <vector>

namespace metagrad::data {

inline std::vector<Eigen::Index> used_columns(const sparse_rows& x) {
  std::vector<Eigen::Index> used(x.innerIndexPtr(), x.innerIndexPtr() + x.nonZeros());
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  return used;
}

inline sparse_rows select_columns(const sparse_rows& x, const std::vector<Eigen::Index>& kept) {
  sparse_rows out(x.rows(), Eigen::Index(kept.size()));
  out.reserve(x.nonZeros());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    out.startVec(r);
    // A row's columns are in order, so their positions in `kept` are too.
    for (sparse_rows::InnerIterator it(x, r); it; ++it) {
      const auto at = std::lower_bound(kept.begin(), kept.end(), Eigen::Index(it.col()));
      if (at != kept.end() && *at == it.col())
        out.insertBack(r, Eigen::Index(at - kept.begin())) = it.value();
    }
  }
  out.finalize();
  return out;
}

}  // namespace metagrad::data
