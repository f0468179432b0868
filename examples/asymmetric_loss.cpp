// Losses written as a few lines of expression, their gradients derived by the compiler: the
// asymmetric loss (Ridnik et al., ICCV 2021; the library's, ops/asymmetric_loss.hpp), which
// down-weights the many easy negatives of multi-label data and discards the most confident ones
// (the probability margin), and the soft macro-F1 loss, which a user writes here
// (user_losses.hpp). Trains the same network on yeast with BCE and with each, and prints the
// test reports: every label predicted where its probability reaches 0.5, and the threshold-free
// macro ROC-AUC (these losses shift probabilities, so 0.5 is not their cut; the genre classifier
// tunes one per label).
//
//   asymmetric_loss [--train FILE] [--test FILE]     (MULAN yeast by default)
#include <metagrad/data/columns.hpp>
#include <metagrad/data/find_data.hpp>
#include <metagrad/metagrad.hpp>
#include <metagrad/metrics/ranking.hpp>
#include <metagrad/nn/dense.hpp>
#include <metagrad/nn/dropout.hpp>
#include <metagrad/nn/fit.hpp>
#include <metagrad/nn/predict.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "user_losses.hpp"

namespace mg = metagrad;
namespace md = metagrad::data;
namespace nn = metagrad::nn;
namespace metrics = metagrad::metrics;

namespace {

constexpr auto x = mg::input<"x">;
constexpr auto logits =
    nn::dense<"out", mg::dyn>(nn::dropout<"h", 0.3>(mg::relu(nn::dense<"h", 256>(x))));
constexpr auto bce = nn::multilabel(logits);
constexpr auto asl = nn::multilabel(logits, [](auto z, auto y) {
  return mg::mean(mg::asymmetric_loss(z, y, mg::scalar<"gamma_pos">, mg::scalar<"gamma_neg">,
                                      mg::scalar<"margin">));
});
constexpr auto soft_f1 = nn::multilabel(
    logits, [](auto z, auto y) { return soft_macro_f1_loss(z, y, mg::scalar<"eps">); });

// Features are the columns f*, labels Class*: MULAN's yeast as the repository's data has it.
md::labelled_rows read(const std::string& file) {
  return md::read_labelled_rows(md::find_data(file), "f*", "Class*");
}

// Trains `model` and prints its test report.
template <class Model>
void train_and_report(const char* name, Model model, const md::labelled_rows& train,
                      const md::labelled_rows& test, nn::fit_options o) {
  typename Model::store parameters;
  nn::fit(model, parameters, nn::dataset(x = train.features).with_labels(train.labels), o);
  const nn::dataset rows = nn::dataset(x = test.features).with_labels(test.labels);
  const auto s = nn::evaluate(model, parameters, rows);
  const auto auc = metrics::mean_defined(
      metrics::roc_auc_per_label(test.labels, nn::predict_proba(model, parameters, rows)));
  std::printf("%-16s micro-F1 %.4f  macro-F1 %.4f  hamming loss %.4f  macro ROC-AUC %.4f\n", name,
              s.micro.f1, s.macro.f1, s.hamming_loss, auc.value_or(0));
}

}  // namespace

int main(int argc, char** argv) try {
  const auto arg = [&](const std::string& name, const char* fallback) {
    for (int i = 1; i + 1 < argc; ++i)
      if (argv[i] == "--" + name) return std::string(argv[i + 1]);
    return std::string(fallback);
  };
  const md::labelled_rows train = read(arg("train", "mulan/yeast-train.csv"));
  const md::labelled_rows test = read(arg("test", "mulan/yeast-test.csv"));
  nn::fit_options o;
  o.epochs = 60, o.validation_split = 0.15, o.patience = 5;
  o.monitor = nn::monitor_kind::micro_f1;
  std::printf("test rows %ld, threshold 0.5\n", long(test.labels.rows()));
  train_and_report("BCE", bce, train, test, o);
  o.scalars = {{"gamma_pos", 0}, {"gamma_neg", 4}, {"margin", 0.05}};  // the paper's defaults
  train_and_report("asymmetric loss", asl, train, test, o);
  o.scalars = {{"eps", 1e-6}};
  train_and_report("soft macro-F1", soft_f1, train, test, o);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "asymmetric_loss: " << e.what() << "\n";
  return 1;
}
