// train_step/libtorch: the same step in LibTorch (built when CMake finds Torch): autograd tensors,
// binary_cross_entropy_with_logits or torchvision's sigmoid_focal_loss formula, a sparse COO input
// for the movie model, and SGD under no_grad. Compiled in its own translation unit.
#pragma once

#include <memory>

#include "configs.hpp"

namespace bench {

class torch_step {
 public:
  torch_step(const problem& p, int threads);
  ~torch_step();
  float step();

 private:
  struct state;
  std::unique_ptr<state> s_;
};

}  // namespace bench
