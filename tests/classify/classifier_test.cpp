// The classifier's library parts: rows as a model reads them, the blend of its members, each
// label's threshold, and classifier::load / load_for on model files, sound and damaged.
#include <metagrad/classify/classifier.hpp>
#include <metagrad/classify/fit_features.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace classify = metagrad::classify;
namespace io = metagrad::io;
namespace md = metagrad::data;
using matrix = Eigen::MatrixXf;

namespace {

// A numeric model: features a and b (standardized), labels x and y, one network of 3 hidden units
// and a linear member weighing 0.25, the network's first layer kept in floats.
io::classifier_file numeric_model() {
  io::classifier_file m;
  m.text = false;
  m.feature_columns = {"a", "b"};
  m.mean = {1, 2}, m.scale = {2, 0.5};
  m.label_columns = {"x", "y"};
  m.labels = {"x", "y"};
  m.thresholds = {0.3, 0.9};
  m.first_layer_bits = 32;
  std::srand(3);
  m.members.push_back(
      {matrix::Random(2, 3), matrix::Random(1, 3), matrix::Random(3, 2), matrix::Random(1, 2)});
  m.linear_weight = 0.25;
  m.linear = {matrix::Random(2, 2), Eigen::RowVectorXf::Random(2)};
  return m;
}

// A text model of one column: five features, two networks and a linear member.
io::classifier_file text_model() {
  io::classifier_file m;
  m.text_columns = {"plot"};
  m.vectorizers.emplace_back(md::vocabulary{{"a", "b b", "c"}, {1, 2, 3}}, true,
                             md::vocabulary{{"a"}, {4}}, md::vocabulary{{"ccccc"}, {5}});
  m.label_column = "genres";
  m.labels = {"Comedy", "Drama"};
  m.thresholds = {0.3, 0.6};
  std::srand(4);
  for (int k = 0; k < 2; ++k)
    m.members.push_back(
        {matrix::Random(4, 5), matrix::Random(1, 4), matrix::Random(4, 2), matrix::Random(1, 2)});
  m.linear_weight = 0.3;
  m.linear = {matrix::Random(2, 5), Eigen::RowVectorXf::Random(2)};
  return m;
}

const md::csv_table rows = md::parse_csv("a,b,x,y\n0.5,3,1,0\n-2,1.5,0,1\n4,2,1,1\n");

matrix sigmoid(const matrix& z) { return (1 + (-z.array()).exp()).inverse().matrix(); }

std::string saved(const io::classifier_file& m, const std::string& name) {
  const std::string path = "classifier_test_" + name + ".model";
  io::save(path, m);
  return path;
}

}  // namespace

TEST_CASE("a numeric model's rows are its columns standardized, with their labels", "[classify]") {
  const auto m = numeric_model();
  const classify::example_rows e = classify::featurize(m, rows, true);
  matrix want(3, 2);
  want << -0.25, 2, -1.5, -1, 1.5, 0;  // (a - 1) / 2, (b - 2) / 0.5
  CHECK(e.numeric.isApprox(want));
  CHECK(e.labels == (matrix(3, 2) << 1, 0, 0, 1, 1, 1).finished());
  const classify::example_rows picked = classify::select(m, e, {2, 0});
  CHECK(picked.numeric.row(0) == e.numeric.row(2));
  CHECK(picked.labels.row(1) == e.labels.row(0));
}

TEST_CASE("the probabilities are the networks' mean blended with the linear member's",
          "[classify]") {
  const auto model = classify::classifier::load(saved(numeric_model(), "blend"));
  const io::classifier_file& m = model.file();
  const matrix x = classify::featurize(m, rows, false).numeric;
  const auto& p = m.members.front();
  const matrix hidden = ((x * p.W1).rowwise() + p.b1.row(0)).cwiseMax(0);
  const matrix network = sigmoid((hidden * p.W2).rowwise() + p.b2.row(0));
  const matrix linear = sigmoid((x * m.linear.w.transpose()).rowwise() + m.linear.b);
  const matrix want = 0.75f * network + 0.25f * linear;
  CHECK(model.predict_proba(rows, 1).isApprox(want, 1e-6f));
  CHECK(classify::blend(network, linear, 0.25).isApprox(want, 1e-6f));
  CHECK(classify::blend(network, linear, 0) == network);
}

TEST_CASE("each label is predicted where its probability reaches its own threshold", "[classify]") {
  classify::classifier model(numeric_model());  // thresholds x 0.3, y 0.9
  const matrix p = (matrix(3, 2) << 0.5, 0.5, 0.2, 0.95, 0.3, 0.95).finished();
  using labels = std::vector<std::vector<std::string>>;
  CHECK(model.predict(p) == labels{{"x"}, {"y"}, {"x", "y"}});
  model.set_threshold(0.6);
  CHECK(model.predict(p) == labels{{}, {"y"}, {"y"}});
}

TEST_CASE("load_for reads only the features of its rows, and predicts as the whole model does",
          "[classify]") {
  const std::string path = saved(text_model(), "load_for");
  const std::vector<std::string> texts = {"a b b", "ccccc c", "nothing known"};
  const auto whole = classify::classifier::load(path);
  const matrix want = whole.predict_proba(whole.text_table(texts), 1);
  auto [part, e] = classify::classifier::load_for(path, texts);
  REQUIRE(part.file().kept_features);
  CHECK(part.file().kept_features->size() < 5);
  CHECK(part.predict_proba(e, 1).isApprox(want, 1e-6f));
  CHECK_THROWS_WITH(part.rows(whole.text_table(texts)), Catch::Contains("load_for"));
}

TEST_CASE("a damaged or truncated model file is refused with its name", "[classify]") {
  const std::string path = saved(numeric_model(), "damaged");
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x5a);
  std::ofstream(path, std::ios::binary) << bytes;
  CHECK_THROWS_WITH(classify::classifier::load(path), Catch::Contains(path));
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() / 3);
  CHECK_THROWS_WITH(classify::classifier::load(path), Catch::Contains(path));
  CHECK_THROWS_WITH(classify::classifier::load("no_such.model"), Catch::Contains("no_such.model"));
}

TEST_CASE("texts for a numeric model are refused with a sentence", "[classify]") {
  const classify::classifier model(numeric_model());
  CHECK_THROWS_WITH(model.text_table({"a plot"}), Catch::Contains("reads numeric columns"));
}

TEST_CASE("features fitted on training rows make the same rows after the model file's round trip",
          "[classify]") {
  const md::csv_table t = md::parse_csv(
      "plot,cast,genres\n"
      "\"A wizard fights a dark lord. He wins.\",Ann Bo,Fantasy\n"
      "A detective hunts a killer in the rain,Cy Dee,Crime|Drama\n"
      "\"Two friends sing. Then they dance, and sing again.\",Ann Cy,Musical\n"
      "A wizard and a detective meet,Bo Dee,Fantasy|Crime\n");
  io::classifier_file m;
  m.text_columns = {"plot", "cast"};
  m.label_column = "genres";
  m.labels = {"Crime", "Drama", "Fantasy", "Musical"};
  m.thresholds.assign(4, 0.5);
  md::vectorizer_options options;
  options.min_df = 1;
  classify::fit_features(m, t, {0, 1, 2}, options);  // the fourth row is not seen
  const Eigen::Index features = m.input_count();
  REQUIRE(features > 10);
  m.first_layer_bits = 32;
  m.members.push_back({matrix::Random(3, features), matrix::Random(1, 3), matrix::Random(3, 4),
                       matrix::Random(1, 4)});
  const classify::example_rows before = classify::featurize(m, t, true);
  const auto loaded = classify::classifier::load(saved(m, "features"));
  const classify::example_rows after = loaded.rows(t, true);
  CHECK(Eigen::MatrixXf(after.text) == Eigen::MatrixXf(before.text));
  CHECK(after.labels == before.labels);
  CHECK(before.labels.row(3) == (matrix(1, 4) << 1, 0, 1, 0).finished());

  io::classifier_file n = numeric_model();
  classify::fit_features(n, rows, {0, 1});  // a: 0.5, -2; b: 3, 1.5
  CHECK(n.mean == std::vector<float>{-0.75f, 2.25f});
  CHECK(n.scale == std::vector<float>{1.25f, 0.75f});
  const auto numeric = classify::classifier::load(saved(n, "numeric_features"));
  CHECK(numeric.rows(rows).numeric == classify::featurize(n, rows, false).numeric);
  CHECK(numeric.rows(rows).numeric(2, 0) == Approx((4 + 0.75) / 1.25));
}
