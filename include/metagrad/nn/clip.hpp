// clip_by_global_norm: gradients scaled together so that their joint Euclidean norm is at most
// max_norm, as PyTorch's clip_grad_norm_: each multiplied by max_norm / (norm + 1e-6) when that is
// below 1 (the 1e-6 keeps a zero norm finite). Returns the norm before clipping. One scale for all,
// so the step keeps its direction.
#pragma once

#include <cmath>

namespace metagrad::nn {

template <class... Gradients>
double clip_by_global_norm(double max_norm, Gradients&... gradients) {
  const double norm = std::sqrt((0.0 + ... + double(gradients.squaredNorm())));
  const double scale = max_norm / (norm + 1e-6);
  if (scale < 1) ((gradients *= static_cast<typename Gradients::Scalar>(scale)), ...);
  return norm;
}

}  // namespace metagrad::nn
