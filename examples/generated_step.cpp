// The dense classifier (dense_classifier_model.hpp) trained with its training step written out as
// standalone C++ by metagrad's code generator at build time (dense_classifier_generate.cpp, built
// by metagrad_generate): the generated step() computes the loss and the gradients and updates the
// weights in place by plain SGD, reading the batch and the weights by address. The same data and
// network as dense_classifier.cpp, which trains it with nn::fit.
//
//   generated_step [--epochs N] [--seed S] [--samples N]
#include <metagrad/metrics/scores.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "dense_classifier_step.hpp"  // generated at build time
#include "synthetic_labels.hpp"

using matrix = Eigen::MatrixXf;
namespace step = dense_classifier_step;

namespace {

int flag(int argc, char** argv, const std::string& name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return std::stoi(argv[i + 1]);
  return fallback;
}

// Inference: sigmoid(relu(x W1 + b1) W2 + b2), cut at 0.5.
matrix predict(const matrix& x, const matrix& w1, const matrix& c1, const matrix& w2,
               const matrix& c2) {
  const matrix h = ((x * w1).rowwise() + c1.row(0)).cwiseMax(0.0f);
  const matrix z = (h * w2).rowwise() + c2.row(0);
  return (z.array() >= 0).cast<float>();  // sigmoid(z) >= 0.5 exactly where z >= 0
}

}  // namespace

int main(int argc, char** argv) try {
  const int epochs = flag(argc, argv, "--epochs", 10), seed = flag(argc, argv, "--seed", 42);
  const int samples = flag(argc, argv, "--samples", 4000), batch = 32;
  const float learning_rate = 0.5f;
  std::printf("generated_step: 784 -> 32 relu -> 10 sigmoid, BCE, SGD; seed %d; generated code\n",
              seed);
  std::mt19937 rng(static_cast<unsigned>(seed));
  const matrix teacher = synthetic_labels::teacher(784, 10, rng);
  const auto train = synthetic_labels::draw(samples, teacher, rng),
             test = synthetic_labels::draw(samples / 4, teacher, rng);
  matrix w1 = synthetic_labels::teacher(784, 32, rng) / 8, c1 = matrix::Zero(1, 32);
  matrix w2 = synthetic_labels::teacher(32, 10, rng) / 8, c2 = matrix::Zero(1, 10);

  matrix xb(batch, 784), yb(batch, 10);
  step::buffers buffers(step::sizes{batch});
  step::leaves leaves{xb.data(), w1.data(), c1.data(), w2.data(), c2.data(), yb.data()};
  std::vector<int> order(static_cast<std::size_t>(samples));
  std::iota(order.begin(), order.end(), 0);
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    double total = 0;
    int batches = 0;
    for (int start = 0; start + batch <= samples; start += batch, ++batches) {
      for (int r = 0; r < batch; ++r) {
        xb.row(r) = train.x.row(order[static_cast<std::size_t>(start + r)]);
        yb.row(r) = train.y.row(order[static_cast<std::size_t>(start + r)]);
      }
      step::step(leaves, buffers, learning_rate);
      total += buffers.loss[0];
    }
    std::printf("epoch %d  train loss %.4f\n", epoch, total / batches);
  }
  const double micro_f1 =
      metagrad::metrics::score_predictions(test.y, predict(test.x, w1, c1, w2, c2)).micro.f1;
  std::printf("test micro-F1 %.4f on %ld samples\n", micro_f1, long(test.x.rows()));
  return 0;
} catch (const std::exception& e) {
  std::cerr << "generated_step: " << e.what() << "\n";
  return 1;
}
