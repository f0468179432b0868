// Multi-label metrics against scikit-learn 1.2.1 (../shared/reference/metrics.json): scores at a
// threshold, per-label confusion matrices, ROC-AUC and average precision with ties, ranking
// metrics, and balanced sample weights; plus the threshold tuning.
#include <metagrad/metrics/ranking.hpp>
#include <metagrad/metrics/scores.hpp>
#include <metagrad/metrics/thresholds.hpp>
#include <metagrad/nn/class_weights.hpp>

#include <catch2/catch.hpp>

#include "support/reference.hpp"

namespace mm = metagrad::metrics;
using matrix_t = Eigen::MatrixXd;
using namespace metagrad::testing;

namespace {

const nlohmann::json& cases() {
  static const nlohmann::json reference = load_reference("metrics.json");
  return reference["metric_cases"];
}

bool same(double a, double b) { return std::abs(a - b) <= 1e-12 + 1e-12 * std::abs(b); }

// Runs `check(case, truth, scores, predicted, results)` on every reference case.
template <class Check>
void for_each_case(Check check) {
  for (const auto& c : cases()) {
    const Eigen::MatrixXd truth = matrix<double>(c["y_true"]),
                          y_score = matrix<double>(c["y_score"]);
    const Eigen::MatrixXd predicted =
        (y_score.array() >= c["threshold"].get<double>()).cast<double>().matrix();
    INFO(c["note"].get<std::string>());
    check(truth, y_score, predicted, c["results"]);
  }
}

void check_optional(const std::vector<std::optional<double>>& got, const nlohmann::json& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t j = 0; j < got.size(); ++j) {
    INFO("label " << j);
    CHECK(got[j].has_value() == !want[j].is_null());
    if (got[j] && !want[j].is_null()) CHECK(same(*got[j], want[j].get<double>()));
  }
}

}  // namespace

TEST_CASE("precision, recall and F1 match scikit-learn in every averaging", "[metrics]") {
  for_each_case([](const matrix_t& truth, const matrix_t&, const matrix_t& predicted,
                   const nlohmann::json& r) {
    const mm::scores s = mm::score_predictions(truth, predicted);
    const std::pair<const char*, const mm::prf*> averages[] = {{"micro", &s.micro},
                                                               {"macro", &s.macro},
                                                               {"weighted", &s.weighted},
                                                               {"samples", &s.samples}};
    for (const auto& [name, p] : averages) {
      INFO(name);
      CHECK(same(p->precision, r[std::string("precision_") + name].get<double>()));
      CHECK(same(p->recall, r[std::string("recall_") + name].get<double>()));
      CHECK(same(p->f1, r[std::string("f1_") + name].get<double>()));
    }
    for (std::size_t j = 0; j < s.per_label.size(); ++j)
      CHECK(same(s.per_label[j].f1, r["f1_per_label"][j].get<double>()));
  });
}

TEST_CASE("hamming loss, subset accuracy and sample Jaccard match scikit-learn", "[metrics]") {
  for_each_case([](const matrix_t& truth, const matrix_t&, const matrix_t& predicted,
                   const nlohmann::json& r) {
    const mm::scores s = mm::score_predictions(truth, predicted);
    CHECK(same(s.hamming_loss, r["hamming_loss"].get<double>()));
    CHECK(same(s.subset_accuracy, r["subset_accuracy"].get<double>()));
    CHECK(same(s.jaccard_samples, r["jaccard_samples"].get<double>()));
  });
}

TEST_CASE("per-label confusion matrices match scikit-learn's [[tn, fp], [fn, tp]]", "[metrics]") {
  for_each_case([](const matrix_t& truth, const matrix_t&, const matrix_t& predicted,
                   const nlohmann::json& r) {
    const auto per_label = mm::confusion_per_label(truth, predicted);
    for (std::size_t j = 0; j < per_label.size(); ++j) {
      const auto& m = r["multilabel_confusion_matrix"][j];
      CHECK(per_label[j].tn == m[0][0].get<long>());
      CHECK(per_label[j].fp == m[0][1].get<long>());
      CHECK(per_label[j].fn == m[1][0].get<long>());
      CHECK(per_label[j].tp == m[1][1].get<long>());
    }
  });
}

TEST_CASE("ROC-AUC per label, macro over defined labels and micro match scikit-learn",
          "[metrics]") {
  for_each_case(
      [](const matrix_t& truth, const matrix_t& y_score, const matrix_t&, const nlohmann::json& r) {
        const auto per_label = mm::roc_auc_per_label(truth, y_score);
        check_optional(per_label, r["roc_auc_per_label"]);
        CHECK(same(mm::mean_defined(per_label).value(),
                   r["roc_auc_macro_defined_labels"].get<double>()));
        CHECK(same(mm::roc_auc_micro(truth, y_score).value(), r["roc_auc_micro"].get<double>()));
      });
}

TEST_CASE("average precision per label matches scikit-learn, ties included", "[metrics]") {
  for_each_case(
      [](const matrix_t& truth, const matrix_t& y_score, const matrix_t&, const nlohmann::json& r) {
        check_optional(mm::average_precision_per_label(truth, y_score),
                       r["average_precision_per_label"]);
      });
}

TEST_CASE("coverage error and label ranking loss match scikit-learn", "[metrics]") {
  for_each_case(
      [](const matrix_t& truth, const matrix_t& y_score, const matrix_t&, const nlohmann::json& r) {
        CHECK(same(mm::coverage_error(truth, y_score), r["coverage_error"].get<double>()));
        CHECK(same(mm::label_ranking_loss(truth, y_score), r["label_ranking_loss"].get<double>()));
      });
}

TEST_CASE("balanced sample weights match scikit-learn's compute_sample_weight", "[metrics]") {
  for_each_case(
      [](const matrix_t& truth, const matrix_t&, const matrix_t&, const nlohmann::json& r) {
        const Eigen::VectorXd w = metagrad::nn::balanced_sample_weights(truth);
        for (Eigen::Index i = 0; i < w.size(); ++i)
          CHECK(same(w(i), r["sample_weight_balanced"][std::size_t(i)].get<double>()));
      });
}

TEST_CASE("label-f1 thresholds give each label its best F1 and never lower it", "[metrics]") {
  for_each_case([](const matrix_t& truth, const matrix_t& y_score, const matrix_t& predicted,
                   const nlohmann::json&) {
    const auto t = mm::tune_thresholds(truth, y_score, mm::threshold_objective::label_f1);
    const mm::scores tuned = mm::score_predictions(truth, mm::threshold_scores(y_score, t));
    const mm::scores fixed = mm::score_predictions(truth, predicted);
    for (std::size_t j = 0; j < t.size(); ++j) {
      CHECK(tuned.per_label[j].f1 >= fixed.per_label[j].f1);
      // No other cut of this label's scores does better.
      for (Eigen::Index i = 0; i < y_score.rows(); ++i) {
        std::vector<double> other = t;
        other[j] = y_score(i, Eigen::Index(j));
        const auto s = mm::score_predictions(truth, mm::threshold_scores(y_score, other));
        CHECK(s.per_label[j].f1 <= tuned.per_label[j].f1 + 1e-12);
      }
    }
  });
}

TEST_CASE("a micro-f1 threshold is one value that does not lower micro-F1", "[metrics]") {
  for_each_case([](const matrix_t& truth, const matrix_t& y_score, const matrix_t& predicted,
                   const nlohmann::json&) {
    const auto t = mm::tune_thresholds(truth, y_score, mm::threshold_objective::micro_f1);
    CHECK(std::all_of(t.begin(), t.end(), [&](double v) { return v == t.front(); }));
    const auto tuned = mm::score_predictions(truth, mm::threshold_scores(y_score, t));
    CHECK(tuned.micro.f1 >= mm::score_predictions(truth, predicted).micro.f1);
  });
  CHECK(mm::tune_thresholds(Eigen::MatrixXd::Zero(2, 3), Eigen::MatrixXd::Ones(2, 3),
                            mm::parse_threshold_objective("none")) == std::vector<double>(3, 0.5));
  CHECK_THROWS_WITH(mm::parse_threshold_objective("f1"),
                    "threshold objective 'f1': expected auto, label-f1, micro-f1, hamming or none");
}

// Every cut of the scores (each score, and above the top one) against the tuned threshold: none
// makes fewer wrong labels. The oracle is the hamming loss as score_predictions counts it.
TEST_CASE("a hamming threshold is one value that no other cut beats on hamming loss", "[metrics]") {
  const auto check = [](const matrix_t& truth, const matrix_t& y_score) {
    const auto t = mm::tune_thresholds(truth, y_score, mm::parse_threshold_objective("hamming"));
    CHECK(std::all_of(t.begin(), t.end(), [&](double v) { return v == t.front(); }));
    const auto loss = [&](double threshold) {
      const std::vector<double> every(std::size_t(truth.cols()), threshold);
      return mm::score_predictions(truth, mm::threshold_scores(y_score, every)).hamming_loss;
    };
    const double tuned = loss(t.front());
    CHECK(tuned <= loss(y_score.maxCoeff() + 1) + 1e-12);
    for (Eigen::Index k = 0; k < y_score.size(); ++k) CHECK(tuned <= loss(y_score(k)) + 1e-12);
    return t.front();
  };
  for_each_case([&](const matrix_t& truth, const matrix_t& y_score, const matrix_t&,
                    const nlohmann::json&) { check(truth, y_score); });
  // Rare positives scored low: predicting none is best, and the threshold is above every score
  // (a micro-F1 threshold would predict some).
  matrix_t truth = matrix_t::Zero(6, 2), y_score(6, 2);
  truth(0, 0) = 1;
  y_score << 0.3, 0.1, 0.2, 0.4, 0.35, 0.05, 0.1, 0.2, 0.15, 0.1, 0.05, 0.3;
  // (above it as a float too, as exported code keeps thresholds)
  const double none = check(truth, y_score);
  CHECK(none > y_score.maxCoeff());
  CHECK(float(none) > float(y_score.maxCoeff()));
  // No positives at all: predicting none makes no mistake (scores above 0.5, so that the
  // threshold F1 keeps, 0.5, would not do).
  const matrix_t high = y_score.array() + 0.5;
  CHECK(check(matrix_t::Zero(6, 2), high) > high.maxCoeff());
  // F1 has nothing to find there: 0.5.
  for (const char* objective : {"label-f1", "micro-f1"})
    CHECK(
        mm::tune_thresholds(matrix_t::Zero(6, 2), high, mm::parse_threshold_objective(objective)) ==
        std::vector<double>(2, 0.5));
  // Float scores get float thresholds (as exported code holds them) that divide them as the
  // midpoint does.
  const Eigen::MatrixXf float_scores = (y_score.array() + 0.01).cast<float>() / 3;
  for (const char* objective : {"label-f1", "micro-f1", "hamming"}) {
    const auto t =
        mm::tune_thresholds(truth, float_scores, mm::parse_threshold_objective(objective));
    for (std::size_t j = 0; j < t.size(); ++j) {
      CHECK(double(float(t[j])) == t[j]);
      for (Eigen::Index i = 0; i < float_scores.rows(); ++i)
        CHECK((float_scores(i, Eigen::Index(j)) >= float(t[j])) ==
              (double(float_scores(i, Eigen::Index(j))) >= t[j]));
    }
  }
  // A clean cut: the threshold falls midway between the classes.
  y_score << 0.9, 0.1, 0.2, 0.4, 0.35, 0.05, 0.1, 0.2, 0.15, 0.1, 0.05, 0.3;
  CHECK(check(truth, y_score) == Approx((0.9 + 0.4) / 2));
}
