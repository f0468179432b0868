// train_step/generated: the step run by the code generator's output (generate_models.cpp, built
// by metagrad_generate): step() of a standalone source with no metagrad in it. The generated
// API differs per model only in which leaves and sizes it has.
#pragma once

#include <type_traits>

#include "configs.hpp"

namespace bench {

template <class Leaves, class Buffers>
Leaves leaves_of(void (*)(const Leaves&, Buffers&));
template <class Leaves, class Buffers>
Buffers buffers_of(void (*)(const Leaves&, Buffers&));

// Forward and Step: the generated functions of one model (forward names its leaves and buffers).
template <auto Forward, auto Step>
class generated_step {
  using leaves = decltype(leaves_of(Forward));
  using buffers = decltype(buffers_of(Forward));
  using sizes = std::remove_const_t<decltype(buffers::n)>;

 public:
  generated_step(const problem& p, int) : p_(p), b_(sizes_of(p_.c)) {
    if constexpr (requires { in_.x.outer; }) {
      p_.W[0].transposeInPlace();  // feature-major, as compiled's
      const auto& xs = p_.xs;
      in_.x = {xs.rows(), xs.cols(), xs.outerIndexPtr(), xs.innerIndexPtr(), xs.valuePtr()};
    } else {
      in_.x = p_.x.data();
    }
    in_.y = p_.y.data();
    in_.W1 = p_.W[0].data(), in_.b1 = p_.b[0].data(), in_.W2 = p_.W[1].data();
    in_.b2 = p_.b[1].data();
    if constexpr (requires { in_.W3; }) in_.W3 = p_.W[2].data(), in_.b3 = p_.b[2].data();
    if constexpr (requires { in_.alpha; }) in_.alpha = focal_alpha, in_.gamma = focal_gamma;
  }

  // forward, backward and SGD in one, as compiled's workspace::sgd_step: the same weight updates
  // folded into their gradients' kernels.
  float step() {
    Step(in_, b_, learning_rate);
    return b_.loss[0];
  }

 private:
  static sizes sizes_of(const config& c) {
    sizes s;
    s.x_rows = c.batch, s.x_cols = c.widths[0];
    if constexpr (requires { s.W1_cols; }) s.W1_cols = c.widths[1];  // dense: features x hidden
    if constexpr (requires { s.W1_rows; }) s.W1_rows = c.widths[1];  // sparse: hidden x features
    s.W2_cols = c.widths[2];
    if constexpr (requires { s.W3_cols; }) s.W3_cols = c.widths[3];
    return s;
  }

  problem p_;
  buffers b_;
  leaves in_;
};

}  // namespace bench
