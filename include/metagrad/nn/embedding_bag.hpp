// embedding_bag<"name", dim>(x): for sparse rows x (bags of feature ids with weights: TF-IDF,
// counts, or 1 / bag size for a mean), the weighted sum of the features' embeddings, x E^T, as
// PyTorch's EmbeddingBag(mode="sum", per_sample_weights) computes it. E ("name.E") is stored one
// column per feature (dim x features), so a batch reads, and the optimizer updates, only the
// columns of the features it holds.
#pragma once

#include "metagrad/core/fixed_string.hpp"
#include "metagrad/core/leaf.hpp"
#include "metagrad/ops/matmul.hpp"

namespace metagrad::nn {

template <fixed_string Name, dim_t Dim, expression X>
constexpr auto embedding_bag(X x) {
  static_assert(is_sparse_leaf_v<X>, "embedding_bag<name, dim>(x): x must be a sparse_input");
  static_assert(Dim > 0, "embedding_bag<name, dim>: dim must be positive");
  return x * transpose(param<Name + fixed_string(".E"), Dim, X::static_shape.cols>);
}

}  // namespace metagrad::nn
