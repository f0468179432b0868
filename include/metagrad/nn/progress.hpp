// progress: what a training run shows while it runs, as Keras's `verbose` does — on a terminal a
// bar redrawn in place (epoch, bar, batches done, the mean loss so far, the time left), replaced
// by one line per epoch when the epoch ends; anywhere else (a log file, a pipe, CI) only the
// epoch lines, so a log holds no carriage returns. Its two callbacks are fit_options' on_batch
// and on_epoch:
//   nn::progress bar;
//   o.on_batch = bar.on_batch(), o.on_epoch = bar.on_epoch();
#pragma once

#include "metagrad/nn/training_state.hpp"

#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>

namespace metagrad::nn {

class progress {
 public:
  // Writes to `out` (stderr: standard output stays the program's), as a bar when it is a terminal.
  explicit progress(std::FILE* out = stderr) : out_(out), terminal_(::isatty(::fileno(out)) != 0) {}

  bool terminal() const { return terminal_; }

  void batch(const batch_progress& p) const {
    if (!terminal_) return;
    const int width = 30, done = int(width * p.batch / p.batches);
    const double eta = p.seconds / double(p.batch) * double(p.batches - p.batch);
    std::fprintf(out_, "\repoch %d/%d [%s%s] %ld/%ld loss %.4f ETA %.0fs ", p.epoch, p.epochs,
                 std::string(std::size_t(done), '#').c_str(),
                 std::string(std::size_t(width - done), '.').c_str(), p.batch, p.batches,
                 p.mean_loss, eta);
    std::fflush(out_);
  }

  // The epoch's line (on a terminal it first clears the bar). A train micro-F1 is shown when fit
  // measured one.
  void epoch(const epoch_record& r) const {
    std::string f1 = "micro-F1 ";
    char buf[64];
    if (r.train_micro_f1 > 0) {
      std::snprintf(buf, sizeof buf, "%.4f train, ", r.train_micro_f1);
      f1 += buf;
    }
    std::snprintf(buf, sizeof buf, "%.4f validation", r.validation_micro_f1);
    std::fprintf(out_, "%sepoch %d: loss %.4f train, %.4f validation; %s%s (%.1fs)\n",
                 terminal_ ? "\r\033[K" : "", r.epoch, r.train_loss, r.validation_loss, f1.c_str(),
                 buf, r.seconds);
    std::fflush(out_);
  }

  std::function<void(const batch_progress&)> on_batch() const {
    return [this](const batch_progress& p) { batch(p); };
  }
  std::function<void(const epoch_record&)> on_epoch() const {
    return [this](const epoch_record& r) { epoch(r); };
  }

 private:
  std::FILE* out_;
  bool terminal_;
};

}  // namespace metagrad::nn
