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
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace io = metagrad::io;
using nn_matrix = Eigen::MatrixXf;

namespace {
// A numeric model of about `megabytes` MB of parameters drawn from `seed`: random values barely
// compress, so a save writes about that many bytes. (W1 is stored in 8 bits, the rest in floats:
// 16 bytes a hidden unit.)
io::classifier_file model(unsigned seed, int megabytes) {
  std::srand(seed);
  io::classifier_file m;
  m.text = false;
  m.feature_columns = {"f0", "f1", "f2", "f3"};
  m.mean = {0, 0, 0, 0}, m.scale = {1, 1, 1, 1};
  m.label_columns = m.labels = {"a", "b"};
  m.thresholds = {0.5, 0.5};
  const Eigen::Index hidden = Eigen::Index(megabytes) * (1 << 20) / 16;
  m.members.push_back({Eigen::MatrixXf::Random(4, hidden), Eigen::MatrixXf::Random(1, hidden),
                       Eigen::MatrixXf::Random(hidden, 2), Eigen::MatrixXf::Random(1, 2)});
  return m;
}
}  // namespace

TEST_CASE("a save killed part-way leaves the previous model file intact", "[io][atomic]") {
  namespace fs = std::filesystem;
  const std::string path = "kill_during_save_test.model";
  // The previous file; how long making and saving a model takes here (much longer under
  // sanitizers) sets when the kills come: spread over the child's first few saves.
  const auto start = std::chrono::steady_clock::now();
  const io::classifier_file previous = model(1, 24), next = model(2, 24);
  io::save(path, previous);
  const auto save_time = std::chrono::steady_clock::now() - start;
  int killed_mid_save = 0, round = 0;
  // At least 8 rounds, more (up to 40) until a kill has landed inside a save.
  for (; round < 8 || (killed_mid_save == 0 && round < 40); ++round) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {  // the child saves a different model until it is killed
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
    const nn_matrix& W2 = m.members[0].W2;
    CHECK((W2 == previous.members[0].W2 || W2 == next.members[0].W2));
  }
  INFO(round << " rounds");
  CHECK(killed_mid_save > 0);  // the test did interrupt saves
  fs::remove(path);
}
