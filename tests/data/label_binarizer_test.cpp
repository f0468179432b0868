// The multi-label binarizer against scikit-learn's MultiLabelBinarizer, and its report of labels
// it was not fitted on.
#include <metagrad/data/label_binarizer.hpp>

#include <catch2/catch.hpp>

#include "support/reference.hpp"

namespace md = metagrad::data;

TEST_CASE("the binarizer matches scikit-learn's MultiLabelBinarizer", "[binarizer]") {
  const auto reference = metagrad::testing::load_reference("metrics.json")["binarizer"];
  const auto lists = reference["input"].get<std::vector<std::vector<std::string>>>();
  auto b = md::label_binarizer::fit(lists);
  CHECK(b.classes() == reference["classes"].get<std::vector<std::string>>());
  const Eigen::MatrixXf y = b.transform(lists);
  CHECK(y == metagrad::testing::matrix<float>(reference["output"]));
  CHECK(b.unknown().empty());
}

TEST_CASE("labels unseen in training are reported by name, not dropped silently", "[binarizer]") {
  auto b = md::label_binarizer::fit({{"Comedy", "Drama"}});
  const Eigen::MatrixXf y = b.transform({{"Comedy", "Western"}, {"Western", "Noir"}});
  CHECK(y(0, 0) == 1.0f);
  CHECK(y.sum() == 1.0f);
  REQUIRE(b.unknown().size() == 2);
  CHECK(b.unknown().at("Western") == 2);
  CHECK(b.unknown().at("Noir") == 1);
}

TEST_CASE("label lists split on the separator, trimmed, without empty names", "[binarizer]") {
  CHECK(md::split_labels("Comedy| Drama ||Horror", "|") ==
        std::vector<std::string>{"Comedy", "Drama", "Horror"});
  CHECK(md::split_labels("", "|").empty());
  CHECK(md::split_labels("IT;;English", ";") == std::vector<std::string>{"IT", "English"});
}
