// Compiled alone against an exported numeric classifier (genre_classifier export --name
// exported_classifier) with nothing but Eigen's headers: reads DATA.csv (a header row, plain
// numeric cells), predicts with exported_classifier::predict_proba, and compares with
// `genre_classifier predict --probabilities-csv` output REFERENCE.csv. Exit 0 when every
// probability agrees to 1e-5.
//
//   export_driver DATA.csv REFERENCE.csv
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "exported_classifier.hpp"

namespace {

std::vector<std::vector<std::string>> read_csv(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open\n", path);
    std::exit(2);
  }
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::stringstream cells_in(line);
    for (std::string cell; std::getline(cells_in, cell, ',');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t c = 0; c < header.size(); ++c)
    if (header[c] == name) return c;
  std::fprintf(stderr, "no column '%s'\n", name.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  namespace e = exported_classifier;
  if (argc != 3) return 2;
  const auto data = read_csv(argv[1]), reference = read_csv(argv[2]);
  const std::size_t rows = data.size() - 1;
  std::vector<float> features(rows * e::n_features);
  for (std::size_t k = 0; k < e::n_features; ++k) {
    const std::size_t c = column(data[0], e::feature_names[k]);
    for (std::size_t r = 0; r < rows; ++r)
      features[r * e::n_features + k] = std::strtof(data[r + 1][c].c_str(), nullptr);
  }
  std::vector<float> p(rows * e::n_labels);
  e::predict_proba(features.data(), rows, p.data());

  if (reference.size() != rows + 1) {
    std::fprintf(stderr, "%zu reference rows for %zu data rows\n", reference.size() - 1, rows);
    return 1;
  }
  double worst = 0;
  for (std::size_t j = 0; j < e::n_labels; ++j) {
    const std::size_t c = column(reference[0], e::label_names[j]);
    for (std::size_t r = 0; r < rows; ++r)
      worst = std::fmax(worst, std::fabs(double(p[r * e::n_labels + j]) -
                                         std::strtod(reference[r + 1][c].c_str(), nullptr)));
  }
  std::vector<unsigned char> labels(rows * e::n_labels);
  e::predict(features.data(), rows, labels.data());
  std::size_t on = 0;
  for (unsigned char l : labels) on += l;
  std::printf(
      "%zu rows, %zu labels: largest difference from genre_classifier predict %.3g; %zu "
      "labels on\n",
      rows, e::n_labels, worst, on);
  return worst <= 1e-5 && on > 0 ? 0 : 1;
}
