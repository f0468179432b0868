// A classifier's labels: the label set read from a training table (text and numeric), the labels
// with nothing to learn from, a row's labels as a user reads them, and the test rows an id picks.
#include <metagrad/classify/label_set.hpp>
#include <metagrad/classify/ranked_labels.hpp>
#include <metagrad/data/id_split.hpp>

#include <catch2/catch.hpp>

namespace classify = metagrad::classify;
namespace md = metagrad::data;

TEST_CASE("a text model's label set: every label its column names, sorted", "[classify]") {
  const md::csv_table t =
      md::parse_csv("id,plot,genres\n0,a,Drama|Comedy\n1,b,\n2,c,Western\n3,d,Comedy\n");
  metagrad::io::classifier_file m;
  m.text = true, m.text_columns = {"plot"}, m.label_column = "genres", m.label_separator = "|";
  const Eigen::MatrixXf y = classify::fit_label_set(m, t);
  CHECK(m.labels == std::vector<std::string>{"Comedy", "Drama", "Western"});
  Eigen::MatrixXf expected(4, 3);
  expected << 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0;
  CHECK(y == expected);
  // Nothing to learn from: off in every row of these, or on in every one.
  const Eigen::MatrixXf rows_0_and_3 = y(std::vector<Eigen::Index>{0, 3}, Eigen::all);
  CHECK(classify::constant_labels(m, rows_0_and_3) ==
        std::vector<std::string>{"label 'Comedy' is on in every training row",
                                 "label 'Western' is off in every training row (it will never be "
                                 "predicted)"});
  m.text_columns = {"cast"};
  CHECK_THROWS_WITH(classify::fit_label_set(m, t), Catch::Contains("cast"));
  const md::csv_table none = md::parse_csv("plot,genres\na,\nb,\n", "none.csv");
  m.text_columns = {"plot"};
  CHECK_THROWS_WITH(classify::fit_label_set(m, none),
                    "none.csv: no labels anywhere in column 'genres'");
}

TEST_CASE("a numeric model's label set: its 0/1 label columns", "[classify]") {
  const md::csv_table t = md::parse_csv("f1,c1,c2\n0.5,1,0\n0.1,0,1\n");
  metagrad::io::classifier_file m;
  m.text = false, m.feature_columns = {"f1"}, m.label_columns = {"c2", "c1"};
  const Eigen::MatrixXf y = classify::fit_label_set(m, t);
  CHECK(m.labels == std::vector<std::string>{"c2", "c1"});
  CHECK(y == (Eigen::MatrixXf(2, 2) << 0, 1, 1, 0).finished());
}

TEST_CASE("a row's labels: those over their thresholds, or the likeliest, likeliest first",
          "[classify]") {
  const Eigen::RowVectorXf p = (Eigen::RowVectorXf(4) << 0.2f, 0.9f, 0.5f, 0.7f).finished();
  const std::vector<double> thresholds = {0.1, 0.95, 0.5, 2};  // 2: never
  const auto over = classify::ranked_labels(p, thresholds);
  REQUIRE(over.size() == 2);
  CHECK(over[0].label == 2);
  CHECK(over[0].probability == Approx(0.5));
  CHECK(over[1].label == 0);
  const auto top = classify::ranked_labels(p, thresholds, 2);
  REQUIRE(top.size() == 2);
  CHECK(top[0].label == 1);
  CHECK(top[1].label == 3);
  CHECK(classify::ranked_labels(p, std::vector<double>(4, 0.95)).empty());
}

TEST_CASE("the test rows an id picks: those whose id is a multiple of k", "[data]") {
  const md::csv_table t = md::parse_csv("id,x\n10,a\n3,b\n0,c\n7,d\n15,e\n", "ids.csv");
  const md::split_rows s = md::split_by_id(t, "id", 5);
  CHECK(s.held_out == std::vector<Eigen::Index>{0, 2, 4});
  CHECK(s.kept == std::vector<Eigen::Index>{1, 3});
  const md::csv_table bad = md::parse_csv("id\n1\nx\n", "bad.csv");
  CHECK_THROWS_WITH(md::split_by_id(bad, "id", 5), Catch::Contains("bad.csv:3"));
}
