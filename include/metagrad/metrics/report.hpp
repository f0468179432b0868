// report: a multi-label evaluation as a user reads it — each label's support, precision, recall,
// F1, ROC-AUC and threshold; the micro, macro, weighted and samples averages; hamming loss,
// subset accuracy and macro ROC-AUC — as a printed table (with many labels only those that
// matter: the 10 most frequent, the 5 worst and the 5 best by F1) and as CSV, one line per label.
// A threshold above 1 is a label never predicted (no positives in training).
#pragma once

#include "metagrad/data/csv.hpp"
#include "metagrad/metrics/ranking.hpp"
#include "metagrad/metrics/scores.hpp"
#include "metagrad/metrics/thresholds.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace metagrad::metrics {

struct report {
  std::vector<std::string> labels;
  std::vector<double> thresholds;
  scores s;
  std::vector<std::optional<double>> roc_auc;  // per label; none without both classes
  std::optional<double> macro_roc_auc;
  long rows = 0;

  // The labels worth a line of their own: all up to 40, else the most frequent, the worst and
  // the best by F1 (of those with positives), in table order.
  std::vector<std::size_t> shown() const {
    const std::size_t n = labels.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    if (n <= 40) return order;
    std::set<std::size_t> kept;
    const auto take = [&](std::size_t count, auto better) {
      std::vector<std::size_t> ranked;
      for (std::size_t j : order)
        if (s.support[j] > 0) ranked.push_back(j);
      std::stable_sort(ranked.begin(), ranked.end(), better);
      for (std::size_t k = 0; k < std::min(count, ranked.size()); ++k) kept.insert(ranked[k]);
    };
    take(10, [&](auto x, auto y) { return s.support[x] > s.support[y]; });
    take(5, [&](auto x, auto y) { return s.per_label[x].f1 < s.per_label[y].f1; });
    take(5, [&](auto x, auto y) { return s.per_label[x].f1 > s.per_label[y].f1; });
    return {kept.begin(), kept.end()};
  }

  // The printed report: the table per label (those shown()) and the averages.
  std::string table() const {
    std::string out;
    const auto line = [&](const char* format, auto... values) {
      char buffer[256];
      std::snprintf(buffer, sizeof buffer, format, values...);
      out += buffer;
    };
    const std::vector<std::size_t> rows_shown = shown();
    if (rows_shown.size() < labels.size())
      line(
          "\n%zu labels: the 10 most frequent, the 5 worst and the 5 best by F1 (every label "
          "in --report-json and --labels-csv)",
          labels.size());
    line("\n%-28s %8s %9s %7s %7s %8s %9s\n", "label", "support", "precision", "recall", "f1",
         "roc_auc", "threshold");
    for (std::size_t j : rows_shown) {
      const prf& p = s.per_label[j];
      line("%-28s %8lld %9.3f %7.3f %7.3f %8s %9s\n", labels[j].substr(0, 28).c_str(),
           (long long)s.support[j], p.precision, p.recall, p.f1, text(roc_auc[j]).c_str(),
           thresholds[j] > 1 ? "never" : std::to_string(thresholds[j]).substr(0, 5).c_str());
    }
    const auto never =
        std::count_if(thresholds.begin(), thresholds.end(), [](double t) { return t > 1; });
    if (never > 0)
      line("%ld label%s never predicted (no positives in training)\n", long(never),
           never == 1 ? "" : "s");
    line("\n%-12s %9s %7s %7s\n", "average", "precision", "recall", "f1");
    for (const auto& [name, p] : {std::pair{"micro", s.micro},
                                  {"macro", s.macro},
                                  {"weighted", s.weighted},
                                  {"samples", s.samples}})
      line("%-12s %9.3f %7.3f %7.3f\n", name, p.precision, p.recall, p.f1);
    line("hamming loss %.4f, subset accuracy %.4f, macro ROC-AUC %s, %ld rows\n", s.hamming_loss,
         s.subset_accuracy, macro_roc_auc ? std::to_string(*macro_roc_auc).c_str() : "-", rows);
    return out;
  }

  // Every label, one CSV line each (names quoted where CSV needs it; no ROC-AUC: empty).
  std::string labels_csv() const {
    std::string out = "label,support,precision,recall,f1,roc_auc,threshold\n";
    for (std::size_t j = 0; j < labels.size(); ++j) {
      const prf& p = s.per_label[j];
      out.append(data::csv_field(labels[j])).append(",").append(std::to_string(s.support[j]));
      for (const double x : {p.precision, p.recall, p.f1}) out.append(",").append(number(x));
      out.append(",").append(roc_auc[j] ? number(*roc_auc[j]) : "");
      out.append(",").append(number(thresholds[j])).append("\n");
    }
    return out;
  }

 private:
  static std::string text(const std::optional<double>& x) {
    return x ? std::to_string(*x).substr(0, 5) : "-";
  }
  static std::string number(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", x);
    return buffer;
  }
};

// The report of `probabilities` against the 0/1 truth `y`, each label cut at its threshold.
inline report make_report(const std::vector<std::string>& labels,
                          const std::vector<double>& thresholds, const Eigen::MatrixXf& y,
                          const Eigen::MatrixXf& probabilities) {
  report r{labels, thresholds, {}, {}, {}, long(y.rows())};
  r.s = score_predictions(y, threshold_scores(probabilities, thresholds).cast<float>());
  r.roc_auc = roc_auc_per_label(y, probabilities);
  r.macro_roc_auc = mean_defined(r.roc_auc);
  return r;
}

}  // namespace metagrad::metrics
