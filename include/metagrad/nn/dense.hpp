// dense<"name", units>(x): a fully connected layer, x W + b, as an expression whose parameters
// are named "name.W" and "name.b" — the building block of models written for fit(). W is
// features x units; for a sparse input (TF-IDF rows) it is stored feature-major, units x features,
// and read transposed, so that a batch reads and updates whole columns (one per feature present).
// The activation is the caller's: relu(dense<"hidden", 512>(x)).
#pragma once

#include "metagrad/core/fixed_string.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/ops/arithmetic.hpp"
#include "metagrad/ops/matmul.hpp"

namespace metagrad::nn {

template <fixed_string Name, dim_t Units, expression X>
constexpr auto dense(X x) {
  static_assert(Units > 0 || Units == dyn, "dense<name, units>: units must be positive or dyn");
  constexpr dim_t features = X::static_shape.cols;
  constexpr auto b = param<Name + fixed_string(".b"), 1, Units>;
  if constexpr (is_sparse_leaf_v<X>)
    return x * transpose(param<Name + fixed_string(".W"), Units, features>) + b;
  else
    return x * param<Name + fixed_string(".W"), features, Units> + b;
}

}  // namespace metagrad::nn
