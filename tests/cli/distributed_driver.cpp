// Data-parallel training over MPI: yeast trained by `mpirun -np 2` (loopback) and by one process
// with the same seed. Every network, and the linear member, must end with the same parameters on
// both ranks (each rank checksums its own, the checksums are compared over MPI, and the program
// fails if they differ; the driver checks each was checked), rank 0 alone must report, and the
// test micro-F1 must be within 0.01 of the single process's. A distributed run killed part-way
// resumes (under mpirun, from rank 0's checkpoint) to the uninterrupted run's model file. Ranks
// that read different bytes (one host has an older copy) are stopped before training, with a
// sentence.
//
//   distributed_driver PROGRAM MPIEXEC TRAIN.csv TEST.csv WORK_DIR
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "run_program.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 6) fail("usage: distributed_driver PROGRAM MPIEXEC TRAIN.csv TEST.csv WORK_DIR");
  const std::string program = argv[1], mpiexec = argv[2];
  const fs::path dir = fresh_directory(argv[5]);
  const auto train = [&](const std::string& name, const std::string& data) {
    return train_command(program, data, argv[4], (dir / (name + ".model")).string(),
                         {"--seed", "42", "--threads", "1", "--batch-size",
                          "8",                       // long enough to be killed part-way
                          "--linear-weight", "0.5",  // a linear member, fitted by every rank
                          "--report-json", (dir / (name + ".json")).string()});
  };
  // Open MPI refuses root unless told, and may not attach across processes in a container.
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  ::setenv("OMPI_MCA_btl_vader_single_copy_mechanism", "none", 1);

  const outcome single = run(train("single", argv[3]));
  expect(single.status == 0, "the single-process run failed", single);
  std::vector<std::string> args = {mpiexec, "-np", "2", "--oversubscribe"};
  for (const auto& a : train("distributed", argv[3])) args.push_back(a);
  args.push_back("--distributed");
  const outcome two = run(args);
  expect(two.status == 0, "mpirun -np 2 failed", two);

  std::smatch m;
  expect(std::regex_search(two.out, m, std::regex("trained in [0-9.]+ s, ([0-9]+) network")),
         "no 'trained in' line", two);
  const long networks = std::stol(m[1]);
  long identical = 0;
  for (long k = 1; k <= networks; ++k)
    identical += two.err.find("network " + std::to_string(k) +
                              ": parameters identical on all 2 ranks") != std::string::npos;
  expect(identical == networks, "not every network was checked identical on both ranks", two);
  expect(
      two.err.find("the linear member: parameters identical on all 2 ranks") != std::string::npos,
      "the linear member was not checked identical on both ranks", two);
  expect(std::regex_search(two.out, std::regex("2 ranks x 1 threads")), "no rank count", two);
  std::size_t reports = 0;
  for (std::size_t at = 0; (at = two.out.find("trained in", at)) != std::string::npos; ++at)
    ++reports;
  expect(reports == 1, "expected rank 0 alone to report", two);

  const auto f1 = [&](const std::string& name) {
    return nlohmann::json::parse(slurp(dir / (name + ".json")))["test"]["f1_micro"].get<double>();
  };
  const double a = f1("single"), b = f1("distributed");
  std::cout << "test micro-F1: 1 process " << a << ", 2 ranks " << b << "\n";
  expect(std::abs(a - b) <= 0.01, "the micro-F1 of 2 ranks is not within 0.01 of 1 process's", two);

  // Killed during the first network (mpirun ends the ranks on SIGTERM) with a checkpoint after
  // every epoch, written by rank 0; resumed under mpirun: the same model file, byte for byte, as
  // an uninterrupted run of the same arguments. Both run 40 epochs a network (about 5 s on a fast
  // machine): mpirun passes on the ranks' output late, and the run must still be going when the
  // signal comes (the default, 28 epochs in all, took 0.7 s and outran it).
  const auto long_run = [&](const std::string& name) {
    std::vector<std::string> a = {mpiexec, "-np", "2", "--oversubscribe"};
    for (const auto& arg : train(name, argv[3])) a.push_back(arg);
    a.insert(a.end(),
             {"--distributed", "--checkpoint-every", "0", "--epochs", "40", "--patience", "40"});
    return a;
  };
  const outcome uninterrupted = run(long_run("uninterrupted"));
  expect(uninterrupted.status == 0, "the uninterrupted run under mpirun failed", uninterrupted);
  const std::string checkpoint = (dir / "killed.model.checkpoint").string();
  const outcome killed = run(long_run("killed"), {"epoch 2:"}, SIGTERM);
  expect(killed.status != 0 && fs::exists(checkpoint),
         "SIGTERM to mpirun: expected the job ended with a checkpoint left", killed);
  const outcome resumed =
      run({mpiexec, "-np", "2", "--oversubscribe", program, "train", "--resume", checkpoint});
  expect(resumed.status == 0, "resuming under mpirun failed", resumed);
  expect(slurp(dir / "killed.model") == slurp(dir / "uninterrupted.model"),
         "resumed, the distributed model differs from the uninterrupted one's", resumed);

  // An MPMD launch whose second rank reads a copy of the training file with one row less.
  const std::string copy = (dir / "older-copy.csv").string();
  {
    std::string text = slurp(argv[3]);
    text.erase(text.rfind('\n', text.size() - 2) + 1);
    std::ofstream(copy, std::ios::binary) << text;
  }
  std::vector<std::string> mpmd = {mpiexec, "--oversubscribe", "-np", "1"};
  for (const auto& a : train("first", argv[3])) mpmd.push_back(a);
  mpmd.insert(mpmd.end(), {"--distributed", ":", "-np", "1"});
  for (const auto& a : train("second", copy)) mpmd.push_back(a);
  mpmd.push_back("--distributed");
  const outcome differ = run(mpmd);
  expect(differ.status != 0 &&
             differ.err.find("--distributed: the ranks read different data") != std::string::npos,
         "ranks reading different files: expected a failure naming it", differ);
  return 0;
}
