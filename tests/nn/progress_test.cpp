// nn::progress under a pseudo-terminal (a bar redrawn in place, with the time left, replaced by
// the epoch's line, which ends with a newline) and writing to a file (the epoch lines alone).
#include <metagrad/nn/progress.hpp>

#include <catch2/catch.hpp>

#include <pty.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace nn = metagrad::nn;

namespace {

// Two epochs of four batches each, as fit reports them.
void run(const nn::progress& bar) {
  for (int epoch = 1; epoch <= 2; ++epoch) {
    for (long b = 1; b <= 4; ++b) bar.batch({epoch, 2, b, 4, 0.5 / double(b), 0.25 * double(b)});
    nn::epoch_record r;
    r.epoch = epoch, r.train_loss = 0.25, r.validation_loss = 0.3, r.validation_micro_f1 = 0.6;
    r.seconds = 1.0;
    bar.epoch(r);
  }
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE(
    "on a terminal the bar redraws in place, shows the time left, and ends each epoch with a "
    "line",
    "[progress]") {
  int master = -1, slave = -1;
  REQUIRE(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
  std::FILE* out = ::fdopen(slave, "w");
  REQUIRE(out != nullptr);
  const nn::progress bar(out);
  CHECK(bar.terminal());
  run(bar);
  std::fclose(out);  // closes the slave: reading the master then ends
  std::string shown;
  char buf[4096];
  for (ssize_t n; (n = ::read(master, buf, sizeof buf)) > 0;) shown.append(buf, std::size_t(n));
  ::close(master);
  CHECK(count(shown, "\repoch 1/2 [") == 4);  // each batch redraws the same line
  CHECK(count(shown, "\repoch 2/2 [") == 4);
  const std::string third = "epoch 1/2 [" + std::string(22, '#') + std::string(8, '.') +
                            "] 3/4 loss 0.1667 ETA 0s";  // 3 of 4 batches: 22 of 30 marks
  CHECK(shown.find(third) != std::string::npos);
  CHECK(shown.find("ETA 1s") != std::string::npos);  // after the first batch: 0.25 s x 3 left
  CHECK(count(shown,
              "\r\033[Kepoch 1: loss 0.2500 train, 0.3000 validation; micro-F1 0.6000 "
              "validation (1.0s)") == 1);
  REQUIRE(!shown.empty());
  CHECK(shown.back() == '\n');
}

TEST_CASE("writing to a file, progress is one plain line per epoch", "[progress]") {
  std::FILE* out = std::tmpfile();
  REQUIRE(out != nullptr);
  const nn::progress bar(out);
  CHECK(!bar.terminal());
  run(bar);
  std::rewind(out);
  std::string written;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, out)) > 0;) written.append(buf, n);
  std::fclose(out);
  CHECK(written ==
        "epoch 1: loss 0.2500 train, 0.3000 validation; micro-F1 0.6000 validation (1.0s)\n"
        "epoch 2: loss 0.2500 train, 0.3000 validation; micro-F1 0.6000 validation (1.0s)\n");
}
