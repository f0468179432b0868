// `genre_classifier train` interrupted and resumed ends with the model file of an uninterrupted
// run, byte for byte (same seed, same thread count): stopped by SIGTERM (a checkpoint saved after
// the epoch, exit status 1) during the second network, and killed by SIGKILL during the first (the
// checkpoint saved after every epoch). A resumption whose data file changed is refused.
//
//   resume_driver PROGRAM TRAIN.csv TEST.csv WORK_DIR
#include <metagrad/io/checkpoint_file.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "run_program.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 5) fail("usage: resume_driver PROGRAM TRAIN.csv TEST.csv WORK_DIR");
  const std::string program = argv[1], test = argv[3];
  const fs::path dir = fresh_directory(argv[4]);
  const std::string train = (dir / "train.csv").string();  // a copy, altered at the end
  fs::copy_file(argv[2], train);
  const auto train_args = [&](const std::string& model) {
    return train_command(program, train, test, (dir / model).string(),
                         {"--folds", "3", "--epochs", "12", "--hidden", "256", "--batch-size", "8",
                          "--threads", "2"});
  };

  const outcome whole = run(train_args("whole.model"));
  expect(whole.status == 0, "the uninterrupted run failed", whole);
  const std::string expected = slurp(dir / "whole.model");

  // SIGTERM during the second network: a checkpoint after that epoch, exit status 1, no model.
  const std::string term_checkpoint = (dir / "term.model.checkpoint").string();
  const outcome term = run(train_args("term.model"), {"network 2 of 3", "epoch 2:"}, SIGTERM);
  expect(term.status == 1, "SIGTERM: expected exit status 1", term);
  expect(term.err.find("; to continue: genre_classifier train --resume " + term_checkpoint) !=
             std::string::npos,
         "SIGTERM: expected the message naming the checkpoint", term);
  expect(fs::exists(term_checkpoint) && !fs::exists(dir / "term.model"),
         "SIGTERM: expected a checkpoint and no model", term);
  const outcome term_resumed = run({program, "train", "--resume", term_checkpoint});
  expect(term_resumed.status == 0, "resuming after SIGTERM failed", term_resumed);
  expect(slurp(dir / "term.model") == expected,
         "resumed after SIGTERM, the model differs from the uninterrupted run's", term_resumed);
  expect(!fs::exists(term_checkpoint), "the checkpoint outlived the model", term_resumed);

  // SIGKILL during the first network, with a checkpoint after every epoch; the resumed run is
  // stopped again (SIGTERM, in the third network) and resumed once more.
  std::vector<std::string> every_epoch = train_args("kill.model");
  every_epoch.insert(every_epoch.end(), {"--checkpoint-every", "0"});
  const std::string kill_checkpoint = (dir / "kill.model.checkpoint").string();
  const outcome killed = run(every_epoch, {"epoch 3:"}, SIGKILL);
  expect(killed.status == 128 + SIGKILL && fs::exists(kill_checkpoint),
         "SIGKILL: expected the run killed with a checkpoint left", killed);
  const outcome again = run({program, "train", "--resume", kill_checkpoint, "--threads", "2"},
                            {"network 3 of 3", "epoch 1:"}, SIGTERM);
  expect(again.status == 1, "the resumed run, stopped again: expected exit status 1", again);
  const outcome finished = run({program, "train", "--resume", kill_checkpoint});
  expect(finished.status == 0, "resuming after SIGKILL failed", finished);
  expect(slurp(dir / "kill.model") == expected,
         "resumed after SIGKILL, the model differs from the uninterrupted run's", finished);

  // A data file changed since the checkpoint: refused, naming the file.
  const outcome stopped = run(train_args("changed.model"), {"epoch 2:"}, SIGTERM);
  expect(stopped.status == 1, "SIGTERM before changing the data: expected exit status 1", stopped);
  // Forged checkpoints (valid checksums): refused naming the file, before any training.
  const std::string stopped_checkpoint = (dir / "changed.model.checkpoint").string();
  const auto forged = [&](const std::string& name, auto forge) {
    metagrad::io::checkpoint c = metagrad::io::load_checkpoint(stopped_checkpoint);
    forge(c);
    const std::string path = (dir / name).string();
    metagrad::io::save(path, c);
    return std::pair{path, run({program, "train", "--resume", path})};
  };
  const auto [more, more_run] = forged("more.checkpoint", [](metagrad::io::checkpoint& c) {
    c.networks.front().finished = true;
    c.networks.resize(4, c.networks.front());
  });
  expect(more_run.status == 2 &&
             more_run.err.find(more + ": it holds more networks (4) than the run has (3)") !=
                 std::string::npos,
         "a checkpoint with too many networks: expected exit status 2 and the message", more_run);
  const auto [order, order_run] = forged("order.checkpoint", [](metagrad::io::checkpoint& c) {
    c.networks.back().order.front() = 1 << 30;
  });
  expect(order_run.status == 2 &&
             order_run.err.find(order +
                                ": network 1: training state: its row order is not an order of ") !=
                 std::string::npos,
         "a checkpoint with a forged row order: expected exit status 2 and the message", order_run);

  std::ofstream(train, std::ios::app) << "\n";
  const outcome changed = run({program, "train", "--resume", stopped_checkpoint});
  expect(changed.status == 2 &&
             changed.err.find(train + ": not the file checkpoint " + stopped_checkpoint +
                              " was made from (it changed, or the path leads elsewhere now), so "
                              "resuming would not continue that run") != std::string::npos,
         "a changed data file: expected exit status 2 and the message", changed);
  std::cout << "resumed runs equal the uninterrupted one\n";
  return 0;
}
