// Learning-rate schedules against their closed forms, an optimizer stepping with one, and
// gradients clipped by their joint norm.
#include <metagrad/nn/clip.hpp>
#include <metagrad/nn/lr_schedule.hpp>
#include <metagrad/nn/optimizers.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace nn = metagrad::nn;
using shape = nn::lr_schedule::shape;

TEST_CASE("a warm-up rises linearly to the full rate, then the schedule's shape follows",
          "[schedule]") {
  const nn::lr_schedule warm{.kind = shape::constant, .warmup = 4};
  CHECK(warm.factor(1) == Approx(0.25));
  CHECK(warm.factor(4) == Approx(1.0));
  CHECK(warm.factor(100) == Approx(1.0));
  // StepLR(step_size 3, gamma 0.5) after 2 warm-up steps: 3 steps at 1, 3 at 0.5, then 0.25.
  const nn::lr_schedule step{.kind = shape::step, .warmup = 2, .step_size = 3, .gamma = 0.5};
  const double steps[] = {0.5, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25};
  for (long t = 1; t <= 9; ++t) CHECK(step.factor(t) == Approx(steps[t - 1]));
  // CosineAnnealingLR(T_max 4, eta_min 0.1 of the rate): (1 + cos(pi s / 4)) / 2 scaled.
  const nn::lr_schedule cosine{.kind = shape::cosine, .length = 4, .floor = 0.1};
  for (long t = 1; t <= 7; ++t) {
    const double s = double(std::min(t - 1, 4L));
    CHECK(cosine.factor(t) == Approx(0.1 + 0.9 * (1 + std::cos(M_PI * s / 4)) / 2));
  }
  CHECK(cosine.factor(5) == Approx(0.1));
  CHECK_THROWS_WITH(nn::parse_lr_schedule("linear"),
                    "learning-rate schedule 'linear': expected constant, step or cosine");
}

TEST_CASE("an optimizer takes its learning rate from the schedule at every step", "[schedule]") {
  nn::optimizer_options o{.kind = nn::optimizer_kind::sgd, .learning_rate = 0.1, .momentum = 0};
  o.schedule = {.kind = shape::step, .warmup = 1, .step_size = 1, .gamma = 0.5};
  nn::optimizer<double> opt(o);
  const auto i = opt.add(1, 1);
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(1, 1), g = Eigen::MatrixXd::Ones(1, 1);
  double want = 0;
  for (long t = 1; t <= 4; ++t) {
    opt.next_step();
    opt.update(i, w, g);
    want -= 0.1 * o.schedule.factor(t);  // 0.1, 0.1, 0.05, 0.025
    CHECK(w(0, 0) == Approx(want));
  }
  CHECK(want == Approx(-0.275));
}

TEST_CASE("clipping by the global norm scales every gradient alike, and only above the bound",
          "[clip]") {
  Eigen::MatrixXf a(1, 2), b(2, 1);
  a << 3, 0;
  b << 0, 4;  // joint norm 5
  CHECK(nn::clip_by_global_norm(10.0, a, b) == Approx(5.0));
  CHECK(a(0, 0) == 3.0f);
  CHECK(nn::clip_by_global_norm(1.0, a, b) == Approx(5.0));
  CHECK(a(0, 0) == Approx(3.0 / 5));
  CHECK(b(1, 0) == Approx(4.0 / 5));
  CHECK(std::sqrt(a.squaredNorm() + b.squaredNorm()) == Approx(1.0).epsilon(1e-5));
}
