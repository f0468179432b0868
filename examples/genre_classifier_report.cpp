// genre_classifier: the evaluation report (metrics/report.hpp) printed, and as JSON and CSV.
#include <metagrad/io/binary_file.hpp>
#include <metagrad/metrics/report.hpp>

#include <cstdio>

#include "genre_classifier.hpp"

namespace genre_classifier {

namespace {
nlohmann::json optional_number(const std::optional<double>& x) {
  return x ? nlohmann::json(*x) : nlohmann::json();
}
}  // namespace

run_report report(const io::classifier_file& m, const matrix& y, const matrix& probabilities) {
  const mm::report r = mm::make_report(m.labels, m.thresholds, y, probabilities);
  std::fputs(r.table().c_str(), stdout);
  nlohmann::json labels = nlohmann::json::array();
  for (std::size_t j = 0; j < m.labels.size(); ++j) {
    const auto& p = r.s.per_label[j];
    labels.push_back({{"name", m.labels[j]},
                      {"support", r.s.support[j]},
                      {"precision", p.precision},
                      {"recall", p.recall},
                      {"f1", p.f1},
                      {"roc_auc", optional_number(r.roc_auc[j])},
                      {"threshold", m.thresholds[j]},
                      {"never_predicted", m.thresholds[j] > 1}});
  }
  const mm::scores& s = r.s;
  return {{{"test",
            {{"f1_micro", s.micro.f1},
             {"f1_macro", s.macro.f1},
             {"f1_weighted", s.weighted.f1},
             {"f1_samples", s.samples.f1},
             {"precision_micro", s.micro.precision},
             {"recall_micro", s.micro.recall},
             {"hamming_loss", s.hamming_loss},
             {"subset_accuracy", s.subset_accuracy},
             {"roc_auc_macro", optional_number(r.macro_roc_auc)}}},
           {"labels", labels}},
          r.labels_csv()};
}

void run_report::write(const std::string& json_path, const std::string& csv_path) const {
  if (!json_path.empty()) io::write_atomically(json_path, json.dump(2) + "\n");
  if (!csv_path.empty() && !labels_csv.empty()) io::write_atomically(csv_path, labels_csv);
}

}  // namespace genre_classifier
