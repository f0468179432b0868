// genre_classifier evaluate: a model file's report on labelled rows, at its thresholds or one
// given, and optionally the scores at a sweep of global thresholds.
#include <metagrad/metrics/threshold_sweep.hpp>

#include <cstdio>

#include "genre_classifier.hpp"

namespace genre_classifier {

// The scores at global thresholds 0.05, 0.10, ..., 0.95, printed as a table; the JSON rows.
nlohmann::json threshold_sweep(const matrix& y, const matrix& probabilities) {
  nlohmann::json rows = nlohmann::json::array();
  std::printf("\n%-9s %8s %8s %8s %9s\n", "threshold", "micro-F1", "macro-F1", "hamming", "subset");
  for (const auto& [t, s] : mm::threshold_sweep(y, probabilities)) {
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
  const arguments a = command_arguments(argc, argv, {"threshold-sweep"});
  const double threshold = a.number("threshold", -1, 0, 1);
  classify::classifier model = classify::classifier::load(a.required("model"));
  if (threshold >= 0) model.set_threshold(threshold);
  const io::classifier_file& m = model.file();
  const std::string report_path = a.output("report-json");
  const std::string labels_path = a.output("labels-csv");
  const md::csv_table t = md::read_csv(find_data(a.required("data")));
  const example_set e = examples(t, m, all_rows(t));
  const int threads = int(a.integer("threads", metagrad::exec::default_threads(), 1, 1024));
  std::printf("%s, %zu rows", t.file.c_str(), t.rows.size());
  const matrix probabilities = model.predict_proba(e, threads);
  run_report r = report(m, e.labels, probabilities);
  if (a.has("threshold-sweep"))
    r.json["threshold_sweep"] = threshold_sweep(e.labels, probabilities);
  r.write(report_path, labels_path);
  return 0;
}

}  // namespace genre_classifier
