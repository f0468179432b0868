// A deeper network than the genre classifier's, written as one expression and trained by nn::fit:
// features -> 256 relu -> dropout -> 128 relu -> dropout -> a sigmoid unit per label, BCE, Adam,
// early stopping on a 15% validation split. The library finds the six parameters in the
// expression, sizes the first and last layers from the data (103 features and 14 labels for
// yeast), initializes each by its role (He before a relu, Glorot otherwise), derives the gradient
// and plans every buffer. Prints the test report. Any table of f* features and Class* labels.
//
//   deep_mlp [--train FILE] [--test FILE] [--epochs N] [--seed S]     (MULAN yeast by default)
#include <metagrad/data/columns.hpp>
#include <metagrad/data/find_data.hpp>
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/predict.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

#include "deep_mlp_model.hpp"

namespace md = metagrad::data;
namespace nn = metagrad::nn;
using deep_mlp::model, deep_mlp::x;

namespace {

// Features are the columns f*, labels Class*: MULAN's yeast as the repository's data has it.
md::labelled_rows read(const std::string& file) {
  return md::read_labelled_rows(md::find_data(file), "f*", "Class*");
}

// --name value pairs, each name one of `defaults`.
std::map<std::string, std::string> options(int argc, char** argv,
                                           std::map<std::string, std::string> defaults) {
  for (int i = 1; i < argc; i += 2) {
    const std::string name = std::string(argv[i]).substr(2);
    if (!defaults.count(name) || i + 1 >= argc)
      throw std::invalid_argument(std::string("unknown argument or missing value: ") + argv[i]);
    defaults[name] = argv[i + 1];
  }
  return defaults;
}

}  // namespace

int main(int argc, char** argv) try {
  auto a = options(argc, argv,
                   {{"train", "mulan/yeast-train.csv"},
                    {"test", "mulan/yeast-test.csv"},
                    {"epochs", "60"},
                    {"seed", "42"}});
  const md::labelled_rows train = read(a["train"]), test = read(a["test"]);

  nn::fit_options o;
  o.epochs = std::stoi(a["epochs"]);
  o.seed = std::stoul(a["seed"]);
  o.validation_split = 0.15;
  o.patience = 5;
  o.monitor = nn::monitor_kind::micro_f1;
  o.on_epoch = [](const nn::epoch_record& r) {
    std::printf("epoch %2d  loss %.4f  validation loss %.4f  micro-F1 %.4f\n", r.epoch,
                r.train_loss, r.validation_loss, r.validation_micro_f1);
  };
  decltype(model)::store parameters;
  const auto history =
      nn::fit(model, parameters, nn::dataset(x = train.features).with_labels(train.labels), o);

  const auto s =
      nn::evaluate(model, parameters, nn::dataset(x = test.features).with_labels(test.labels));
  for (const auto& r : history)
    if (r.kept) std::printf("kept epoch %d of %zu\n", r.epoch, history.size());
  std::printf("test rows %ld: micro-F1 %.4f  macro-F1 %.4f  hamming loss %.4f (threshold 0.5)\n",
              long(test.labels.rows()), s.micro.f1, s.macro.f1, s.hamming_loss);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "deep_mlp: " << e.what() << "\n";
  return 1;
}
