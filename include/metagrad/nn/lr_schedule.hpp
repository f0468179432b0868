// lr_schedule: the factor an optimizer's learning rate is multiplied by at step t (1-based): an
// optional linear warm-up, then constant, step decay or cosine annealing, as PyTorch's LinearLR,
// StepLR and CosineAnnealingLR stepped once per optimizer step.
//
//   warm-up (t <= warmup):  t / warmup
//   after it, s = t - warmup - 1 steps in:
//     constant:  1
//     step:      gamma^floor(s / step_size)
//     cosine:    floor + (1 - floor) (1 + cos(pi min(s, length) / length)) / 2
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace metagrad::nn {

struct lr_schedule {
  enum class shape { constant, step, cosine };
  shape kind = shape::constant;
  long warmup = 0;        // steps of linear warm-up (0: none)
  long step_size = 1000;  // step: steps between decays
  double gamma = 0.1;     // step: the factor of each decay
  long length = 1000;     // cosine: steps from the full rate down to floor
  double floor = 0;       // cosine: the last factor
  double factor(long t) const {
    if (t < 1) throw std::invalid_argument("lr_schedule: steps count from 1");
    if (t <= warmup) return double(t) / double(warmup);
    const long s = t - warmup - 1;
    switch (kind) {
      case shape::step:
        return std::pow(gamma, double(s / std::max(step_size, 1L)));
      case shape::cosine: {
        const double done = double(std::min(s, length)) / double(std::max(length, 1L));
        return floor + (1 - floor) * (1 + std::cos(std::numbers::pi * done)) / 2;
      }
      default:
        return 1;
    }
  }
};

inline lr_schedule::shape parse_lr_schedule(const std::string& text) {
  if (text == "constant") return lr_schedule::shape::constant;
  if (text == "step") return lr_schedule::shape::step;
  if (text == "cosine") return lr_schedule::shape::cosine;
  throw std::invalid_argument("learning-rate schedule '" + text +
                              "': expected constant, step or cosine");
}

}  // namespace metagrad::nn
