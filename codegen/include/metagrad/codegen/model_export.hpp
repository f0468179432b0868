// export_model(model, store, name): any trained nn::multilabel model as standalone C++ for
// deployment — NAME.hpp and NAME.cpp needing C++17 and Eigen's headers only (OpenMP if the build
// has it), and NAME.dot, the picture of what they compute. The prediction graph (the sigmoid of
// the logits, dropout removed) is the code generator's output; the parameters are tables in the
// source; predict_proba reads each input's rows as the caller holds them: dense ones row-major,
// sparse ones in compressed rows (CSR, as a row-major Eigen::SparseMatrix<float> keeps them).
#pragma once

#include "metagrad/codegen/cpp.hpp"
#include "metagrad/codegen/dot.hpp"
#include "metagrad/codegen/literals.hpp"
#include "metagrad/nn/multilabel_model.hpp"
#include "metagrad/nn/parameter_sizes.hpp"

#include <array>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::codegen {

struct model_export {
  cpp_files code;   // NAME.hpp, NAME.cpp
  std::string dot;  // NAME.dot: the prediction graph
};

namespace detail {

// A leaf of the prediction graph as the export binds it: its names, kind and size (an input's
// rows are the caller's).
struct export_leaf {
  std::string name, cpp;
  leaf_kind kind;
  shape size;
};

// Every node's size, the parameters' taken from the store.
template <class Topo, class Store>
std::array<shape, Topo::size> export_sizes(const Store& store) {
  std::vector<nn::named_shape> known;
  for (std::size_t i = 0; i < Store::size; ++i)
    known.push_back({std::string(Store::names[i]), {store.value(i).rows(), store.value(i).cols()}});
  return nn::detail::size_solver<Topo>(known).solve();
}

// The leaves; an input's columns from the op that reads it (a product's inner size, or an
// element-wise op's columns).
template <class Topo>
std::vector<export_leaf> export_leaves(const std::array<shape, Topo::size>& s) {
  std::vector<export_leaf> out;
  for (std::size_t i = 0; i < Topo::size; ++i) {
    const graph::node_record& r = *Topo::entries[i].record;
    if (r.kind != op_kind::leaf) continue;
    if (r.leaf == leaf_kind::scalar)
      throw std::invalid_argument("export: the prediction graph reads the scalar '" +
                                  std::string(r.name) + "'; only inputs and parameters export");
    export_leaf leaf{std::string(r.name), cpp_name(r.name), r.leaf, s[i]};
    for (std::size_t u = Topo::uses_begin[i]; u < Topo::uses_begin[i + 1] && leaf.size.cols == dyn;
         ++u) {
      const auto [reader, slot] = Topo::uses[u];
      const op_kind kind = Topo::entries[reader].record->kind;
      if ((kind == op_kind::matmul || kind == op_kind::sparse_matmul) && slot == 0)
        leaf.size.cols = s[Topo::operand(reader, 1)].rows;
      else if (kind == op_kind::elementwise)
        leaf.size.cols = s[reader].cols;
    }
    if (leaf.size.cols == dyn)
      throw std::invalid_argument("export: the model does not tell the columns of input '" +
                                  leaf.name + "'");
    out.push_back(leaf);
  }
  return out;
}

// The value of the generated sizes member `leaf_rows` / `leaf_cols`: a chunk's n rows for an
// input, else the leaf's size.
inline std::string export_size(const std::string& member, const std::vector<export_leaf>& leaves) {
  for (const export_leaf& l : leaves) {
    const bool input = l.kind != leaf_kind::param;
    if (member == l.cpp + "_rows") return input ? "Index(n)" : std::to_string(l.size.rows);
    if (member == l.cpp + "_cols") return std::to_string(l.size.cols);
  }
  throw std::logic_error("export: the prediction graph asks for the size '" + member +
                         "', which no leaf gives");
}

inline std::string export_header(const std::string& name, const std::string& origin,
                                 const std::vector<export_leaf>& leaves, dim_t labels) {
  std::vector<std::string> names;
  std::string columns, sparse;
  for (const export_leaf& l : leaves) {
    if (l.kind == leaf_kind::param) continue;
    const char* separator = names.empty() ? "" : ", ";
    columns.append(separator).append(std::to_string(l.size.cols));
    sparse.append(separator).append(l.kind == leaf_kind::sparse_input ? "true" : "false");
    names.push_back(l.name);
  }
  std::ostringstream h;
  h << banner(origin) << "//\n// " << name
    << ": a trained multi-label model, standalone: C++17 and Eigen.\n#pragma once\n\n"
    << "#include <array>\n#include <cstddef>\n\nnamespace " << name << " {\n\n"
    << "inline constexpr std::size_t n_labels = " << labels << ";\n"
    << "// The model's inputs, in the order predict_proba takes them: names, columns, kinds.\n"
    << "inline constexpr std::size_t n_inputs = " << names.size() << ";\n"
    << "inline constexpr std::array<const char*, n_inputs> input_names{" << list(names) << "};\n"
    << "inline constexpr std::array<std::size_t, n_inputs> input_columns{" << columns << "};\n"
    << "inline constexpr std::array<bool, n_inputs> input_is_sparse{" << sparse << "};\n\n"
    << "// One input's rows. Dense: values[r * columns + k], row-major. Sparse (compressed rows,\n"
    << "// as a row-major Eigen::SparseMatrix<float> keeps them): row r's entries are\n"
    << "// k = outer[r] .. outer[r + 1] - 1, at column inner[k], of value values[k].\n"
    << "struct input {\n  const float* values = nullptr;\n  const int* outer = nullptr;\n"
    << "  const int* inner = nullptr;\n};\n\n"
    << "// probabilities[r * n_labels + j]: the probability of label j for row r, where inputs[k]\n"
    << "// holds the rows of the input input_names[k].\n"
    << "void predict_proba(const input* inputs, std::size_t rows, float* probabilities);\n\n"
    << "}  // namespace " << name << "\n";
  return h.str();
}

// predict_proba's body: a chunk of rows at a time, each input bound as the network reads it.
inline std::string export_predict(const std::vector<export_leaf>& leaves,
                                  const std::vector<symbolic_dims::free_size>& free) {
  std::string bind, sizes;
  std::size_t k = 0;
  for (const export_leaf& l : leaves) {
    const std::string cols = std::to_string(l.size.cols), at = "inputs[" + std::to_string(k) + "]";
    if (l.kind == leaf_kind::param) {
      bind += "    in." + l.cpp + " = p_" + l.cpp + ";\n";
      continue;
    }
    ++k;
    if (l.kind == leaf_kind::sparse_input) {
      bind += "    in." + l.cpp + " = network::sparse_view<float>{Index(n), " + cols + ", " + at +
              ".outer + begin, " + at + ".inner, " + at + ".values};\n";
    } else {
      bind += "    const Eigen::MatrixXf x_" + l.cpp + " = Eigen::Map<const RowMajor>(" + at +
              ".values + begin * " + cols + ", Index(n), " + cols + ");\n    in." + l.cpp +
              " = x_" + l.cpp + ".data();\n";
    }
  }
  for (const auto& f : free)
    sizes += "    s." + f.name + " = " + export_size(f.name, leaves) + ";\n";
  return "void predict_proba(const input* inputs, std::size_t rows, float* probabilities) {\n"
         "  using Index = Eigen::Index;\n"
         "  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, "
         "Eigen::RowMajor>;\n"
         "  const std::size_t chunk = 1024;  // rows per pass: the buffers stay small\n"
         "  for (std::size_t begin = 0; begin < rows; begin += chunk) {\n"
         "    const std::size_t n = std::min(chunk, rows - begin);\n"
         "    network::sizes s;\n" +
         sizes + "    network::buffers b(s);\n    network::leaves in;\n" + bind +
         "    network::forward(in, b);\n"
         "    const Eigen::Map<const Eigen::MatrixXf> p(b.probabilities, Index(n), "
         "Index(n_labels));\n"
         "    Eigen::Map<RowMajor>(probabilities + begin * n_labels, Index(n), Index(n_labels)) = "
         "p;\n  }\n}\n";
}

}  // namespace detail

// `origin` names where the parameters came from, in the files' banner.
template <class Logits, class UserLoss, class Store>
model_export export_model(nn::multilabel_model<Logits, UserLoss>, const Store& store,
                          const std::string& name, const std::string& origin) {
  using program = typename nn::multilabel_model<Logits, UserLoss>::predict_program;
  using topo = typename program::topo;
  if (!detail::identifier(name))
    throw std::invalid_argument("export: '" + name +
                                "' is not a C++ name (letters, digits and '_', not starting "
                                "with a digit)");
  if (store.empty()) throw std::invalid_argument("export: the model has no parameters yet");
  const auto sizes = detail::export_sizes<topo>(store);
  const std::vector<detail::export_leaf> leaves = detail::export_leaves<topo>(sizes);
  const detail::cpp_emitter<program> network(cpp_options{"network", origin, {"probabilities"}, {}});
  const dim_t labels = sizes[topo::root_index[0]].cols;

  std::ostringstream s;
  s << detail::banner(origin) << "#include \"" << name << ".hpp\"\n\n"
    << detail::cpp_emitter<program>::source_includes() << "\nnamespace " << name
    << " {\n\n// The model's prediction graph.\nnamespace network {\n\n"
    << network.declarations() << "\n"
    << network.definitions() << "\n}  // namespace network\n\n"
    << "namespace {\n\n// The trained parameters, column-major.\n";
  for (const detail::export_leaf& l : leaves)
    if (l.kind == leaf_kind::param) {
      const auto& w = store.value(Store::position(l.name));
      s << detail::table("float", "p_" + l.cpp, w.data(), std::size_t(w.size()));
    }
  s << "\n}  // namespace\n\n"
    << detail::export_predict(leaves, network.free_sizes()) << "\n}  // namespace " << name << "\n";
  return {{name, detail::export_header(name, origin, leaves, labels), s.str()},
          to_dot(program{}, {"probabilities"}, name + ": probabilities")};
}

}  // namespace metagrad::codegen
