// checkpoint: a training run saved between two epochs so that it can be continued — what run it is
// (a map the program fills: its arguments, its inputs' fingerprints; compared when resuming) and
// the training_state of every network begun so far. Framed like model files (magic, version,
// checksum, atomic write), with its own magic: a checkpoint is not a model and is refused as one.
#pragma once

#include "metagrad/io/binary_file.hpp"
#include "metagrad/io/parameter_fields.hpp"
#include "metagrad/nn/training_state.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace metagrad::io {

struct checkpoint {
  std::map<std::string, std::string> run;
  std::vector<nn::training_state> networks;  // every one finished but (perhaps) the last
};

// Version 4: the parameters by name, as nn::resume trains any model (3 held one network's four).
inline constexpr file_kind checkpoint_kind{
    {'M', 'G', 'C', 'H', 'E', 'C', 'K', '\n'}, 4, "checkpoint"};

namespace detail {

inline void put_state(byte_writer& w, const nn::training_state& s) {
  w.put(std::int32_t(s.epochs_done));
  w.put(std::uint8_t(s.finished));
  w.put(s.names);
  for (const auto* values : {&s.current, &s.best, &s.optimizer.m, &s.optimizer.v}) {
    w.put(std::uint64_t(values->size()));
    for (const nn::matrix& m : *values) put_matrix(w, m);
  }
  w.put(std::int64_t(s.optimizer.steps));
  w.put(s.rng);
  w.put(std::vector<std::int64_t>(s.order.begin(), s.order.end()));
  w.put(s.best_score);
  w.put(std::uint64_t(s.best_epoch));
  w.put(std::int32_t(s.since_best));
  w.put(std::uint64_t(s.history.size()));
  for (const nn::epoch_record& e : s.history) {
    w.put(std::int32_t(e.epoch));
    for (const double x :
         {e.train_loss, e.validation_loss, e.train_micro_f1, e.validation_micro_f1, e.seconds})
      w.put(x);
    w.put(e.validation_label_f1);
    w.put(std::uint8_t(e.kept));
  }
}

// The state as written; whether it fits the model and the data is nn::resume's to check.
inline nn::training_state get_state(byte_reader& r) {
  nn::training_state s;
  s.epochs_done = r.get<std::int32_t>();
  s.finished = r.get<std::uint8_t>() != 0;
  s.names = r.get_strings();
  for (auto* values : {&s.current, &s.best, &s.optimizer.m, &s.optimizer.v}) {
    const std::uint64_t n = r.get_count(24);  // a matrix has at least its two sizes and count
    for (std::uint64_t k = 0; k < n; ++k) values->push_back(get_matrix(r));
  }
  s.optimizer.steps = long(r.get<std::int64_t>());
  s.rng = r.get_string();
  const auto order = r.get_vector<std::int64_t>();
  s.order.assign(order.begin(), order.end());
  s.best_score = r.get<double>();
  s.best_epoch = std::size_t(r.get<std::uint64_t>());
  s.since_best = r.get<std::int32_t>();
  const std::uint64_t epochs = r.get_count(4 + 5 * 8 + 8 + 1);
  for (std::uint64_t k = 0; k < epochs; ++k) {
    nn::epoch_record e;
    e.epoch = r.get<std::int32_t>();
    for (double* x :
         {&e.train_loss, &e.validation_loss, &e.train_micro_f1, &e.validation_micro_f1, &e.seconds})
      *x = r.get<double>();
    e.validation_label_f1 = r.get_vector<double>();
    e.kept = r.get<std::uint8_t>() != 0;
    s.history.push_back(std::move(e));
  }
  return s;
}

}  // namespace detail

inline void save(const std::string& path, const checkpoint& c) {
  write_framed_with(path, checkpoint_kind, [&](byte_writer& w) {
    w.put(std::uint64_t(c.run.size()));
    for (const auto& [key, value] : c.run) w.put(key), w.put(value);
    w.put(std::uint64_t(c.networks.size()));
    for (const nn::training_state& s : c.networks) detail::put_state(w, s);
  });
}

// A checkpoint from the bytes of a checkpoint file; `name` names it in errors.
inline checkpoint parse_checkpoint(const std::string& bytes, const std::string& name) {
  byte_reader r(unframe(bytes, name, checkpoint_kind), name, checkpoint_kind.noun);
  checkpoint c;
  const std::uint64_t entries = r.get_count(16);  // a key and a value, each at least its length
  for (std::uint64_t k = 0; k < entries; ++k) {
    std::string key = r.get_string();
    c.run[key] = r.get_string();
  }
  const std::uint64_t networks = r.get_count(1);
  for (std::uint64_t k = 0; k < networks; ++k) c.networks.push_back(detail::get_state(r));
  if (!r.done()) r.damaged("bytes follow its contents");
  for (std::size_t k = 0; k + 1 < c.networks.size(); ++k)
    if (!c.networks[k].finished) r.damaged("a network before the last one is unfinished");
  return c;
}

inline checkpoint load_checkpoint(const std::string& path) {
  return parse_checkpoint(read_framed_bytes(path, checkpoint_kind), path);
}

}  // namespace metagrad::io
