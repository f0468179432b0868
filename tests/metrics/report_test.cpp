// The evaluation report: its table (each label's line, the averages, labels never predicted), its
// CSV (a line per label, names quoted), and with many labels the ones worth a line of their own.
#include <metagrad/metrics/report.hpp>
#include <metagrad/metrics/threshold_sweep.hpp>

#include <catch2/catch.hpp>

namespace mm = metagrad::metrics;
using matrix = Eigen::MatrixXf;

TEST_CASE("a report prints each label and the averages, and writes them as CSV", "[report]") {
  matrix y(4, 3), p(4, 3);
  y << 1, 0, 0,  //
      1, 1, 0,   //
      0, 1, 0,   //
      0, 0, 0;
  p << 0.9, 0.2, 0.1,  //
      0.4, 0.8, 0.2,   //
      0.2, 0.3, 0.3,   //
      0.1, 0.1, 0.4;
  // "a, b" is cut at 0.5 (one of its two found), "drama" at 0.3, "never" is never predicted.
  const mm::report r = mm::make_report({"a, b", "drama", "never"}, {0.5, 0.3, 2}, y, p);
  CHECK(r.rows == 4);
  CHECK(r.s.per_label[0].recall == 0.5);
  CHECK(r.s.per_label[1].f1 == 1.0);
  CHECK(!r.roc_auc[2]);  // no positives: undefined, left out of the macro average
  REQUIRE(r.macro_roc_auc);
  CHECK(*r.macro_roc_auc == Approx(1.0));
  const std::string table = r.table();
  CHECK_THAT(table,
             Catch::Contains("a, b                                2     1.000   0.500   0.667 "
                             "   1.000     0.500"));
  CHECK_THAT(table,
             Catch::Contains("never                               0     0.000   0.000   0.000 "
                             "       -     never"));
  CHECK_THAT(table, Catch::Contains("1 label never predicted (no positives in training)"));
  CHECK_THAT(table, Catch::Contains("micro            1.000   0.750   0.857"));
  CHECK_THAT(table, Catch::Contains("hamming loss 0.0833, subset accuracy 0.7500, macro ROC-AUC "
                                    "1.000000, 4 rows"));
  CHECK(r.labels_csv() ==
        "label,support,precision,recall,f1,roc_auc,threshold\n"
        "\"a, b\",2,1,0.5,0.66666666666666663,1,0.5\n"
        "drama,2,1,1,1,1,0.29999999999999999\n"
        "never,0,0,0,0,,2\n");
}

TEST_CASE("with many labels, the frequent, the worst and the best are shown", "[report]") {
  const int n = 50;
  matrix y = matrix::Zero(100, n), p = matrix::Zero(100, n);
  std::vector<std::string> names;
  for (int j = 0; j < n; ++j) {
    names.push_back(std::string("l").append(std::to_string(j)));
    for (int i = 0; i <= j; ++i) y(i, j) = 1;             // label j has j + 1 positives
    for (int i = 0; i <= j; i += 1 + j % 3) p(i, j) = 1;  // and every (1 + j % 3)-th is found
  }
  const mm::report r = mm::make_report(names, std::vector<double>(n, 0.5), y, p);
  const std::vector<std::size_t> shown = r.shown();
  CHECK(shown.size() <= 20);
  CHECK(std::is_sorted(shown.begin(), shown.end()));
  for (int j = 40; j < 50; ++j)  // the ten most frequent
    CHECK(std::find(shown.begin(), shown.end(), std::size_t(j)) != shown.end());
  CHECK_THAT(r.table(), Catch::StartsWith("\n50 labels: the 10 most frequent, the 5 worst"));
}

TEST_CASE("the threshold sweep: nineteen global cuts, each scored as one cut is", "[metrics]") {
  const matrix y = (matrix(3, 2) << 1, 0, 0, 1, 1, 1).finished();
  const matrix p = (matrix(3, 2) << 0.9f, 0.2f, 0.3f, 0.55f, 0.6f, 0.04f).finished();
  const auto sweep = mm::threshold_sweep(y, p);
  REQUIRE(sweep.size() == 19);
  CHECK(sweep.front().threshold == Approx(0.05));
  CHECK(sweep.back().threshold == Approx(0.95));
  // At 0.5: (1,0), (0,1), (1,0) predicted: three of four positives, no false positive.
  const auto& half = sweep[9];
  CHECK(half.threshold == Approx(0.5));
  CHECK(half.s.micro.f1 == Approx(6.0 / 7));
  CHECK(half.s.hamming_loss == Approx(1.0 / 6));
  // At 0.95 nothing is predicted.
  CHECK(sweep.back().s.micro.f1 == 0);
}
