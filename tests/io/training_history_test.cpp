// The training history file: what train writes, plot reads back, labels with commas and quotes
// included; every epoch's scores survive to 1e-9.
#include <metagrad/io/binary_file.hpp>
#include <metagrad/io/training_history.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

namespace io = metagrad::io;

TEST_CASE("a training history round-trips through its CSV file", "[history]") {
  io::training_history h;
  h.labels = {"Drama", "Science, Fiction", "\"Noir\""};
  for (int network = 0; network < 2; ++network) {
    h.networks.emplace_back();
    for (int epoch = 1; epoch <= 3; ++epoch) {
      metagrad::nn::epoch_record e;
      e.epoch = epoch;
      e.train_loss = 0.5 / epoch + network, e.validation_loss = 0.6 / epoch;
      e.train_micro_f1 = 0.1 * epoch, e.validation_micro_f1 = 0.09 * epoch + 1e-7;
      e.seconds = 1.25;
      e.validation_label_f1 = {0.1 * epoch, 0.2, 1.0 / 3};
      e.kept = epoch == 2;
      h.networks.back().push_back(e);
    }
  }
  const std::string path = "training_history_test.csv";
  io::write_atomically(path, io::history_csv(h));
  const io::training_history back = io::read_training_history(path);
  std::remove(path.c_str());
  CHECK(back.labels == h.labels);
  REQUIRE(back.networks.size() == 2);
  for (std::size_t k = 0; k < 2; ++k) {
    REQUIRE(back.networks[k].size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      const auto &a = h.networks[k][i], &b = back.networks[k][i];
      CHECK(b.epoch == a.epoch);
      CHECK(b.kept == a.kept);
      CHECK(b.train_loss == Approx(a.train_loss).epsilon(1e-9));
      CHECK(b.validation_micro_f1 == Approx(a.validation_micro_f1).epsilon(1e-9));
      REQUIRE(b.validation_label_f1.size() == 3);
      CHECK(b.validation_label_f1[2] == Approx(1.0 / 3).epsilon(1e-9));
    }
  }
}

TEST_CASE("a history without validation rows has empty label columns", "[history]") {
  io::training_history h;
  h.labels = {"a", "b"};
  metagrad::nn::epoch_record e;
  e.epoch = 1, e.kept = true;
  h.networks = {{e}};
  const std::string csv = io::history_csv(h);
  CHECK(csv.substr(csv.find('\n') + 1) == "1,1,0,0,0,0,0,1,,\n");
}
