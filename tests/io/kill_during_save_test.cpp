// Saving is atomic: a process killed (SIGKILL) while it writes a model leaves the previous file
// intact and loadable — never half of the new one. A child saves a large model in a loop; the
// parent kills it at varying moments and loads what is on disk each time.
#include <metagrad/io/classifier_file.hpp>

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace io = metagrad::io;

namespace {
// A numeric model of about `megabytes` MB whose every parameter is `value`.
io::classifier_file model(float value, int megabytes) {
  io::classifier_file m;
  m.text = false;
  m.feature_columns = {"f0", "f1", "f2", "f3"};
  m.mean = {0, 0, 0, 0}, m.scale = {1, 1, 1, 1};
  m.label_columns = m.labels = {"a", "b"};
  m.thresholds = {0.5, 0.5};
  const Eigen::Index hidden = Eigen::Index(megabytes) * (1 << 20) / 4 / 6;  // floats in W1 + W2
  m.members.push_back(
      {Eigen::MatrixXf::Constant(4, hidden, value), Eigen::MatrixXf::Constant(1, hidden, value),
       Eigen::MatrixXf::Constant(hidden, 2, value), Eigen::MatrixXf::Constant(1, 2, value)});
  return m;
}
}  // namespace

TEST_CASE("a save killed part-way leaves the previous model file intact", "[io][atomic]") {
  namespace fs = std::filesystem;
  const std::string path = "kill_during_save_test.model";
  // The previous file; how long making and saving a model takes here (much longer under
  // sanitizers) sets when the kills come: spread over the child's first few saves.
  const auto start = std::chrono::steady_clock::now();
  io::save(path, model(1.0f, 24));
  const auto save_time = std::chrono::steady_clock::now() - start;
  int killed_mid_save = 0, round = 0;
  // At least 8 rounds, more (up to 40) until a kill has landed inside a save.
  for (; round < 8 || (killed_mid_save == 0 && round < 40); ++round) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {  // the child saves a different model until it is killed
      const io::classifier_file next = model(2.0f, 24);
      for (;;) io::save(path, next);
    }
    std::this_thread::sleep_for(save_time * (1 + 0.37 * (round % 8)));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    // The child's temporary file tells that the kill came during a save.
    const std::string temporary = path + ".tmp-" + std::to_string(child);
    if (fs::exists(temporary)) {
      ++killed_mid_save;
      fs::remove(temporary);
    }
    // What is on disk is a whole model: the previous one or a complete new one.
    const io::classifier_file m = io::load(path);
    REQUIRE(m.members.size() == 1);
    const float v = m.members[0].W1(0, 0);
    CHECK((v == 1.0f || v == 2.0f));
    CHECK((m.members[0].W2.array() == v).all());
  }
  INFO(round << " rounds");
  CHECK(killed_mid_save > 0);  // the test did interrupt saves
  fs::remove(path);
}
