// Model files: a round trip keeps everything; a truncated, altered, forged or foreign file is
// refused with a sentence, and the loader never allocates more than the file holds.
// Eigen's assertions on in this file, as in the fuzz build: a shape Eigen asserts on (a matrix of
// the wrong rows assigned to a row vector) must fail here too, not only under the fuzzer.
#undef NDEBUG
#include <metagrad/io/classifier_file.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace io = metagrad::io;

namespace {
io::classifier_file example() {
  io::classifier_file m;
  m.text = true;
  m.text_columns = {"plot"};
  // Three terms of the whole text, one of its lead and one stem: five features.
  m.vectorizers.emplace_back(metagrad::data::vocabulary{{"a", "b b", "c"}, {1, 2, 3}}, true,
                             metagrad::data::vocabulary{{"a"}, {4}},
                             metagrad::data::vocabulary{{"ccccc"}, {5}});
  m.label_column = "genres";
  m.labels = {"Comedy", "Drama"};
  m.thresholds = {0.3, 0.6};
  for (int k = 0; k < 2; ++k)  // an ensemble of two networks
    m.members.push_back({Eigen::MatrixXf::Random(4, 5), Eigen::MatrixXf::Random(1, 4),
                         Eigen::MatrixXf::Random(4, 2), Eigen::MatrixXf::Random(1, 2)});
  m.linear_weight = 0.3;  // and a linear member: labels x features, a bias per label
  m.linear = {Eigen::MatrixXf::Random(2, 5), Eigen::RowVectorXf::Random(2)};
  return m;
}
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
void spit(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}
// A numeric model file's payload up to its networks: one feature "f", one label "a", and the
// count of one network, whose matrices the caller writes.
void numeric_model_opening(io::byte_writer& w) {
  w.put(std::uint8_t(0));                                      // numeric
  w.put(std::vector<std::string>{});                           // text columns
  w.put(std::vector<std::string>{"f"});                        // feature columns
  w.put(std::vector<float>{0}), w.put(std::vector<float>{1});  // mean, scale
  w.put(std::string()), w.put(std::string("|"));               // label column, separator
  w.put(std::vector<std::string>{"a"}), w.put(std::vector<std::string>{"a"});
  w.put(std::vector<double>{0.5});  // thresholds
  w.put(std::uint64_t(1));          // one network
}
// Each test case its own file: CTest runs them in parallel.
std::string file_for(const std::string& test) { return "classifier_file_test_" + test + ".model"; }
}  // namespace

TEST_CASE("a model file round-trips vocabularies, labels, thresholds and parameters", "[io]") {
  const std::string path = file_for("round_trip");
  const auto m = example();
  io::save(path, m);
  const auto back = io::load(path);
  CHECK(back.vectorizers.at(0).terms() == m.vectorizers[0].terms());
  CHECK(back.vectorizers.at(0).idf() == m.vectorizers[0].idf());
  CHECK(back.vectorizers[0].lead().terms == m.vectorizers[0].lead().terms);
  CHECK(back.vectorizers[0].lead().idf == m.vectorizers[0].lead().idf);
  CHECK(back.vectorizers[0].stems().terms == m.vectorizers[0].stems().terms);
  CHECK(back.vectorizers[0].stems().idf == m.vectorizers[0].stems().idf);
  CHECK(back.labels == m.labels);
  CHECK(back.thresholds == m.thresholds);
  REQUIRE(back.members.size() == 2);
  for (std::size_t k = 0; k < 2; ++k) {
    CHECK(back.members[k].W1 == io::stored(m.members[k].W1, 8));  // 8 bits a value
    CHECK(back.members[k].b1 == m.members[k].b1);
    CHECK(back.members[k].W2 == m.members[k].W2);
    CHECK(back.members[k].b2 == m.members[k].b2);
  }
  CHECK(back.linear_weight == m.linear_weight);
  CHECK(back.linear.w == io::stored(m.linear.w, 8));
  CHECK(back.linear.b == m.linear.b);
}

TEST_CASE("a model rounded to what its file holds is saved and loaded to the same bits", "[io]") {
  const std::string path = file_for("same_bits");
  const auto original = example();
  auto m = original;
  m.first_layer_bits = GENERATE(3, 4, 8, 32);
  io::round_to_stored(m);
  io::save(path, m);
  const auto back = io::load(path);
  for (std::size_t k = 0; k < 2; ++k) CHECK(back.members[k].W1 == m.members[k].W1);
  CHECK(back.linear.w == m.linear.w);
  CHECK(back.first_layer_bits == m.first_layer_bits);
  CHECK((m.members[0].W1 == original.members[0].W1) == (m.first_layer_bits == 32));
}

TEST_CASE("a text model loaded for some features holds those columns of each layer", "[io]") {
  const std::string path = file_for("some_features");
  auto m = example();
  m.first_layer_bits = GENERATE(3, 4, 8, 32);
  io::save(path, m);
  const auto all = io::load(path);
  const std::vector<Eigen::Index> kept = {0, 3, 4};
  Eigen::Index seen_features = 0;
  const auto some = io::load(path, [&](const io::classifier_file& head) {
    seen_features = head.input_count();
    return kept;
  });
  CHECK(seen_features == 5);
  REQUIRE(some.kept_features == kept);
  CHECK(some.feature_count() == 3);
  CHECK(some.input_count() == 5);
  for (std::size_t k = 0; k < 2; ++k) {
    CHECK(some.members[k].W1 == all.members[k].W1(Eigen::all, kept));
    CHECK(some.members[k].W2 == all.members[k].W2);
  }
  CHECK(some.linear.w == all.linear.w(Eigen::all, kept));
  CHECK_THROWS_WITH(io::load(path,
                             [](const io::classifier_file&) {
                               return std::vector<Eigen::Index>{4, 5};
                             }),
                    "load: the features to keep are not sorted positions below 5");
}

TEST_CASE("a model without a linear member round-trips as one", "[io]") {
  const std::string path = file_for("no_linear");
  auto m = example();
  m.linear_weight = 0, m.linear = {};
  io::save(path, m);
  const auto back = io::load(path);
  CHECK(back.linear_weight == 0);
  CHECK(back.linear.w.size() == 0);
}

TEST_CASE("a linear member that does not fit the model or its weight is refused", "[io]") {
  const std::string path = file_for("linear");
  const auto refused = [&](const io::classifier_file& m) {
    io::save(path, m);
    CHECK_THROWS_WITH(io::load(path), Catch::Contains("do not fit together"));
  };
  auto m = example();
  m.linear.w = Eigen::MatrixXf::Random(2, 4);  // a feature short
  refused(m);
  m = example();
  m.linear.b = Eigen::RowVectorXf::Random(3);  // a label too many
  refused(m);
  m = example();
  m.linear_weight = 1.5;
  refused(m);
  m.linear_weight = std::nan("");
  refused(m);
  m.linear_weight = 0;  // no member, yet weights
  refused(m);
}

TEST_CASE("a truncated or altered model file is refused as damaged", "[io]") {
  const std::string path = file_for("damaged");
  io::save(path, example());
  const std::string bytes = slurp(path);
  spit(path, bytes.substr(0, bytes.size() - 10));
  CHECK_THROWS_WITH(io::load(path), path + ": damaged model file (truncated or padded)");
  std::string altered = bytes;
  altered[altered.size() - 3] ^= 0x55;
  spit(path, altered);
  CHECK_THROWS_WITH(io::load(path), path + ": damaged model file (checksum mismatch)");
  spit(path, "hello");
  CHECK_THROWS_WITH(io::load(path), path + ": not a metagrad model file");
}

TEST_CASE("a forged length inside a valid frame is refused before allocating", "[io]") {
  const std::string path = file_for("forged");
  // A payload claiming 2^60 strings, framed with a correct checksum.
  io::byte_writer w;
  w.put(std::uint8_t(1));
  w.put(std::uint64_t(1) << 60);
  io::write_framed(path, io::classifier_file_kind, io::compress(w.bytes()));
  CHECK_THROWS_WITH(io::load(path), path + ": damaged model file (it ends before its contents do)");
}

TEST_CASE("a payload that is not compressed, or claims too much, is refused as damaged", "[io]") {
  const std::string path = file_for("compression");
  io::byte_writer w;
  numeric_model_opening(w);
  io::write_framed(path, io::classifier_file_kind, w.bytes());  // not compressed
  CHECK_THROWS_WITH(io::load(path),
                    path +
                        ": damaged model file (its contents are not compressed as they should "
                        "be)");
  // A Zstandard frame of one empty block whose header claims 2^40 bytes: refused before
  // allocating them.
  std::string forged = {'\x28', '\xb5', '\x2f', '\xfd', '\xe0'};  // magic; an 8-byte size
  const std::uint64_t claimed = std::uint64_t(1) << 40;
  forged.append(reinterpret_cast<const char*>(&claimed), 8);
  forged += std::string{'\x01', '\0', '\0'};  // the last block: raw, empty
  io::write_framed(path, io::classifier_file_kind, forged);
  CHECK_THROWS_WITH(io::load(path),
                    path + ": damaged model file (its contents claim 1099511627776 bytes)");
}

TEST_CASE("a model file of another version is refused by name", "[io]") {
  const std::string path = file_for("version");
  io::file_kind other = io::classifier_file_kind;
  other.version = 99;
  io::write_framed(path, other, "x");
  CHECK_THROWS_WITH(io::load(path), path + ": model file version 99, this program reads 6");
}

TEST_CASE("ensemble members of different shapes are refused as not fitting together", "[io]") {
  const std::string path = file_for("members");
  auto m = example();
  m.members[1].W2 = Eigen::MatrixXf::Random(5, 2);
  io::save(path, m);
  CHECK_THROWS_WITH(io::load(path), path + ": damaged model file (its parts do not fit together)");
}

// Found by fuzz_model_file: an empty linear member's bias stored as 5 x 0 (not a row vector).
TEST_CASE("an empty linear bias of several rows loads as no linear member", "[io]") {
  io::byte_writer w;
  numeric_model_opening(w);  // and its network, of one hidden unit:
  io::put_member(w,
                 {Eigen::MatrixXf::Ones(1, 1), Eigen::MatrixXf::Ones(1, 1),
                  Eigen::MatrixXf::Ones(1, 1), Eigen::MatrixXf::Ones(1, 1)},
                 8);
  w.put(0.0);                                      // linear weight: none
  io::put_quantized(w, Eigen::MatrixXf(0, 0), 8);  // its weights
  io::put_matrix(w, Eigen::MatrixXf(5, 0));        // its bias, empty but of five rows
  const std::string path = file_for("empty_bias");
  io::write_framed(path, io::classifier_file_kind, io::compress(w.bytes()));
  const auto m = io::load(path);
  CHECK(m.linear_weight == 0);
  CHECK(m.linear.b.size() == 0);
}

TEST_CASE("a matrix whose forged size wraps around 64 bits is refused", "[io]") {
  // A numeric model whose first matrix claims 2^32 x 2^32 elements and holds none: rows * cols
  // is 0 in 64-bit arithmetic, so only a check by division catches it.
  io::byte_writer w;
  numeric_model_opening(w);
  w.put(std::uint8_t(8));  // the first layer's bits
  w.put(std::uint64_t(1) << 32), w.put(std::uint64_t(1) << 32), w.put(std::uint8_t(8));
  w.put(std::vector<std::uint8_t>{}), w.put(std::vector<std::int8_t>{});  // values and scales
  const std::string bytes = io::compress(w.bytes());
  CHECK_THROWS_WITH(io::parse_classifier_file(
                        [&] {
                          const std::string path = file_for("wrap");
                          io::write_framed(path, io::classifier_file_kind, bytes);
                          return slurp(path);
                        }(),
                        "wrap.model"),
                    "wrap.model: damaged model file (a matrix's size disagrees with its values)");
}

TEST_CASE("a file larger than any model is refused before it is read", "[io]") {
  const std::string path = file_for("huge");
  spit(path, "");
  std::filesystem::resize_file(path, (std::uintmax_t(8) << 30) + 1);  // sparse: no disk used
  CHECK_THROWS_WITH(io::load(path), path +
                                        ": 8589934593 bytes is larger than any model file (the "
                                        "limit is 8 GiB)");
  std::filesystem::remove(path);
}
