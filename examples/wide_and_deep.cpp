// Wide and deep on the movies: the plot's and the cast's words in one sparse input, read by a
// linear layer and by a relu layer whose logits are added (the model: wide_and_deep_model.hpp).
// nn::fit sizes both parts from the vocabulary, initializes the relu layer by He and the others by
// Glorot, and updates only the columns of the words each batch holds. Prints the test report at
// one threshold, 0.3, for every genre.
//
//   wide_and_deep [--data FILE]     (movies_masked.csv; rows with id % 5 == 0 are test)
#include <metagrad/data/hstack.hpp>
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/predict.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "movies.hpp"
#include "wide_and_deep_model.hpp"

namespace nn = metagrad::nn;
using wide_and_deep::model, wide_and_deep::words;

int main(int argc, char** argv) try {
  const std::string file =
      argc > 2 && std::string(argv[1]) == "--data" ? argv[2] : "movies_masked.csv";
  const movies::split m = movies::read(file, {"plot", "cast"});
  const auto train_words = metagrad::data::hstack(m.train.texts),
             test_words = metagrad::data::hstack(m.test.texts);

  const nn::fit_options o = movies::training();
  decltype(model)::store parameters;
  nn::fit(model, parameters, nn::dataset(words = train_words).with_labels(m.train.genres), o);
  const auto s = nn::evaluate(model, parameters,
                              nn::dataset(words = test_words).with_labels(m.test.genres), 0.3);
  std::printf("test rows %ld: micro-F1 %.4f  macro-F1 %.4f  hamming loss %.4f (threshold 0.3)\n",
              long(m.test.genres.rows()), s.micro.f1, s.macro.f1, s.hamming_loss);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "wide_and_deep: " << e.what() << "\n";
  return 1;
}
