// export_classifier(model file): a trained classifier as standalone C++ for deployment — NAME.hpp
// and NAME.cpp needing C++17 and Eigen's headers only (OpenMP if the build has it). The trained
// weights of every network, the standardization or the vectorizers' vocabularies and IDF, the
// label names, their decision thresholds and the linear member blended with the networks, if the
// model has one, are tables in the source; the networks' forward pass
// is the code generator's output for the classifier's probabilities (mlp_classifier), and the
// text vectorizer is the library's own (embedded text), so the export computes what
// `genre_classifier predict` computes.
#pragma once

#include "metagrad/codegen/cpp.hpp"
#include "metagrad/codegen/dot.hpp"
#include "metagrad/codegen/literals.hpp"
#include "metagrad/io/classifier_file.hpp"
#include "metagrad/nn/mlp_classifier.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace metagrad::codegen {

struct classifier_export {
  cpp_files code;   // NAME.hpp, NAME.cpp
  std::string dot;  // NAME.dot: the network's forward pass
};

namespace detail {

// The value of the generated sizes member `leaf_rows` / `leaf_cols` for one chunk of rows.
inline std::string size_value(const std::string& member, const io::classifier_file& m,
                              const nn::parameters& p) {
  const auto split = member.rfind('_');
  const std::string leaf = member.substr(0, split), side = member.substr(split + 1);
  const bool rows = side == "rows";
  if (leaf == "x") return rows ? "n" : std::to_string(m.feature_count());
  const std::pair<const char*, const nn::matrix*> params[] = {
      {"W1", &p.W1}, {"b1", &p.b1}, {"W2", &p.W2}, {"b2", &p.b2}};
  for (const auto& [param, w] : params)
    if (leaf == param) return std::to_string(rows ? w->rows() : w->cols());
  throw std::logic_error("export: the network asks for the size '" + member +
                         "', which no parameter of the model file gives");
}

template <bool Sparse>
classifier_export export_network(const io::classifier_file& m, const std::string& name,
                                 const std::string& origin) {
  using model = nn::mlp_classifier<Sparse>;
  using program = typename model::predict_program;
  const cpp_emitter<program> network(cpp_options{"network", origin, {"probabilities"}, {}});
  const std::size_t labels = m.labels.size(), members = m.members.size();
  const nn::parameters& first = m.members.front();

  std::ostringstream h;
  h << banner(origin) << "//\n// " << name << ": a trained multi-label classifier (" << members
    << (members == 1 ? " network" : " networks, averaged")
    << (m.linear_weight > 0 ? ", blended with a linear model" : "")
    << "), standalone: C++17 and Eigen.\n#pragma once\n\n#include <array>\n#include <cstddef>\n"
    << (Sparse ? "#include <string>\n" : "") << "\nnamespace " << name << " {\n\n"
    << "inline constexpr std::size_t n_features = " << m.feature_count() << ";\n"
    << "inline constexpr std::size_t n_labels = " << labels << ";\n"
    << "inline constexpr std::array<const char*, n_labels> label_names{" << list(m.labels)
    << "};\n// The decision threshold of each label, tuned when the model was trained.\n"
    << "inline constexpr std::array<float, n_labels> thresholds{";
  for (std::size_t j = 0; j < labels; ++j) h << (j ? ", " : "") << float_literal(m.thresholds[j]);
  h << "};\n\n";
  const std::string input = Sparse ? "const std::string* texts" : "const float* features";
  if constexpr (Sparse)
    h << "inline constexpr std::size_t n_text_columns = " << m.text_columns.size() << ";\n"
      << "inline constexpr std::array<const char*, n_text_columns> text_columns{"
      << list(m.text_columns) << "};\n\n"
      << "// probabilities[r * n_labels + j]: the probability of label j for row r, whose text in\n"
      << "// column text_columns[c] is texts[r * n_text_columns + c].\n";
  else
    h << "// The feature columns, in the order predict_proba reads them (as the CSV has them).\n"
      << "inline constexpr std::array<const char*, n_features> feature_names{"
      << list(m.feature_columns) << "};\n\n"
      << "// probabilities[r * n_labels + j]: the probability of label j for row r, whose "
         "features\n"
      << "// are features[r * n_features + k], k in the order of feature_names.\n";
  h << "void predict_proba(" << input << ", std::size_t rows, float* probabilities);\n"
    << "// labels[r * n_labels + j] = 1 where that probability reaches thresholds[j], else 0.\n"
    << "void predict(" << input << ", std::size_t rows, unsigned char* labels);\n\n}  // namespace "
    << name << "\n";

  std::ostringstream s;
  s << banner(origin) << "#include \"" << name << ".hpp\"\n\n"
    << cpp_emitter<program>::source_includes()
    << (Sparse ? "\n#include <Eigen/SparseCore>\n\n#include <cctype>\n#include <string_view>\n"
                 "#include <unordered_map>\n"
               : "")
    << "\nnamespace " << name << " {\n\n// The networks' forward pass.\nnamespace network {\n\n"
    << network.declarations() << "\n"
    << network.definitions() << "\n}  // namespace network\n\n"
    << "namespace {\n\n// The trained networks: W1, b1, W2, b2 each, column-major.\n";
  std::string member_list;
  for (std::size_t k = 0; k < members; ++k) {
    const nn::parameters& p = m.members[k];
    const std::string tag = std::string(1, 'm').append(std::to_string(k)).append("_");
    s << table("float", tag + "W1", p.W1.data(), std::size_t(p.W1.size()))
      << table("float", tag + "b1", p.b1.data(), std::size_t(p.b1.size()))
      << table("float", tag + "W2", p.W2.data(), std::size_t(p.W2.size()))
      << table("float", tag + "b2", p.b2.data(), std::size_t(p.b2.size()));
    member_list += "    {" + tag + "W1, " + tag + "b1, " + tag + "W2, " + tag + "b2},\n";
  }
  s << "\nstruct weights {\n  const float *W1, *b1, *W2, *b2;\n};\nconst weights members[] = {\n"
    << member_list << "};\n\n";
  const bool linear = m.linear_weight > 0;
  if (linear) {
    s << "// The linear member (labels x features, column-major; a bias per label), its weight, "
         "and\n// the blend (metagrad's classify::blend, its header's text).\n"
      << table("float", "linear_w", m.linear.w.data(), std::size_t(m.linear.w.size()))
      << table("float", "linear_b", m.linear.b.data(), std::size_t(m.linear.b.size()))
      << "constexpr double linear_weight = " << double_literal(m.linear_weight) << ";\n"
      << embedded_body(embedded::blend) << "\n";
  }
  // The rows of one chunk as the networks read them, named x; n rows from `begin`.
  std::string features;
  if constexpr (Sparse) {
    s << "// The vectorizers: each text column's vocabularies (feature order) and IDF — its "
         "words', and\n"
         "// for prose its lead's and its stems'.\n";
    std::string vectorizers;
    for (std::size_t c = 0; c < m.text_columns.size(); ++c) {
      const auto& v = m.vectorizers[c];
      const std::string column = std::string("column").append(std::to_string(c));
      // `vocabulary{{terms...}, {idf...}}` of a block, its values in tables named from `tag`.
      const auto block = [&](const data::vocabulary& b, const std::string& tag) {
        const std::string n = std::to_string(b.terms.size());
        if (b.terms.empty()) return std::string("vocabulary{}");
        s << table("char*", tag + "terms", b.terms.data(), b.terms.size())
          << table("float", tag + "idf", b.idf.data(), b.idf.size());
        return "vocabulary{{" + tag + "terms, " + tag + "terms + " + n + "}, {" + tag + "idf, " +
               tag + "idf + " + n + "}}";
      };
      const std::string words = block(v.words(), column + "_"),
                        lead = block(v.lead(), column + "_lead_"),
                        stems = block(v.stems(), column + "_stem_");
      vectorizers += "      text_vectorizer(" + words + ", " + (v.bigrams() ? "true" : "false") +
                     ", " + lead + ", " + stems + "),\n";
    }
    s << "\n// metagrad's text vectorizer and column stacking (its own headers' text); its rows\n"
      << "// are split among threads by the helpers the network carries (exec:: in metagrad).\n"
      << "namespace exec = network;\n"
      << embedded_body(embedded::text_vectorizer) << embedded_body(embedded::hstack)
      << "\nconst std::vector<text_vectorizer>& vectorizers() {\n"
      << "  static const std::vector<text_vectorizer> v{\n"
      << vectorizers << "  };\n  return v;\n}\n";
    features =
        "    std::vector<sparse_rows> blocks;\n"
        "    std::vector<std::string> column(n);\n"
        "    for (std::size_t c = 0; c < n_text_columns; ++c) {\n"
        "      for (std::size_t r = 0; r < n; ++r) column[r] = texts[(begin + r) * n_text_columns "
        "+ c];\n"
        "      blocks.push_back(vectorizers()[c].transform(column));\n"
        "    }\n"
        "    sparse_rows rows_x = hstack(blocks);\n"
        "    rows_x.makeCompressed();\n"
        "    const network::sparse_view<float> x{rows_x.rows(), rows_x.cols(), "
        "rows_x.outerIndexPtr(),\n"
        "                                        rows_x.innerIndexPtr(), rows_x.valuePtr()};\n";
  } else {
    s << "// The standardization fitted on the training rows: (feature - mean) / scale.\n"
      << table("float", "mean", m.mean.data(), m.mean.size())
      << table("float", "scale", m.scale.data(), m.scale.size());
    features =
        "    Eigen::MatrixXf x(n, n_features);\n"
        "    for (std::size_t r = 0; r < n; ++r)\n"
        "      for (std::size_t k = 0; k < n_features; ++k)\n"
        "        x(Eigen::Index(r), Eigen::Index(k)) =\n"
        "            (features[(begin + r) * n_features + k] - mean[k]) / scale[k];\n";
  }
  std::string sizes;
  for (const auto& f : network.free_sizes())
    sizes += "    s." + f.name + " = " + size_value(f.name, m, first) + ";\n";
  s << "\n}  // namespace\n\n"
    << "void predict_proba(" << input << ", std::size_t rows, float* probabilities) {\n"
    << "  const std::size_t chunk = 1024;  // rows per pass: the buffers stay small\n"
    << "  for (std::size_t begin = 0; begin < rows; begin += chunk) {\n"
    << "    const std::size_t n = std::min(chunk, rows - begin);\n"
    << features << "    network::sizes s;\n"
    << sizes << "    network::buffers b(s);\n"
    << "    Eigen::MatrixXf sum = Eigen::MatrixXf::Zero(Eigen::Index(n), Eigen::Index(n_labels));\n"
    << "    for (const weights& w : members) {\n"
    << "      network::leaves in;\n"
    << (Sparse ? "      in.x = x;\n" : "      in.x = x.data();\n")
    << "      in.W1 = w.W1, in.b1 = w.b1, in.W2 = w.W2, in.b2 = w.b2;\n"
    << "      network::forward(in, b);\n"
    << "      sum += Eigen::Map<const Eigen::MatrixXf>(b.probabilities, Eigen::Index(n),\n"
    << "                                               Eigen::Index(n_labels));\n    }\n"
    << "    Eigen::MatrixXf p = sum / float(std::size(members));\n"
    << (linear ? std::string("    {  // the linear member, blended in\n"
                             "      const Eigen::Map<const Eigen::MatrixXf> w(linear_w, "
                             "Eigen::Index(n_labels),\n"
                             "                                                Eigen::Index("
                             "n_features));\n"
                             "      Eigen::MatrixXf z = ") +
                     (Sparse ? "rows_x" : "x") +
                     " * w.transpose();\n"
                     "      z.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(linear_b, "
                     "Eigen::Index(n_labels));\n"
                     "      p = blend(p, (1 + (-z.array()).exp()).inverse().matrix(), "
                     "linear_weight);\n"
                     "    }\n"
               : std::string())
    << "    for (std::size_t r = 0; r < n; ++r)\n"
    << "      for (std::size_t j = 0; j < n_labels; ++j)\n"
    << "        probabilities[(begin + r) * n_labels + j] = p(Eigen::Index(r), "
       "Eigen::Index(j));\n"
    << "  }\n}\n\n"
    << "void predict(" << input << ", std::size_t rows, unsigned char* labels) {\n"
    << "  std::vector<float> p(rows * n_labels);\n"
    << "  predict_proba(" << (Sparse ? "texts" : "features") << ", rows, p.data());\n"
    << "  for (std::size_t k = 0; k < p.size(); ++k) labels[k] = p[k] >= thresholds[k % "
       "n_labels];\n"
    << "}\n\n}  // namespace " << name << "\n";
  return {{name, h.str(), s.str()}, to_dot(program{}, {"probabilities"}, name + ": probabilities")};
}

}  // namespace detail

// `origin` names the model file in the banner.
inline classifier_export export_classifier(const io::classifier_file& m, const std::string& name,
                                           const std::string& origin) {
  if (!detail::identifier(name))
    throw std::invalid_argument("export: '" + name +
                                "' is not a C++ name (letters, digits and '_', not starting "
                                "with a digit)");
  return m.text ? detail::export_network<true>(m, name, origin)
                : detail::export_network<false>(m, name, origin);
}

}  // namespace metagrad::codegen
