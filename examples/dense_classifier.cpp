// The classic Keras model, 784 inputs -> Dense 32 relu -> Dense 10 sigmoid, binary cross-entropy,
// plain SGD, trained by nn::fit on seeded synthetic multi-label data (each label a noisy linear
// function of the inputs, so several labels can be on at once). Prints the loss falling and the
// test micro-F1; with --dot FILE, also writes the compiled training step as a Graphviz picture
// (`dot -Tsvg FILE -o step.svg`: the forward and backward graph, its kernels and buffers).
// generated_step.cpp trains the same network with the step written out as C++.
//
//   dense_classifier [--epochs N] [--seed S] [--samples N] [--dot FILE]
#include <metagrad/codegen/dot.hpp>
#include <metagrad/io/binary_file.hpp>
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/predict.hpp>

#include <cstdio>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>

#include "dense_classifier_model.hpp"
#include "synthetic_labels.hpp"

namespace mg = metagrad;
namespace nn = metagrad::nn;
using matrix = Eigen::MatrixXf;

namespace {

constexpr auto model = nn::multilabel(dense_classifier_model::logits);
constexpr auto x = dense_classifier_model::x;

std::string flag(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return fallback;
}

}  // namespace

int main(int argc, char** argv) try {
  const int seed = std::stoi(flag(argc, argv, "--seed", "42"));
  const int samples = std::stoi(flag(argc, argv, "--samples", "4000"));
  std::cout << "dense_classifier: 784 -> 32 relu -> 10 sigmoid, BCE, SGD; seed " << seed << "\n";
  if (const std::string dot = flag(argc, argv, "--dot", ""); !dot.empty()) {
    mg::io::write_atomically(
        dot, mg::codegen::to_dot(decltype(model)::program{}, {"loss", "dW1", "db1", "dW2", "db2"},
                                 "dense classifier: one training step"));
    std::cout << "wrote the training step's graph to " << dot << "\n";
  }

  std::mt19937 rng(static_cast<unsigned>(seed));
  const matrix teacher = synthetic_labels::teacher(784, 10, rng);
  const auto train = synthetic_labels::draw(samples, teacher, rng),
             test = synthetic_labels::draw(samples / 4, teacher, rng);

  nn::fit_options o;
  o.epochs = std::stoi(flag(argc, argv, "--epochs", "10"));
  o.seed = unsigned(seed);
  o.optimizer.kind = nn::optimizer_kind::sgd, o.optimizer.learning_rate = 0.5;
  o.on_epoch = [](const nn::epoch_record& r) {
    std::printf("epoch %d  train loss %.4f\n", r.epoch, r.train_loss);
  };
  decltype(model)::store parameters;
  nn::fit(model, parameters, nn::dataset(x = train.x).with_labels(train.y), o);

  const auto s = nn::evaluate(model, parameters, nn::dataset(x = test.x).with_labels(test.y));
  std::printf("test micro-F1 %.4f on %ld samples (label density %.3f)\n", s.micro.f1,
              long(test.x.rows()), double(test.y.mean()));
  return 0;
} catch (const std::exception& e) {
  std::cerr << "dense_classifier: " << e.what() << "\n";
  return 1;
}
