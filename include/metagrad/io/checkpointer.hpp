// Checkpoints while training: a checkpoint saved every so often and, on SIGINT or SIGTERM, after
// the current epoch, training then stopping cleanly with a sentence saying how to continue (a
// second signal stops at once). For one model trained by nn::fit or nn::resume:
//   o.after_epoch = io::checkpoint_every("run.checkpoint", 60);
// and later nn::resume(model, store, io::load_checkpoint("run.checkpoint").networks[0], ...).
#pragma once

#include "metagrad/io/checkpoint_file.hpp"
#include "metagrad/nn/training_state.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace metagrad::io {

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
        "\nstopping after this epoch to save a checkpoint (again to stop now)\n";
    [[maybe_unused]] const auto written = ::write(2, message, sizeof message - 1);
  }
  static inline volatile std::sig_atomic_t received_ = 0;
  struct sigaction old_int_ {
  }, old_term_{};
};

// Saves a checkpoint after an epoch when `every_seconds` have passed since the last save (0: after
// every epoch) or, when it listens for them, a stop signal came (then throws `interrupted`, whose
// message ends with how to continue: `resume_hint`, followed by the checkpoint's path).
class checkpointer {
 public:
  checkpointer(std::string path, double every_seconds, bool on_signals, std::string resume_hint)
      : path_(std::move(path)), hint_(std::move(resume_hint)), every_(every_seconds) {
    if (on_signals) signals_.emplace();
  }

  void after_epoch(const checkpoint& c) {
    const auto now = std::chrono::steady_clock::now();
    const int signal = signals_ ? signals_->received() : 0;
    if (signal == 0 && std::chrono::duration<double>(now - last_).count() < every_) return;
    save(path_, c);
    last_ = now;
    if (signal == 0) return;
    const auto& s = c.networks.back();
    std::string where = " after epoch " + std::to_string(s.epochs_done);
    if (c.networks.size() > 1) where += " of network " + std::to_string(c.networks.size());
    throw interrupted(std::string(signal == SIGINT ? "interrupted" : "terminated") + where +
                      "; to continue: " + hint_ + path_);
  }

 private:
  std::string path_, hint_;
  double every_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::optional<stop_signals> signals_;
};

// fit_options::after_epoch for one model: its state saved to `path` every `every_seconds` and on
// a stop signal (then io::interrupted is thrown, the file holding the state after that epoch).
inline std::function<void(const nn::training_state&)> checkpoint_every(const std::string& path,
                                                                       double every_seconds,
                                                                       bool on_signals = true) {
  auto saver = std::make_shared<checkpointer>(path, every_seconds, on_signals,
                                              "nn::resume from the state in ");
  return [saver](const nn::training_state& s) { saver->after_epoch(checkpoint{{}, {s}}); };
}

}  // namespace metagrad::io
