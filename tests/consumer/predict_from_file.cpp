// A user's program outside metagrad: loads a classifier's model file and predicts the rows of a
// CSV file with the public API only. Prints each row's predicted labels, likeliest first; given
// the probabilities another program wrote for the same rows (a CSV: a header of the labels, a row
// per row), fails unless its own are within 1e-5 of them.
//
//   predict_from_file MODEL DATA.csv [EXPECTED.csv]
#include <metagrad/classify/classifier.hpp>
#include <metagrad/data/columns.hpp>
#include <metagrad/data/csv.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>

namespace {

// The largest difference between p and the probabilities in `file`, whose columns must be the
// model's labels.
double largest_difference(const metagrad::classify::classifier& model, const Eigen::MatrixXf& p,
                          const std::string& file) {
  const auto table = metagrad::data::read_csv(file);
  if (table.header != model.labels() || Eigen::Index(table.rows.size()) != p.rows())
    throw std::runtime_error(file + ": not the model's labels, or not one row per row");
  const Eigen::MatrixXf expected =
      metagrad::data::numeric_columns(table, model.labels(), metagrad::data::all_rows(table));
  return (expected - p).cwiseAbs().maxCoeff();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: predict_from_file MODEL DATA.csv [EXPECTED.csv]\n");
    return 2;
  }
  try {
    const auto model = metagrad::classify::classifier::load(argv[1]);
    const auto table = metagrad::data::read_csv(argv[2]);
    const Eigen::MatrixXf p = model.predict_proba(table);
    const auto predicted = model.predict(p);
    for (Eigen::Index i = 0; i < p.rows(); ++i) {
      std::vector<std::string> labels = predicted[std::size_t(i)];
      const auto at = [&](const std::string& label) {
        return p(i, std::find(model.labels().begin(), model.labels().end(), label) -
                        model.labels().begin());
      };
      std::stable_sort(labels.begin(), labels.end(),
                       [&](const auto& a, const auto& b) { return at(a) > at(b); });
      std::string line;
      for (const auto& label : labels) line.append(line.empty() ? "" : ", ").append(label);
      std::printf("%s\n", line.empty() ? "(no label)" : line.c_str());
    }
    if (argc == 4) {
      const double difference = largest_difference(model, p, argv[3]);
      std::fprintf(stderr, "largest difference from %s: %g\n", argv[3], difference);
      if (!(difference <= 1e-5)) return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "predict_from_file: %s\n", e.what());
    return 1;
  }
}
