// Compiled alone against an exported text classifier (genre_classifier export --name
// exported_classifier) with nothing but Eigen's headers: predicts one TEXT given to every text
// column, as `genre_classifier predict --text TEXT --probabilities-csv REFERENCE.csv` does, and
// compares the two to 1e-5.
//
//   export_text_driver TEXT REFERENCE.csv
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "exported_classifier.hpp"

int main(int argc, char** argv) {
  namespace e = exported_classifier;
  if (argc != 3) return 2;
  const std::vector<std::string> texts(e::n_text_columns, argv[1]);
  std::vector<float> p(e::n_labels);
  e::predict_proba(texts.data(), 1, p.data());

  std::ifstream in(argv[2]);
  std::string header, values;
  if (!std::getline(in, header) || !std::getline(in, values)) {
    std::fprintf(stderr, "%s: expected a header and a row\n", argv[2]);
    return 2;
  }
  std::stringstream names(header), numbers(values);
  double worst = 0;
  for (std::size_t j = 0; j < e::n_labels; ++j) {
    std::string name, number;
    std::getline(names, name, ',');
    std::getline(numbers, number, ',');
    if (name != e::label_names[j]) {
      std::fprintf(stderr, "label %zu is '%s' in the reference, '%s' in the export\n", j,
                   name.c_str(), e::label_names[j]);
      return 1;
    }
    worst = std::fmax(worst, std::fabs(double(p[j]) - std::strtod(number.c_str(), nullptr)));
  }
  std::printf("%zu labels: largest difference from genre_classifier predict %.3g\n", e::n_labels,
              worst);
  return worst <= 1e-5 ? 0 : 1;
}
