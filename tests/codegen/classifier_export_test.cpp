// The classifier export's number tables: every float a valid C++ literal that reads back as the
// same float, whole numbers included (a linear weight of 1, a feature weight of exactly 0).
#include <metagrad/codegen/classifier_export.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <regex>
#include <string>

namespace cg = metagrad::codegen;

TEST_CASE("float literals are C++ literals that read back as the same float", "[export]") {
  CHECK(cg::detail::float_literal(0) == "0.0f");
  CHECK(cg::detail::float_literal(1) == "1.0f");
  CHECK(cg::detail::float_literal(-0.0) == "-0.0f");
  CHECK(cg::detail::float_literal(-3) == "-3.0f");
  CHECK(cg::detail::float_literal(0.5) == "0.5f");
  for (float x : {0.1f, -2.5e-7f, 3.4e38f, 1.17549435e-38f, 1e-45f, 123456789.0f}) {
    const std::string s = cg::detail::float_literal(double(x));
    INFO(s);
    CHECK(s.back() == 'f');
    CHECK(std::strtof(s.c_str(), nullptr) == x);
  }
  CHECK_THROWS_WITH(cg::detail::float_literal(std::nan("")),
                    "export: the model holds a value that is not finite");
  CHECK_THROWS(cg::detail::float_literal(HUGE_VAL));
}

TEST_CASE("a linear member of weight 1 with zero weights exports whole numbers as literals",
          "[export]") {
  metagrad::io::classifier_file m;
  m.text = false;
  m.feature_columns = {"f0", "f1"};
  m.mean = {0, 0}, m.scale = {1, 1};
  m.label_columns = m.labels = {"a"};
  m.thresholds = {1};
  m.members.push_back({Eigen::MatrixXf::Zero(2, 3), Eigen::MatrixXf::Zero(1, 3),
                       Eigen::MatrixXf::Ones(3, 1), Eigen::MatrixXf::Zero(1, 1)});
  m.linear_weight = 1;
  m.linear = {Eigen::MatrixXf::Zero(1, 2), Eigen::RowVectorXf::Ones(1)};
  const auto e = cg::export_classifier(m, "whole", "whole.model");
  CHECK(e.code.source.find("constexpr double linear_weight = 1.0;") != std::string::npos);
  // The blend is the library's own text.
  CHECK(e.code.source.find("  return float(1 - weight) * networks + float(weight) * linear;") !=
        std::string::npos);
  CHECK(e.code.source.find("p = blend(p, ") != std::string::npos);
  // No digits followed by f unless they hold a point or an exponent.
  const std::regex bad_literal("(^|[^0-9.eE+-])-?[0-9]+f\\b");
  CHECK_FALSE(std::regex_search(e.code.header, bad_literal));
  CHECK_FALSE(std::regex_search(e.code.source, bad_literal));
}

TEST_CASE("an exported model's C++ name comes from its file's name", "[codegen]") {
  CHECK(cg::identifier_of_file("models/yeast-v2.model") == "yeast_v2");
  CHECK(cg::identifier_of_file("movies.model") == "movies");
  CHECK(cg::identifier_of_file("dir.d/2024 run") == "model_2024_run");
  CHECK(cg::identifier_of_file("") == "model_");
}
