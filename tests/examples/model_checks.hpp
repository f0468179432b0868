// What every example model (examples/*_model.hpp) must do, checked the same way for each: learn
// seeded synthetic labels to a stated micro-F1 on rows it did not see, and come back from its
// file with every bit, so that the loaded model predicts the same bits.
#pragma once

#include <metagrad/io/parameter_store_file.hpp>
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/predict.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

namespace test_support {

// Trains m on `train` (20 epochs, Adam at 0.01, a fifth held out for early stopping) and returns
// the test micro-F1 at 0.5; `store` keeps the trained parameters.
template <class Model>
double learned_micro_f1(Model m, typename Model::store& store, const metagrad::nn::dataset& train,
                        const metagrad::nn::dataset& test) {
  metagrad::nn::fit_options o;
  o.epochs = 20, o.optimizer.learning_rate = 0.01, o.validation_split = 0.2, o.threads = 1;
  metagrad::nn::fit(m, store, train, o);
  return metagrad::nn::evaluate(m, store, test).micro.f1;
}

// Saved, loaded into a new store: the same values and the same probabilities, bit for bit.
template <class Model>
void check_round_trip(Model m, const typename Model::store& store, const metagrad::nn::dataset& d,
                      const std::string& path) {
  metagrad::io::save(path, m, store);
  typename Model::store loaded;
  metagrad::io::load(path, m, loaded);
  std::remove(path.c_str());
  for (std::size_t i = 0; i < Model::store::size; ++i) CHECK(loaded.value(i) == store.value(i));
  CHECK(metagrad::nn::predict_proba(m, loaded, d) == metagrad::nn::predict_proba(m, store, d));
}

}  // namespace test_support
