// Compiled alone against one example model's export (exported_model.hpp/.cpp, written by
// write_model_exports) with nothing but Eigen's headers: reads DIR/<input>.bin for every input the
// export names and DIR/reference.bin (rows, labels, then the library's probabilities, row-major),
// predicts, and exits 0 when every probability agrees to 1e-5.
//
//   model_export_driver DIR
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "exported_model.hpp"

namespace {

template <class T>
std::vector<T> take(std::ifstream& in, std::size_t n, const std::string& what) {
  std::vector<T> v(n);
  if (!in.read(reinterpret_cast<char*>(v.data()), std::streamsize(n * sizeof(T)))) {
    std::fprintf(stderr, "%s: shorter than %zu values\n", what.c_str(), n);
    std::exit(2);
  }
  return v;
}

struct stored_input {
  std::vector<float> values;
  std::vector<int> outer, inner;
};

}  // namespace

int main(int argc, char** argv) {
  namespace e = exported_model;
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  std::ifstream ref(dir + "/reference.bin", std::ios::binary);
  const auto shape = take<std::int64_t>(ref, 2, "reference.bin");
  const auto rows = std::size_t(shape[0]);
  if (std::size_t(shape[1]) != e::n_labels) return std::fprintf(stderr, "labels differ\n"), 1;
  const std::vector<float> expected = take<float>(ref, rows * e::n_labels, "reference.bin");

  std::vector<stored_input> stored(e::n_inputs);
  std::vector<e::input> inputs(e::n_inputs);
  for (std::size_t k = 0; k < e::n_inputs; ++k) {
    const std::string path = dir + "/" + e::input_names[k] + ".bin";
    std::ifstream in(path, std::ios::binary);
    stored_input& s = stored[k];
    if (e::input_is_sparse[k]) {
      s.outer = take<int>(in, rows + 1, path);
      s.inner = take<int>(in, std::size_t(s.outer[rows]), path);
      s.values = take<float>(in, std::size_t(s.outer[rows]), path);
      inputs[k] = {s.values.data(), s.outer.data(), s.inner.data()};
    } else {
      s.values = take<float>(in, rows * e::input_columns[k], path);
      inputs[k] = {s.values.data(), nullptr, nullptr};
    }
  }
  std::vector<float> p(rows * e::n_labels);
  e::predict_proba(inputs.data(), rows, p.data());
  double worst = 0;
  for (std::size_t k = 0; k < p.size(); ++k)
    worst = std::fmax(worst, std::fabs(p[k] - expected[k]));
  std::printf("%zu rows x %zu labels: largest difference %.3g\n", rows, e::n_labels, worst);
  return worst <= 1e-5 ? 0 : 1;
}
