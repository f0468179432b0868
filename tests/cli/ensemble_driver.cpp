// `--folds auto` and `--patience auto` choose by the number of training rows: five cross-fitted
// networks with patience 2 up to 10,000 rows, four with patience 1 up to 100,000, and one network
// (patience 2) when --validation-fraction is given. Checked on synthetic numeric files of 10,000
// and 12,000 rows through the history each run writes (one row per network and epoch, the kept
// epoch marked): a network stops `patience` epochs after its kept one, unless out of epochs.
//
//   ensemble_driver PROGRAM WORK_DIR
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
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

struct network_run {
  int epochs = 0, kept = 0;
};

// Each network's epochs run and kept epoch, from a history file.
static std::map<int, network_run> networks_of(const fs::path& history) {
  std::istringstream in(slurp(history));
  std::string line;
  std::getline(in, line);
  if (line.rfind("network,epoch,", 0) != 0 || line.find(",kept") == std::string::npos)
    fail(history.string() + ": unexpected header " + line);
  std::size_t kept_column = 0;
  for (std::size_t at = 0; at < line.find(",kept") + 1; ++at) kept_column += line[at] == ',';
  std::map<int, network_run> runs;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::istringstream row(line);
    for (std::string field; std::getline(row, field, ',');) fields.push_back(field);
    network_run& n = runs[std::stoi(fields.at(0))];
    n.epochs = std::stoi(fields.at(1));
    if (fields.at(kept_column) == "1") n.kept = n.epochs;
  }
  return runs;
}

static void check(const std::string& program, const fs::path& dir, const std::string& name,
                  int rows, const std::vector<std::string>& more, int networks, int patience) {
  const fs::path data = dir / (name + ".csv"), model = dir / (name + ".model");
  write_rows(data, rows);
  std::vector<std::string> args = train_command(
      program, data.string(), data.string(), model.string(), {"--hidden", "8", "--epochs", "40"});
  args.insert(args.end(), more.begin(), more.end());
  const outcome o = run(args);
  expect(o.status == 0, name + ": training failed", o);
  const std::map<int, network_run> runs = networks_of(model.string() + ".history.csv");
  expect(int(runs.size()) == networks,
         name + ": expected " + std::to_string(networks) + " networks, the history has " +
             std::to_string(runs.size()),
         o);
  bool stopped_early = false;
  for (const auto& [k, n] : runs) {
    expect(n.kept >= 1 && (n.epochs == 40 || n.epochs - n.kept == patience),
           name + ": network " + std::to_string(k) + " ran " + std::to_string(n.epochs) +
               " epochs and kept epoch " + std::to_string(n.kept) + "; expected patience " +
               std::to_string(patience),
           o);
    stopped_early = stopped_early || n.epochs < 40;
  }
  expect(stopped_early, name + ": no network stopped early; the test shows nothing", o);
}

int main(int argc, char** argv) {
  if (argc != 3) fail("usage: ensemble_driver PROGRAM WORK_DIR");
  const std::string program = argv[1];
  const fs::path dir = fresh_directory(argv[2]);
  check(program, dir, "ten_thousand", 10000, {}, 5, 2);
  check(program, dir, "twelve_thousand", 12000, {}, 4, 1);
  check(program, dir, "validation_split", 12000, {"--validation-fraction", "0.1"}, 1, 2);
  check(program, dir, "given", 12000, {"--folds", "2", "--patience", "3"}, 2, 3);
  return 0;
}
