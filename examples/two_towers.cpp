// Two input columns, two towers: the movies' plots and casts, each its own TF-IDF rows and its own
// relu layer, joined by concat and read by one output layer with a unit per genre (the model:
// two_towers_model.hpp). nn::fit finds the six parameters, sizes both towers from the
// vocabularies, and updates only the columns of the words each batch holds. Prints the test
// report at one threshold, 0.3, for every genre (the genre classifier tunes one per genre, out of
// fold).
//
//   two_towers [--data FILE]     (movies_masked.csv; rows with id % 5 == 0 are test)
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/predict.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "movies.hpp"
#include "two_towers_model.hpp"

namespace nn = metagrad::nn;
using two_towers::cast, two_towers::plot, two_towers::model;

int main(int argc, char** argv) try {
  const std::string file =
      argc > 2 && std::string(argv[1]) == "--data" ? argv[2] : "movies_masked.csv";
  const movies::split m = movies::read(file, {"plot", "cast"});
  const auto& [a, b] = m;

  const nn::fit_options o = movies::training();
  decltype(model)::store parameters;
  nn::fit(model, parameters,
          nn::dataset(plot = a.texts[0], cast = a.texts[1]).with_labels(a.genres), o);
  const auto s =
      nn::evaluate(model, parameters,
                   nn::dataset(plot = b.texts[0], cast = b.texts[1]).with_labels(b.genres), 0.3);
  std::printf("test rows %ld: micro-F1 %.4f  macro-F1 %.4f  hamming loss %.4f (threshold 0.3)\n",
              long(b.genres.rows()), s.micro.f1, s.macro.f1, s.hamming_loss);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "two_towers: " << e.what() << "\n";
  return 1;
}
