// The history of a training run as CSV, one row per epoch of each network:
//   network,epoch,train_loss,validation_loss,train_micro_f1,validation_micro_f1,seconds,kept,
//   f1:LABEL... (each label's validation F1; empty without validation rows)
// written by `genre_classifier train`, read back by `genre_classifier plot`.
#pragma once

#include "metagrad/data/csv.hpp"
#include "metagrad/data/numbers.hpp"
#include "metagrad/nn/training_state.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace metagrad::io {

struct training_history {
  std::vector<std::string> labels;
  std::vector<std::vector<nn::epoch_record>> networks;  // networks[k]: network k + 1's epochs
  std::size_t epochs() const {                          // of all networks
    std::size_t n = 0;
    for (const auto& network : networks) n += network.size();
    return n;
  }
};

inline const std::vector<std::string>& history_columns() {
  static const std::vector<std::string> columns = {
      "network", "epoch", "train_loss", "validation_loss", "train_micro_f1", "validation_micro_f1",
      "seconds", "kept"};
  return columns;
}

inline std::string history_csv(const training_history& h) {
  std::string out;
  for (const auto& c : history_columns()) out += (out.empty() ? "" : ",") + c;
  // (appended piecewise: g++ 12 warns falsely, -Wrestrict, of "literal" + a temporary string)
  for (const auto& label : h.labels) out.append(",").append(data::csv_field("f1:" + label));
  out += "\n";
  char buf[64];
  auto number = [&](double v) {
    std::snprintf(buf, sizeof buf, ",%.12g", v);
    out += buf;
  };
  for (std::size_t k = 0; k < h.networks.size(); ++k)
    for (const nn::epoch_record& r : h.networks[k]) {
      out += std::to_string(k + 1) + "," + std::to_string(r.epoch);
      for (double v :
           {r.train_loss, r.validation_loss, r.train_micro_f1, r.validation_micro_f1, r.seconds})
        number(v);
      out += r.kept ? ",1" : ",0";
      for (std::size_t j = 0; j < h.labels.size(); ++j)
        if (j < r.validation_label_f1.size())
          number(r.validation_label_f1[j]);
        else
          out += ",";
      out += "\n";
    }
  return out;
}

// Reads a history file; an error names the file, line and column of anything out of place.
inline training_history read_training_history(const std::string& path) {
  const data::csv_table t = data::read_csv(path);
  training_history h;
  std::vector<std::size_t> at;
  for (const auto& c : history_columns()) at.push_back(t.column(c));
  std::vector<std::size_t> label_at;
  for (std::size_t c = 0; c < t.header.size(); ++c)
    if (t.header[c].rfind("f1:", 0) == 0) {
      h.labels.push_back(t.header[c].substr(3));
      label_at.push_back(c);
    }
  if (t.rows.empty()) throw data::input_error(path + ": no epochs after the header");
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    auto number = [&](std::size_t c) { return data::parse_number(t, r, c); };
    const double network = number(at[0]);
    if (network != double(long(network)) || network < 1 ||
        network > double(h.networks.size() + 1) || network < double(h.networks.size()))
      throw data::input_error(t.at(r, at[0]) +
                              ": expected the same network number as the row before or the "
                              "next one, found '" +
                              std::string(t.rows[r][at[0]]) + "'");
    if (std::size_t(network) > h.networks.size()) h.networks.emplace_back();
    nn::epoch_record e;
    e.epoch = int(number(at[1]));
    e.train_loss = number(at[2]), e.validation_loss = number(at[3]);
    e.train_micro_f1 = number(at[4]), e.validation_micro_f1 = number(at[5]);
    e.seconds = number(at[6]), e.kept = number(at[7]) != 0;
    for (std::size_t c : label_at)
      if (!t.rows[r][c].empty()) e.validation_label_f1.push_back(number(c));
    if (!e.validation_label_f1.empty() && e.validation_label_f1.size() != label_at.size())
      throw data::input_error(t.at(r, label_at.front()) +
                              ": expected every label's F1 or none in a row");
    h.networks.back().push_back(std::move(e));
  }
  return h;
}

}  // namespace metagrad::io
