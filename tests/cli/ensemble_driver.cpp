// `--folds auto` and `--patience auto` choose by the number of training rows: five cross-fitted
// networks with patience 2 up to 10,000 rows, six with patience 1 up to 100,000, and one network
// (patience 2) when --validation-fraction is given. Checked on synthetic numeric files of 10,000
// and 12,000 rows through the history each run writes (one row per network and epoch, the kept
// epoch marked): a network stops `patience` epochs after its kept one, unless out of epochs.
//
//   ensemble_driver PROGRAM WORK_DIR
#include <metagrad/io/training_history.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "run_program.hpp"

namespace fs = std::filesystem;

// Rows of two noisy features and two labels that depend on them: learned in a few epochs, and
// then validation stops improving.
static void write_rows(const fs::path& file, int rows) {
  std::ofstream out(file);
  out << "f0,f1,Class1,Class2\n";
  std::mt19937 rng(11);
  std::normal_distribution<double> noise;
  for (int r = 0; r < rows; ++r) {
    const double a = noise(rng), b = noise(rng);
    out << a << ',' << b << ',' << int(a + 0.5 * noise(rng) > 0) << ','
        << int(a + b + 0.5 * noise(rng) > 0.5) << '\n';
  }
}

static void check(const std::string& program, const fs::path& dir, const std::string& name,
                  int rows, const std::vector<std::string>& more, int networks, int patience) {
  const fs::path data = dir / (name + ".csv"), model = dir / (name + ".model");
  write_rows(data, rows);
  std::vector<std::string> flags = {"--hidden", "8", "--epochs", "40"};
  flags.insert(flags.end(), more.begin(), more.end());
  const outcome o =
      run(train_command(program, data.string(), data.string(), model.string(), flags));
  expect(o.status == 0, name + ": training failed", o);
  const auto history = metagrad::io::read_training_history(model.string() + ".history.csv");
  expect(int(history.networks.size()) == networks,
         name + ": expected " + std::to_string(networks) + " networks, the history has " +
             std::to_string(history.networks.size()),
         o);
  bool stopped_early = false;
  for (std::size_t k = 0; k < history.networks.size(); ++k) {
    const auto& epochs = history.networks[k];
    const auto kept =
        std::find_if(epochs.begin(), epochs.end(), [](const auto& e) { return e.kept; });
    const int ran = int(epochs.size()), kept_epoch = int(kept - epochs.begin()) + 1;
    expect(kept != epochs.end() && (ran == 40 || ran - kept_epoch == patience),
           name + ": network " + std::to_string(k + 1) + " ran " + std::to_string(ran) +
               " epochs and kept epoch " + std::to_string(kept_epoch) + "; expected patience " +
               std::to_string(patience),
           o);
    stopped_early = stopped_early || ran < 40;
  }
  expect(stopped_early, name + ": no network stopped early; the test shows nothing", o);
}

int main(int argc, char** argv) {
  if (argc != 3) fail("usage: ensemble_driver PROGRAM WORK_DIR");
  const std::string program = argv[1];
  const fs::path dir = fresh_directory(argv[2]);
  check(program, dir, "ten_thousand", 10000, {}, 5, 2);
  check(program, dir, "twelve_thousand", 12000, {}, 6, 1);
  check(program, dir, "validation_split", 12000, {"--validation-fraction", "0.1"}, 1, 2);
  check(program, dir, "given", 12000, {"--folds", "2", "--patience", "3"}, 2, 3);
  return 0;
}
