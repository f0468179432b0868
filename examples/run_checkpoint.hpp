// Checkpoints of `genre_classifier train`: which run a checkpoint belongs to (its arguments and its
// input files' fingerprints), resuming with those arguments, saving every so often, and stopping
// cleanly on SIGINT or SIGTERM — after the current epoch, with a checkpoint to resume from (a
// second signal stops at once).
#pragma once

#include <metagrad/data/csv.hpp>
#include <metagrad/io/binary_file.hpp>
#include <metagrad/io/checkpoint_file.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "command_line.hpp"

// Arguments that may differ when a run is resumed: they say where and how fast, not what is
// computed (the same thread count gives bit-identical parameters; another gives equal ones up to
// rounding).
inline const std::set<std::string> resume_overrides = {"threads", "checkpoint", "checkpoint-every"};

// The arguments of the run saved in checkpoint `given.text("resume")`, which is read into `saved`,
// with the overrides given now.
inline arguments resumed_arguments(const arguments& given, metagrad::io::checkpoint& saved) {
  for (const auto& [name, value] : given.values())
    if (name != "resume" && !resume_overrides.count(name))
      throw usage_error("--" + name +
                        ": a resumed run keeps the arguments it was started with; only --threads, "
                        "--checkpoint and --checkpoint-every may be given with --resume");
  saved = metagrad::io::load_checkpoint(given.text("resume"));
  std::map<std::string, std::string> values;
  for (const auto& [key, value] : saved.run)
    if (key.rfind("--", 0) == 0) values[key.substr(2)] = value;
  for (const std::string& name : resume_overrides)
    if (given.has(name)) values[name] = given.text(name);
  return arguments(std::move(values));
}

// A file's size and FNV-1a checksum: enough to notice that an input changed before a resumption.
inline std::string fingerprint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw metagrad::data::input_error(path + ": cannot open the file for reading");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)metagrad::io::fnv1a(bytes));
  return std::to_string(bytes.size()) + " bytes, FNV-1a " + hex;
}

// A new run: records in c.run its arguments and input files (with their `fingerprints`). A
// resumed run (`resumed_from` names its checkpoint): checks that the input files are those the run
// began with, byte for byte.
inline void describe_run(metagrad::io::checkpoint& c, const arguments& a,
                         const std::vector<std::string>& inputs,
                         const std::vector<std::string>& fingerprints,
                         const std::string& resumed_from) {
  if (resumed_from.empty()) {
    c.run.clear();
    for (const auto& [name, value] : a.values())
      if (!resume_overrides.count(name)) c.run["--" + name] = value;
    for (std::size_t k = 0; k < inputs.size(); ++k) c.run["file " + inputs[k]] = fingerprints[k];
    return;
  }
  // (A path that leads elsewhere now — another directory, another $METAGRAD_DATA — counts as
  // a change unless it leads to the same bytes.)
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    const std::string& input = inputs[k];
    const auto it = c.run.find("file " + input);
    if (it == c.run.end() || it->second != fingerprints[k])
      throw metagrad::data::input_error(input + ": not the file checkpoint " + resumed_from +
                                        " was made from (it changed, or the path leads elsewhere "
                                        "now), so resuming would not continue that run");
  }
}

// Training stopped by a signal, after saving a checkpoint (exit status 1).
struct interrupted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// While one exists, SIGINT and SIGTERM ask training to stop after the current epoch; the handler
// resets itself, so a second signal stops the program at once.
class stop_signals {
 public:
  stop_signals() {
    received_ = 0;
    struct sigaction a {};
    a.sa_handler = &stop_signals::note;
    a.sa_flags = SA_RESETHAND;
    sigemptyset(&a.sa_mask);
    sigaction(SIGINT, &a, &old_int_);
    sigaction(SIGTERM, &a, &old_term_);
  }
  ~stop_signals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  stop_signals(const stop_signals&) = delete;
  stop_signals& operator=(const stop_signals&) = delete;
  int received() const { return received_; }

 private:
  static void note(int signal) {
    received_ = signal;
    static const char message[] =
        "\ngenre_classifier: stopping after this epoch to save a checkpoint (again to stop now)\n";
    [[maybe_unused]] const auto written = ::write(2, message, sizeof message - 1);
  }
  static inline volatile std::sig_atomic_t received_ = 0;
  struct sigaction old_int_ {
  }, old_term_{};
};

// Saves the run's checkpoint after an epoch when `every_seconds` have passed since the last save
// (0: after every epoch) or, when it listens for them, a stop signal came (then throws
// `interrupted`).
class checkpointer {
 public:
  checkpointer(std::string path, double every_seconds, bool on_signals)
      : path_(std::move(path)), every_(every_seconds) {
    if (on_signals) signals_.emplace();
  }

  void after_epoch(const metagrad::io::checkpoint& c) {
    const auto now = std::chrono::steady_clock::now();
    const int signal = signals_ ? signals_->received() : 0;
    if (signal == 0 && std::chrono::duration<double>(now - last_).count() < every_) return;
    metagrad::io::save(path_, c);
    last_ = now;
    if (signal == 0) return;
    const auto& s = c.networks.back();
    throw interrupted(std::string(signal == SIGINT ? "interrupted" : "terminated") +
                      " after epoch " + std::to_string(s.epochs_done) + " of network " +
                      std::to_string(c.networks.size()) + "; to continue: genre_classifier train " +
                      "--resume " + path_);
  }

 private:
  std::string path_;
  double every_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::optional<stop_signals> signals_;
};
