// dropout_op<Rate>: x times a mask of 0 and 1 / (1 - Rate), drawn afresh for every training step
// by whoever binds the mask (nn::fit), and removed from the graph for inference
// (nn::without_dropout). It is mul in all but name: the name lets the trainer find the mask and
// its rate in the graph, so the user never feeds one.
//
//   dropout(x, mask) = x * mask    d/dx = mask    (the mask is data: no gradient)
#pragma once

#include "metagrad/ops/arithmetic.hpp"

namespace metagrad {

template <double Rate>
struct dropout_op : mul_op {
  static_assert(Rate >= 0 && Rate < 1, "dropout: the rate must be in [0, 1)");
  static constexpr const char* name = "dropout";
  static constexpr double rate = Rate;
};

}  // namespace metagrad
