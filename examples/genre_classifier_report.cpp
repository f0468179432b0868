// genre_classifier: the evaluation report: the table per label and the averages, and its JSON
// and CSV.

#include <metagrad/io/binary_file.hpp>
#include <metagrad/metrics/ranking.hpp>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <optional>
#include <set>

#include "genre_classifier.hpp"

namespace genre_classifier {

// Labels worth a line of their own when there are too many to print: the most frequent, the
// worst and the best by F1 (of those with positives), in table order.
std::vector<std::size_t> labels_shown(const mm::scores& s) {
  const std::size_t n = s.per_label.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t(0));
  if (n <= 40) return order;
  std::set<std::size_t> shown;
  const auto take = [&](std::size_t count, auto better) {
    std::vector<std::size_t> ranked;
    for (std::size_t j : order)
      if (s.support[j] > 0) ranked.push_back(j);
    std::stable_sort(ranked.begin(), ranked.end(), better);
    for (std::size_t k = 0; k < std::min(count, ranked.size()); ++k) shown.insert(ranked[k]);
  };
  take(10, [&](auto x, auto y) { return s.support[x] > s.support[y]; });
  take(5, [&](auto x, auto y) { return s.per_label[x].f1 < s.per_label[y].f1; });
  take(5, [&](auto x, auto y) { return s.per_label[x].f1 > s.per_label[y].f1; });
  return {shown.begin(), shown.end()};
}

std::string threshold_text(double t) { return t > 1 ? "never" : std::to_string(t).substr(0, 5); }

// One row of the per-label table, as JSON (the CSV and the printed table are made from it).
nlohmann::json label_row(const std::string& name, const mm::scores& s,
                         const std::vector<std::optional<double>>& auc, double threshold,
                         std::size_t j) {
  const auto& p = s.per_label[j];
  return {{"name", name},
          {"support", s.support[j]},
          {"precision", p.precision},
          {"recall", p.recall},
          {"f1", p.f1},
          {"roc_auc", auc[j] ? nlohmann::json(*auc[j]) : nlohmann::json()},
          {"threshold", threshold},
          {"never_predicted", threshold > 1}};
}

std::string labels_csv(const nlohmann::json& labels) {
  std::string out = "label,support,precision,recall,f1,roc_auc,threshold\n";
  for (const auto& l : labels) {
    out += md::csv_field(l["name"].get<std::string>());
    for (const char* key : {"support", "precision", "recall", "f1", "roc_auc", "threshold"}) {
      out += ',';
      if (!l[key].is_null()) out += l[key].dump();
    }
    out += "\n";
  }
  return out;
}

// The evaluation: the table per label (or the labels that matter, when there are many) and the
// averages on stdout; the JSON report, with every label.
nlohmann::json report(const io::classifier_file& m, const matrix& y, const matrix& probabilities) {
  const matrix predicted = mm::threshold_scores(probabilities, m.thresholds).cast<float>();
  const mm::scores s = mm::score_predictions(y, predicted);
  const auto auc = mm::roc_auc_per_label(y, probabilities);
  nlohmann::json labels = nlohmann::json::array();
  for (std::size_t j = 0; j < m.labels.size(); ++j)
    labels.push_back(label_row(m.labels[j], s, auc, m.thresholds[j], j));
  const std::vector<std::size_t> shown = labels_shown(s);
  if (shown.size() < m.labels.size())
    std::printf(
        "\n%zu labels: the 10 most frequent, the 5 worst and the 5 best by F1 (every label "
        "in --report-json and --labels-csv)",
        m.labels.size());
  std::printf("\n%-28s %8s %9s %7s %7s %8s %9s\n", "label", "support", "precision", "recall", "f1",
              "roc_auc", "threshold");
  for (std::size_t j : shown) {
    const auto& p = s.per_label[j];
    std::printf("%-28s %8lld %9.3f %7.3f %7.3f %8s %9s\n", m.labels[j].substr(0, 28).c_str(),
                (long long)s.support[j], p.precision, p.recall, p.f1,
                auc[j] ? std::to_string(*auc[j]).substr(0, 5).c_str() : "-",
                threshold_text(m.thresholds[j]).c_str());
  }
  const std::size_t never = std::size_t(
      std::count_if(m.thresholds.begin(), m.thresholds.end(), [](double t) { return t > 1; }));
  if (never > 0)
    std::printf("%zu label%s never predicted (no positives in training)\n", never,
                never == 1 ? "" : "s");
  const auto macro_auc = mm::mean_defined(auc);
  std::printf("\n%-12s %9s %7s %7s\n", "average", "precision", "recall", "f1");
  for (const auto& [name, p] : {std::pair{"micro", s.micro},
                                {"macro", s.macro},
                                {"weighted", s.weighted},
                                {"samples", s.samples}})
    std::printf("%-12s %9.3f %7.3f %7.3f\n", name, p.precision, p.recall, p.f1);
  std::printf("hamming loss %.4f, subset accuracy %.4f, macro ROC-AUC %s, %lld rows\n",
              s.hamming_loss, s.subset_accuracy,
              macro_auc ? std::to_string(*macro_auc).c_str() : "-", (long long)y.rows());
  return {{"test",
           {{"f1_micro", s.micro.f1},
            {"f1_macro", s.macro.f1},
            {"f1_weighted", s.weighted.f1},
            {"f1_samples", s.samples.f1},
            {"precision_micro", s.micro.precision},
            {"recall_micro", s.micro.recall},
            {"hamming_loss", s.hamming_loss},
            {"subset_accuracy", s.subset_accuracy},
            {"roc_auc_macro", macro_auc ? nlohmann::json(*macro_auc) : nlohmann::json()}}},
          {"labels", labels}};
}

void write_json(const std::string& path, const nlohmann::json& j) {
  io::write_atomically(path, j.dump(2) + "\n");
}

}  // namespace genre_classifier
