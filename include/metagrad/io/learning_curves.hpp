// plot_learning_curves: a training history drawn as PNG with gnuplot, into a directory:
//   learning_curves.png  loss and micro-F1 per epoch, train (dashed) and validation (solid), one
//                        colour per network
//   label_f1.png         each label's validation F1 at the kept epoch (the mean over networks),
//                        best first; drawn when the history has validation rows
#pragma once

#include "metagrad/io/gnuplot.hpp"
#include "metagrad/io/training_history.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace metagrad::io {

namespace detail {

// A gnuplot string literal (single-quoted: only the quote itself is special).
inline std::string gnuplot_string(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Each network's epochs as a datablock $nK: epoch, train and validation loss and micro-F1.
inline std::string history_blocks(const training_history& h) {
  std::string out;
  char buf[160];
  for (std::size_t k = 0; k < h.networks.size(); ++k) {
    out += "$n" + std::to_string(k + 1) + " << EOD\n";
    for (const auto& e : h.networks[k]) {
      std::snprintf(buf, sizeof buf, "%d %.9g %.9g %.9g %.9g\n", e.epoch, e.train_loss,
                    e.validation_loss, e.train_micro_f1, e.validation_micro_f1);
      out += buf;
    }
    out += "EOD\n";
  }
  return out;
}

// One panel: `train` and `validation` columns of every network's block.
inline std::string panel(const training_history& h, const std::string& title, int train,
                         int validation, bool validated) {
  std::string out = "set title " + gnuplot_string(title) + "\nplot ";
  const bool several = h.networks.size() > 1;
  for (std::size_t k = 0; k < h.networks.size(); ++k) {
    const std::string n = std::to_string(k + 1), of = several ? " (network " + n + ")" : "";
    out += std::string(k ? ", " : "") + "$n" + n + " using 1:" + std::to_string(train) +
           " with linespoints dashtype 2 linecolor " + n + " title " + gnuplot_string("train" + of);
    if (validated)
      out += ", $n" + n + " using 1:" + std::to_string(validation) +
             " with linespoints dashtype 1 linecolor " + n + " title " +
             gnuplot_string("validation" + of);
  }
  return out + "\n";
}

}  // namespace detail

// Draws the pictures into `dir` (which must exist); returns their paths.
inline std::vector<std::string> plot_learning_curves(const training_history& h,
                                                     const std::string& dir) {
  const bool validated = !h.networks.empty() && !h.networks.front().empty() &&
                         !h.networks.front().front().validation_label_f1.empty();
  const std::string curves = dir + "/learning_curves.png", labels = dir + "/label_f1.png";
  std::string script = detail::history_blocks(h);
  script += "set terminal pngcairo size 1200,480 font ',10'\nset output " +
            detail::gnuplot_string(partial_path(curves)) + "\n";
  script += "set multiplot layout 1,2\nset xlabel 'epoch'\nset grid\nset key top right\n";
  script += detail::panel(h, "loss (binary cross-entropy)", 2, 3, validated);
  script += "set key bottom right\nset yrange [0:1]\n";
  script += detail::panel(h, "micro-F1", 4, 5, validated);
  script += "unset multiplot\nset autoscale y\n";
  std::vector<std::string> pictures = {curves};
  if (validated) {
    // Each label's F1 at every network's kept epoch, averaged.
    std::vector<std::pair<double, std::string>> f1;
    for (std::size_t j = 0; j < h.labels.size(); ++j) {
      double sum = 0;
      for (const auto& network : h.networks)
        for (const auto& e : network)
          if (e.kept && j < e.validation_label_f1.size()) sum += e.validation_label_f1[j];
      f1.emplace_back(sum / double(h.networks.size()), h.labels[j]);
    }
    std::stable_sort(f1.begin(), f1.end(), [](auto& a, auto& b) { return a.first > b.first; });
    script += "$labels << EOD\n";
    char buf[64];
    for (const auto& [value, name] : f1) {
      std::string quoted;  // a datablock string: double-quoted, no double quote inside
      for (char c : name) quoted += c == '"' ? '\'' : c;
      std::snprintf(buf, sizeof buf, " %.9g\n", value);
      script += "\"" + quoted + "\"" + buf;
    }
    script += "EOD\n";
    const int width = std::max(800, 40 * int(f1.size()) + 160);
    script += "set terminal pngcairo size " + std::to_string(width) +
              ",520 font ',10'\nset output " + detail::gnuplot_string(partial_path(labels)) + "\n";
    script +=
        "set title " +
        detail::gnuplot_string(h.networks.size() > 1
                                   ? "F1 per label (validation rows, kept epoch, mean of " +
                                         std::to_string(h.networks.size()) + " networks)"
                                   : std::string("F1 per label (validation rows, kept epoch)")) +
        "\n";
    script +=
        "unset xlabel\nset ylabel 'F1'\nset yrange [0:1]\nset grid ytics\nunset key\n"
        "set style fill solid 0.8 border -1\nset boxwidth 0.7\nset xtics rotate by -50 "
        "nomirror\nplot $labels using 0:2:xtic(1) with boxes linecolor 3\n";
    pictures.push_back(labels);
  }
  run_gnuplot(script, pictures);
  return pictures;
}

}  // namespace metagrad::io
