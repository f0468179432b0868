// split_held_out: the rows of a cross-fitting step — those a member is fitted on and those it is
// validated on (held out by some of the folds).
#pragma once

#include <Eigen/Core>

#include <utility>
#include <vector>

namespace metagrad::classify {

// Positions 0 .. n-1 in order, split into those no list in `held` names (fitted on) and those
// one does (held out).
inline std::pair<std::vector<Eigen::Index>, std::vector<Eigen::Index>> split_held_out(
    std::size_t n, const std::vector<const std::vector<Eigen::Index>*>& held) {
  std::vector<bool> out(n, false);
  for (const auto* list : held)
    for (Eigen::Index i : *list) out[std::size_t(i)] = true;
  std::vector<Eigen::Index> fit, held_rows;
  for (std::size_t i = 0; i < n; ++i) (out[i] ? held_rows : fit).push_back(Eigen::Index(i));
  return {std::move(fit), std::move(held_rows)};
}

}  // namespace metagrad::classify
