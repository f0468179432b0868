// genre_classifier predict: each row's (or one text's) labels from a model file, and optionally
// every probability as CSV.

#include <metagrad/metrics/scores.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <sstream>

#include "genre_classifier.hpp"

namespace genre_classifier {

int predict(int argc, char** argv) {
  const arguments a(argc, argv,
                    {"model", "text", "data", "top", "probabilities-csv", "threads", "threshold"});
  if (a.help) {
    std::cout << usage_text;
    return 0;
  }
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
  const io::classifier_file& m = model.file();
  const std::string probabilities_path = a.output("probabilities-csv");
  const int threads = int(a.integer("threads", metagrad::exec::default_threads(), 1, 1024));
  const matrix p = model.predict_proba(e, threads);
  const long top = a.integer("top", 0, 0, 1 << 20);
  const Eigen::MatrixXd at_threshold = mm::threshold_scores(p, m.thresholds);
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    std::vector<std::size_t> order(m.labels.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](auto x, auto y) { return p(i, Eigen::Index(x)) > p(i, Eigen::Index(y)); });
    std::string line;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::size_t j = order[k];
      const bool chosen = top > 0 ? long(k) < top : at_threshold(i, Eigen::Index(j)) != 0;
      if (!chosen) continue;
      char buf[64];
      std::snprintf(buf, sizeof buf, " (%.3f)", p(i, Eigen::Index(j)));
      line += (line.empty() ? "" : ", ") + m.labels[j] + buf;
    }
    std::printf("%s\n", line.empty() ? "(no label)" : line.c_str());
  }
  if (!probabilities_path.empty()) {
    std::ostringstream out;
    for (std::size_t j = 0; j < m.labels.size(); ++j)
      out << (j ? "," : "") << md::csv_field(m.labels[j]);
    out << "\n";
    out.precision(9);
    for (Eigen::Index i = 0; i < p.rows(); ++i)
      for (Eigen::Index j = 0; j < p.cols(); ++j) out << p(i, j) << (j + 1 < p.cols() ? "," : "\n");
    io::write_atomically(probabilities_path, out.str());
  }
  return 0;
}

}  // namespace genre_classifier
