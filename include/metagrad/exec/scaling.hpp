// scaling: how a kernel writes its result r into its output: alpha r, or (accumulating) the output
// plus alpha r. A plain kernel is alpha 1, not accumulating; an SGD step folded into a gradient's
// kernel is alpha -learning_rate, accumulating into the parameter.
#pragma once

namespace metagrad::exec {

template <class S>
struct scaling {
  S alpha = 1;
  bool accumulate = false;
  void put(S& out, S r) const { out = accumulate ? out + alpha * r : alpha * r; }
};

}  // namespace metagrad::exec
