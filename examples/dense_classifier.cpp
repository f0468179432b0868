// The classic Keras model, 784 inputs -> Dense 32 relu -> Dense 10 sigmoid, binary cross-entropy,
// plain SGD, trained on seeded synthetic multi-label data (each label a noisy linear function of
// the inputs, so several labels can be on at once). Prints the loss falling and the test micro-F1;
// with --dot FILE, also writes the compiled training step as a Graphviz picture
// (`dot -Tsvg FILE -o step.svg`: the forward and backward graph, its kernels and buffers). With
// --generated it trains with the same step written out as standalone C++ by the code generator
// (dense_classifier_generate.cpp, built by metagrad_generate) instead of the template executor.
//
//   dense_classifier [--epochs N] [--seed S] [--samples N] [--dot FILE] [--generated]
#include <metagrad/codegen/dot.hpp>
#include <metagrad/io/binary_file.hpp>
#include <metagrad/metagrad.hpp>
#include <metagrad/metrics/scores.hpp>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "dense_classifier_model.hpp"
#include "dense_classifier_step.hpp"  // generated at build time

namespace mg = metagrad;
using matrix = Eigen::MatrixXf;

namespace {

struct dataset {
  matrix x, y;
};

// Inputs ~ N(0, 1); label j is on when a hidden linear score plus noise is above its threshold,
// with thresholds spread so that some labels are common and some rare.
dataset synthetic(int samples, const matrix& teacher, std::mt19937& rng) {
  std::normal_distribution<float> normal;
  dataset d{matrix(samples, teacher.rows()), matrix(samples, teacher.cols())};
  for (Eigen::Index j = 0; j < d.x.cols(); ++j)
    for (Eigen::Index i = 0; i < d.x.rows(); ++i) d.x(i, j) = normal(rng);
  const matrix score = d.x * teacher / std::sqrt(float(teacher.rows()));
  for (Eigen::Index j = 0; j < d.y.cols(); ++j)
    for (Eigen::Index i = 0; i < d.y.rows(); ++i)
      d.y(i, j) = score(i, j) + 0.3f * normal(rng) > 0.2f * float(j) - 0.5f ? 1.0f : 0.0f;
  return d;
}

matrix glorot(int rows, int cols, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-1, 1);
  const float limit = std::sqrt(6.0f / float(rows + cols));
  matrix w(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) w(i, j) = limit * u(rng);
  return w;
}

int flag(int argc, char** argv, const std::string& name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return std::stoi(argv[i + 1]);
  return fallback;
}
std::string text_flag(int argc, char** argv, const std::string& name) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return {};
}
bool has_flag(int argc, char** argv, const std::string& name) {
  for (int i = 1; i < argc; ++i)
    if (argv[i] == name) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) try {
  const int epochs = flag(argc, argv, "--epochs", 10);
  const int seed = flag(argc, argv, "--seed", 42);
  const int samples = flag(argc, argv, "--samples", 4000);
  const int batch = 32;
  const float learning_rate = 0.5f;
  const bool generated = has_flag(argc, argv, "--generated");
  std::cout << "dense_classifier: 784 -> 32 relu -> 10 sigmoid, BCE, SGD; seed " << seed
            << (generated ? "; generated code" : "") << "\n";

  using namespace dense_classifier_model;  // x, y, W1, b1, W2, b2, logits, loss, grads
  auto train_step = mg::compile(loss, grads);
  auto predict = mg::compile(mg::sigmoid(logits));
  if (const std::string dot = text_flag(argc, argv, "--dot"); !dot.empty()) {
    mg::io::write_atomically(dot,
                             mg::codegen::to_dot(train_step, {"loss", "dW1", "db1", "dW2", "db2"},
                                                 "dense classifier: one training step"));
    std::cout << "wrote the training step's graph to " << dot << "\n";
  }

  std::mt19937 rng(static_cast<unsigned>(seed));
  const matrix teacher = glorot(784, 10, rng) * 8.0f;
  const dataset train = synthetic(samples, teacher, rng),
                test = synthetic(samples / 4, teacher, rng);
  matrix w1 = glorot(784, 32, rng), c1 = matrix::Zero(1, 32);
  matrix w2 = glorot(32, 10, rng), c2 = matrix::Zero(1, 10);

  matrix xb = train.x.topRows(batch), yb = train.y.topRows(batch);
  auto ws = train_step.workspace(x = xb, y = yb, W1 = w1, b1 = c1, W2 = w2, b2 = c2);
  // The generated step reads the same matrices by address and updates the weights in place.
  dense_classifier_step::buffers step_buffers(dense_classifier_step::sizes{batch});
  dense_classifier_step::leaves leaves{xb.data(), w1.data(), c1.data(),
                                       w2.data(), c2.data(), yb.data()};
  std::vector<int> order(static_cast<std::size_t>(samples));
  for (int i = 0; i < samples; ++i) order[static_cast<std::size_t>(i)] = i;

  for (int epoch = 1; epoch <= epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    double total = 0;
    int batches = 0;
    for (int start = 0; start + batch <= samples; start += batch, ++batches) {
      for (int r = 0; r < batch; ++r) {
        xb.row(r) = train.x.row(order[static_cast<std::size_t>(start + r)]);
        yb.row(r) = train.y.row(order[static_cast<std::size_t>(start + r)]);
      }
      // One SGD step: the loss and gradients, and each weight's update added by its gradient's
      // product straight into the weights (the biases' after).
      if (generated) {
        dense_classifier_step::step(leaves, step_buffers, learning_rate);
        total += step_buffers.loss[0];
      } else {
        ws.sgd_step(learning_rate, grads);
        total += ws[loss](0, 0);
      }
    }
    std::cout << "epoch " << epoch << "  train loss " << total / batches << "\n";
  }

  auto pw = predict.workspace(x = test.x, W1 = w1, b1 = c1, W2 = w2, b2 = c2);
  pw.run();
  const Eigen::MatrixXf predicted = (pw[mg::sigmoid(logits)].array() >= 0.5f).cast<float>();
  const double micro_f1 = mg::metrics::score_predictions(test.y, predicted).micro.f1;
  std::cout << "test micro-F1 " << micro_f1 << " on " << test.x.rows() << " samples (label density "
            << test.y.mean() << ")\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "dense_classifier: " << e.what() << "\n";
  return 1;
}
