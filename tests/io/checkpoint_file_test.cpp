// Checkpoint files: a round trip keeps every part of a training state; a model file, a truncated
// or altered checkpoint, a forged count and a run whose networks are out of order are refused
// with a sentence naming the file.
#include <metagrad/io/checkpoint_file.hpp>
#include <metagrad/io/classifier_file.hpp>
#include <metagrad/nn/mlp_classifier.hpp>

#include <catch2/catch.hpp>

#include <fstream>

namespace io = metagrad::io;
namespace nn = metagrad::nn;
using Eigen::MatrixXf;

namespace {
nn::training_state state(bool finished) {
  nn::training_state s;
  s.epochs_done = 3, s.finished = finished;
  s.names = {"W1", "b1", "W2", "b2"};
  s.current = {MatrixXf::Random(4, 3), MatrixXf::Random(1, 3), MatrixXf::Random(3, 2),
               MatrixXf::Random(1, 2)};
  if (!finished) {
    s.best = s.current;
    s.best[0](0, 0) += 1;
    s.optimizer.steps = 12;
    s.optimizer.m = {MatrixXf::Random(4, 3), MatrixXf::Random(1, 3)};
    s.optimizer.v = {MatrixXf::Random(4, 3), MatrixXf()};
    s.rng = "1 2 3";
    s.order = {2, 0, 1};
  }
  s.best_score = 0.625, s.best_epoch = 1, s.since_best = 1;
  for (int e = 1; e <= 3; ++e)
    s.history.push_back({e, 0.5 / e, 0.6 / e, 0.1 * e, 0.2 * e, 1.5, {0.25, 0.5}, e == 2});
  return s;
}
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
std::string file_for(const std::string& test) {
  return "checkpoint_file_test_" + test + ".checkpoint";
}
}  // namespace

TEST_CASE("a checkpoint round-trips its run and every part of each network's state", "[io]") {
  const std::string path = file_for("round_trip");
  const io::checkpoint c{{{"--data", "train.csv"}, {"file train.csv", "10 bytes"}},
                         {state(true), state(false)}};
  io::save(path, c);
  const io::checkpoint r = io::load_checkpoint(path);
  CHECK(r.run == c.run);
  REQUIRE(r.networks.size() == 2);
  for (std::size_t k = 0; k < 2; ++k) {
    const nn::training_state &a = c.networks[k], &b = r.networks[k];
    CHECK(b.epochs_done == a.epochs_done);
    CHECK(b.finished == a.finished);
    CHECK(b.names == a.names);
    CHECK(b.current == a.current);
    CHECK(b.best == a.best);
    CHECK(b.optimizer.steps == a.optimizer.steps);
    REQUIRE(b.optimizer.m.size() == a.optimizer.m.size());
    for (std::size_t i = 0; i < a.optimizer.m.size(); ++i) {
      CHECK(b.optimizer.m[i] == a.optimizer.m[i]);
      CHECK(b.optimizer.v[i].size() == a.optimizer.v[i].size());
    }
    CHECK(b.rng == a.rng);
    CHECK(b.order == a.order);
    CHECK(b.best_score == a.best_score);
    CHECK(b.best_epoch == a.best_epoch);
    CHECK(b.since_best == a.since_best);
    REQUIRE(b.history.size() == 3);
    CHECK(b.history[1].validation_micro_f1 == a.history[1].validation_micro_f1);
    CHECK(b.history[1].validation_label_f1 == a.history[1].validation_label_f1);
    CHECK(b.history[1].kept);
    CHECK(!b.history[2].kept);
  }
}

TEST_CASE("a model file is not taken for a checkpoint, nor a checkpoint for a model", "[io]") {
  const std::string path = file_for("foreign");
  io::save(path, io::checkpoint{{}, {state(true)}});
  CHECK_THROWS_WITH(io::load(path), path + ": not a metagrad model file");
  io::classifier_file m;
  m.text = false, m.feature_columns = {"f"}, m.mean = {0}, m.scale = {1};
  m.labels = m.label_columns = {"a"}, m.thresholds = {0.5};
  m.members.push_back(nn::mlp_parameters(state(true)));
  m.members[0].W1 = MatrixXf::Random(1, 3);
  io::save(path, m);
  CHECK_THROWS_WITH(io::load_checkpoint(path), path + ": not a metagrad checkpoint");
}

TEST_CASE("a damaged or forged checkpoint is refused with what is wrong", "[io]") {
  const std::string path = file_for("damaged");
  io::save(path, io::checkpoint{{{"--seed", "1"}}, {state(false)}});
  const std::string bytes = slurp(path);
  CHECK_THROWS_WITH(io::parse_checkpoint(bytes.substr(0, bytes.size() - 9), "x.checkpoint"),
                    "x.checkpoint: damaged checkpoint (truncated or padded)");
  std::string altered = bytes;
  altered[altered.size() / 2] ^= 1;
  CHECK_THROWS_WITH(io::parse_checkpoint(altered, "x.checkpoint"),
                    "x.checkpoint: damaged checkpoint (checksum mismatch)");
  // A payload claiming 2^60 run entries, framed with a correct checksum.
  io::byte_writer w;
  w.put(std::uint64_t(1) << 60);
  io::write_framed(path, io::checkpoint_kind, w.bytes());
  CHECK_THROWS_WITH(io::load_checkpoint(path),
                    path + ": damaged checkpoint (it ends before its contents do)");
  // Only the last network may be unfinished.
  io::save(path, io::checkpoint{{}, {state(false), state(true)}});
  CHECK_THROWS_WITH(io::load_checkpoint(path),
                    path + ": damaged checkpoint (a network before the last one is unfinished)");
  CHECK_THROWS_WITH(io::load_checkpoint("/nonexistent/run.checkpoint"),
                    "/nonexistent/run.checkpoint: cannot open the checkpoint (No such file or "
                    "directory)");
}
