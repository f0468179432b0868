// A translation unit for the compile-time sweep: an MLP of METAGRAD_DEPTH dense layers (relu
// between them, 64 wide), with both its BCE and its focal-loss gradient programs compiled and run.
// bench/compile_time/sweep.sh compiles it for depths 2..16 and prints the times.
#include <metagrad/metagrad.hpp>

#include <cstdio>
#include <utility>

#ifndef METAGRAD_DEPTH
#define METAGRAD_DEPTH 3
#endif

namespace mg = metagrad;

namespace {

constexpr auto x = mg::input<"x", mg::dyn, 64>;
constexpr auto y = mg::input<"y", mg::dyn, 8>;
constexpr auto alpha = mg::scalar<"alpha">;
constexpr auto gamma_ = mg::scalar<"gamma">;

template <int I>
constexpr auto weight = mg::param<mg::fixed_string<3>{{'W', char('a' + I), 0}}, 64, 64>;
template <int I>
constexpr auto bias = mg::param<mg::fixed_string<3>{{'b', char('a' + I), 0}}, 1, 64>;
constexpr auto head = mg::param<"Wout", 64, 8>;

template <int I>
constexpr auto hidden() {
  if constexpr (I == 0)
    return x;
  else
    return mg::relu(hidden<I - 1>() * weight<I - 1> + bias<I - 1>);
}

struct outcome {
  double loss;
  std::size_t nodes;  // forward and backward, after simplification
};

template <class Loss, class... Scalars, int... I>
outcome run(Loss loss, std::integer_sequence<int, I...>, Scalars... scalars) {
  constexpr auto grads = mg::grad(loss, weight<I>..., bias<I>..., head);
  auto program = mg::compile(loss, grads);
  Eigen::MatrixXf X = Eigen::MatrixXf::Random(32, 64), Y = Eigen::MatrixXf::Zero(32, 8);
  Eigen::MatrixXf W = Eigen::MatrixXf::Random(64, 64) * 0.1f, B = Eigen::MatrixXf::Zero(1, 64);
  Eigen::MatrixXf H = Eigen::MatrixXf::Random(64, 8) * 0.1f;
  auto ws = program.workspace(x = X, y = Y, weight<I> = W..., bias<I> = B..., head = H, scalars...);
  ws.run();
  return {ws[loss](0, 0), decltype(program)::size};
}

}  // namespace

int main() {
  constexpr auto layers = std::make_integer_sequence<int, METAGRAD_DEPTH - 1>{};
  constexpr auto logits = hidden<METAGRAD_DEPTH - 1>() * head;
  const outcome bce = run(mg::mean(mg::bce_with_logits(logits, y)), layers);
  const outcome focal = run(mg::mean(mg::focal_with_logits(logits, y, alpha, gamma_)), layers,
                            alpha = 0.25f, gamma_ = 2.0f);
  std::printf("depth %d: bce %.4f (nodes %zu), focal %.4f\n", METAGRAD_DEPTH, bce.loss, bce.nodes,
              focal.loss);
}
