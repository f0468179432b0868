// For each example model (examples/*_model.hpp), its export (codegen::export_model) with
// parameters drawn at random, rows for each of its inputs, and the library's probabilities for
// them: OUT/<model>/exported_model.{hpp,cpp,dot}, <input>.bin and reference.bin, which
// check_model_exports.cmake compiles alone with model_export_driver.cpp and compares.
//
//   write_model_exports OUT
#include <metagrad/codegen/model_export.hpp>
#include <metagrad/data/text_vectorizer.hpp>
#include <metagrad/nn/initialize.hpp>
#include <metagrad/nn/predict.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "deep_mlp_model.hpp"
#include "dense_classifier_model.hpp"
#include "support/synthetic_labels.hpp"
#include "two_towers_model.hpp"
#include "wide_and_deep_model.hpp"

namespace mg = metagrad;
namespace nn = metagrad::nn;
using matrix = Eigen::MatrixXf;
using mg::data::sparse_rows;

namespace {

template <class T>
void put(std::ofstream& out, const T* values, std::size_t n) {
  out.write(reinterpret_cast<const char*>(values), std::streamsize(n * sizeof(T)));
}

void write_rows(const std::string& path, const matrix& x) {  // row-major
  std::ofstream out(path, std::ios::binary);
  const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r = x;
  put(out, r.data(), std::size_t(r.size()));
}

void write_rows(const std::string& path, const sparse_rows& x) {  // outer, inner, values
  std::ofstream out(path, std::ios::binary);
  put(out, x.outerIndexPtr(), std::size_t(x.rows() + 1));
  put(out, x.innerIndexPtr(), std::size_t(x.nonZeros()));
  put(out, x.valuePtr(), std::size_t(x.nonZeros()));
}

sparse_rows sparse(const matrix& x) {
  sparse_rows s = x.sparseView();
  s.makeCompressed();
  return s;
}

// Initialized by role from the rows' shapes, then moved off zero (so biases are tested too);
// the export and the library's probabilities for `d`, into OUT/NAME.
template <class Model, class... Inputs>
void write(const std::string& dir, Model m, Eigen::Index labels, const nn::dataset& d,
           const Inputs&... inputs) {
  std::filesystem::create_directories(dir);
  typename Model::store store;
  auto shapes = d.shapes();
  shapes.push_back({"y", {d.rows(), labels}});
  nn::initialize(store, shapes, {.seed = 7}, Model::loss);
  std::mt19937 rng(8);
  std::uniform_real_distribution<float> u(-0.2f, 0.2f);
  for (std::size_t i = 0; i < Model::store::size; ++i)
    for (Eigen::Index k = 0; k < store.value(i).size(); ++k) store.value(i)(k) += u(rng);
  const auto e = mg::codegen::export_model(m, store, "exported_model", "tests/examples");
  mg::codegen::write_files(e.code, dir);
  mg::io::write_atomically(dir + "/exported_model.dot", e.dot);
  (write_rows(dir + "/" + inputs.first + ".bin", inputs.second), ...);
  const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> p =
      nn::predict_proba(m, store, d);
  std::ofstream out(dir + "/reference.bin", std::ios::binary);
  const std::int64_t rows = p.rows(), cols = p.cols();
  put(out, &rows, 1), put(out, &cols, 1), put(out, p.data(), std::size_t(p.size()));
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 2) return std::fprintf(stderr, "usage: write_model_exports OUT\n"), 2;
  const std::string out = argv[1];
  const matrix dense = test_support::synthetic_labels(1500, 40, 3).x;  // more rows than a chunk
  const matrix image = test_support::synthetic_labels(300, 784, 4).x;
  const sparse_rows left = sparse(dense.leftCols(30)), right = sparse(dense.rightCols(10)),
                    words = sparse(dense);
  write(out + "/deep_mlp", deep_mlp::model, 5, nn::dataset(deep_mlp::x = dense),
        std::pair{"x", dense});
  constexpr auto dense_classifier = nn::multilabel(dense_classifier_model::logits);
  write(out + "/dense_classifier", dense_classifier, 10,
        nn::dataset(dense_classifier_model::x = image), std::pair{"x", image});
  write(out + "/two_towers", two_towers::model, 5,
        nn::dataset(two_towers::plot = left, two_towers::cast = right), std::pair{"plot", left},
        std::pair{"cast", right});
  write(out + "/wide_and_deep", wide_and_deep::model, 5, nn::dataset(wide_and_deep::words = words),
        std::pair{"words", words});
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "write_model_exports: %s\n", e.what());
  return 1;
}
