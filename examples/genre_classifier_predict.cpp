// genre_classifier predict: each row's (or one text's) labels from a model file, and optionally
// every probability as CSV.
#include <metagrad/classify/ranked_labels.hpp>

#include <cstdio>
#include <utility>

#include "genre_classifier.hpp"

namespace genre_classifier {

int predict(int argc, char** argv) {
  const arguments a = command_arguments(argc, argv);
  if (a.has("text") == a.has("data")) throw usage_error("give either --text or --data");
  if (a.has("top") && a.has("threshold"))
    throw usage_error("give either --top (the K likeliest labels) or --threshold, not both");
  const double threshold = a.number("threshold", -1, 0, 1);
  // Only the features the rows use are loaded: one text does not dequantize every first layer.
  auto [model, e] =
      a.has("text")
          ? classify::classifier::load_for(a.required("model"), std::vector{a.text("text")})
          : classify::classifier::load_for(a.required("model"),
                                           md::read_csv(find_data(a.text("data"))));
  if (threshold >= 0) model.set_threshold(threshold);
  const std::string probabilities_path = a.output("probabilities-csv");
  const int threads = int(a.integer("threads", metagrad::exec::default_threads(), 1, 1024));
  const matrix p = model.predict_proba(e, threads);
  const long top = a.integer("top", 0, 0, 1 << 20);
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    const char* separator = "";
    for (const auto& [j, probability] : classify::ranked_labels(p.row(i), model.thresholds(), top))
      std::printf("%s%s (%.3f)", std::exchange(separator, ", "), model.labels()[j].c_str(),
                  probability);
    std::printf("%s\n", *separator ? "" : "(no label)");
  }
  if (!probabilities_path.empty())
    io::write_atomically(probabilities_path, md::matrix_csv(model.labels(), p));
  return 0;
}

}  // namespace genre_classifier
