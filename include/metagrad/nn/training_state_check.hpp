// check_state: a training state read from a file must fit the model and the data before anything
// indexes with it — its parameters' names and shapes, its history, its row order, its best epoch —
// each refused with one sentence ("training state: its row order is not an order of the 400
// training rows").
#pragma once

#include "metagrad/core/check.hpp"
#include "metagrad/nn/dataset.hpp"
#include "metagrad/nn/parameter_sizes.hpp"
#include "metagrad/nn/training_state.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::nn::detail {

[[noreturn]] inline void state_unfit(const std::string& what) {
  throw std::invalid_argument("training state: " + what);
}

// `names`: the model's parameters; `solve` checks the model's graph on known shapes (a
// shape_error when they conflict); `validating`: whether there are validation rows (then a best
// epoch must be there).
template <class Solve>
void check_state(const training_state& s, const std::vector<std::string>& names,
                 const dataset& train, bool validating, Solve solve) {
  if (s.names != names || s.current.size() != names.size())
    state_unfit("its parameters are not this model's");
  std::vector<named_shape> known = train.shapes();
  for (std::size_t i = 0; i < names.size(); ++i)
    known.push_back({names[i], {s.current[i].rows(), s.current[i].cols()}});
  try {
    solve(known);
  } catch (const shape_error& e) {
    state_unfit(std::string("its parameters do not fit the data: ") + e.what());
  }
  if (s.epochs_done < 0 || s.history.size() != std::size_t(s.epochs_done))
    state_unfit("its history does not have one record per epoch done");
  if (s.finished) return;
  const std::string rows =
      "its row order is not an order of the " + std::to_string(train.rows()) + " training rows";
  std::vector<bool> seen(std::size_t(train.rows()), false);
  for (const Eigen::Index r : s.order) {
    if (r < 0 || r >= train.rows() || seen[std::size_t(r)]) state_unfit(rows);
    seen[std::size_t(r)] = true;
  }
  if (s.order.size() != seen.size()) state_unfit(rows);
  if (!validating) return;
  if (s.best.size() != names.size() || s.best_epoch >= s.history.size())
    state_unfit("its best epoch is missing");
  for (std::size_t i = 0; i < names.size(); ++i)
    if (s.best[i].rows() != s.current[i].rows() || s.best[i].cols() != s.current[i].cols())
      state_unfit("its best epoch's parameters are not this model's");
}

}  // namespace metagrad::nn::detail
