// genre_classifier evaluate, predict, export and plot: what a trained model file is used for.

#include <metagrad/codegen/classifier_export.hpp>
#include <metagrad/data/select_columns.hpp>
#include <metagrad/io/learning_curves.hpp>
#include <metagrad/io/training_history.hpp>
#include <metagrad/metrics/thresholds.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <sstream>

#include "genre_classifier.hpp"

namespace genre_classifier {

int plot(int argc, char** argv) {
  const arguments a(argc, argv, {"history", "out"});
  if (a.help) {
    std::cout << usage_text;
    return 0;
  }
  const io::training_history h = io::read_training_history(find_data(a.required("history")));
  const std::string dir = a.output_directory("out");
  for (const std::string& picture : io::plot_learning_curves(h, dir))
    std::printf("wrote %s\n", picture.c_str());
  return 0;
}

// The model from --model, its thresholds replaced by --threshold T's when given.
classify::classifier model_with_threshold(const arguments& a) {
  const double threshold = a.number("threshold", -1, 0, 1);
  classify::classifier model = classify::classifier::load(a.required("model"));
  if (threshold >= 0) model.set_threshold(threshold);
  return model;
}

// The scores at global thresholds 0.05, 0.10, ..., 0.95, printed as a table; the JSON rows.
nlohmann::json threshold_sweep(const matrix& y, const matrix& probabilities) {
  nlohmann::json rows = nlohmann::json::array();
  std::printf("\n%-9s %8s %8s %8s %9s\n", "threshold", "micro-F1", "macro-F1", "hamming", "subset");
  for (int twentieths = 1; twentieths < 20; ++twentieths) {
    const double t = twentieths / 20.0;
    const std::vector<double> every(std::size_t(y.cols()), t);
    const mm::scores s = mm::score_predictions(y, mm::threshold_scores(probabilities, every));
    std::printf("%-9.2f %8.4f %8.4f %8.4f %9.4f\n", t, s.micro.f1, s.macro.f1, s.hamming_loss,
                s.subset_accuracy);
    rows.push_back({{"threshold", t},
                    {"f1_micro", s.micro.f1},
                    {"f1_macro", s.macro.f1},
                    {"hamming_loss", s.hamming_loss},
                    {"subset_accuracy", s.subset_accuracy}});
  }
  return rows;
}

int evaluate(int argc, char** argv) {
  const arguments a(argc, argv,
                    {"model", "data", "report-json", "labels-csv", "threads", "threshold"},
                    {"threshold-sweep"});
  if (a.help) {
    std::cout << usage_text;
    return 0;
  }
  const classify::classifier model = model_with_threshold(a);
  const io::classifier_file& m = model.file();
  const std::string report_path = a.output("report-json");
  const std::string labels_path = a.output("labels-csv");
  const md::csv_table t = md::read_csv(find_data(a.required("data")));
  const example_set e = examples(t, m, all_rows(t));
  const int threads = int(a.integer("threads", metagrad::exec::default_threads(), 1, 1024));
  std::printf("%s, %zu rows", t.file.c_str(), t.rows.size());
  const matrix probabilities = model.predict_proba(e, threads);
  nlohmann::json j = report(m, e.labels, probabilities);
  if (a.has("threshold-sweep")) j["threshold_sweep"] = threshold_sweep(e.labels, probabilities);
  if (!report_path.empty()) write_json(report_path, j);
  if (!labels_path.empty()) io::write_atomically(labels_path, labels_csv(j["labels"]));
  return 0;
}

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
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    std::vector<std::size_t> order(m.labels.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](auto x, auto y) { return p(i, Eigen::Index(x)) > p(i, Eigen::Index(y)); });
    std::string line;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::size_t j = order[k];
      const bool chosen = top > 0 ? long(k) < top : p(i, Eigen::Index(j)) >= m.thresholds[j];
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

// The model file's name as a C++ identifier: "models/yeast-v2.model" -> "yeast_v2".
std::string name_of(const std::string& path) {
  std::string out;
  for (const char c : std::filesystem::path(path).stem().string())
    out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "model_" + out;
  return out;
}

int export_model(int argc, char** argv) {
  const arguments a(argc, argv, {"model", "out", "name"});
  if (a.help) {
    std::cout << usage_text;
    return 0;
  }
  const std::string model_path = a.required("model");
  const io::classifier_file m = io::load(model_path);
  const std::string name = a.has("name") ? a.text("name") : name_of(model_path);
  const auto e = metagrad::codegen::export_classifier(m, name, model_path);
  const std::string dir = a.output_directory("out");
  metagrad::codegen::write_files(e.code, dir);
  io::write_atomically(dir + "/" + name + ".dot", e.dot);
  std::printf("wrote %s/%s.hpp, %s.cpp (%zu KB) and %s.dot: %s::predict_proba, %zu labels\n",
              dir.c_str(), name.c_str(), name.c_str(), e.code.source.size() / 1024, name.c_str(),
              name.c_str(), m.labels.size());
  return 0;
}

}  // namespace genre_classifier
