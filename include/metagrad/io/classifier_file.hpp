// classifier_file: everything a trained multi-label classifier needs to predict, in one file:
// how features are made (text vectorizers per column, or numeric columns and their
// standardization), the label names, the tuned thresholds and the parameters of each member of
// the ensemble (one per cross-fitting fold; their probabilities are averaged) and of the linear
// member blended with them (nn/logistic_regression.hpp), and the blend's weight. Framed by
// binary_file.hpp (version, checksum, atomic write); the loader checks that the parts agree
// (the model's signature) before anything uses them.
#pragma once

#include "metagrad/data/text_vectorizer.hpp"
#include "metagrad/io/binary_file.hpp"
#include "metagrad/io/parameter_fields.hpp"
#include "metagrad/nn/logistic_regression.hpp"
#include "metagrad/nn/parameters.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace metagrad::io {

struct classifier_file {
  bool text = true;  // text columns (sparse TF-IDF) or numeric feature columns
  std::vector<std::string> text_columns;
  std::vector<data::text_vectorizer> vectorizers;  // one per text column
  std::vector<std::string> feature_columns;
  std::vector<float> mean, scale;  // numeric standardization, fitted on training rows
  std::string label_column, label_separator = "|";  // text labels: one column of lists
  std::vector<std::string> label_columns;           // numeric labels: one 0/1 column each
  std::vector<std::string> labels;
  std::vector<double> thresholds;
  std::vector<nn::parameters> members;  // same shapes; one network unless trained with folds
  // The model's probability is (1 - linear_weight) x the networks' mean + linear_weight x the
  // linear member's; weight 0: no linear member (its matrices empty).
  double linear_weight = 0;
  nn::logistic_model linear;

  Eigen::Index feature_count() const {
    if (!text) return Eigen::Index(feature_columns.size());
    Eigen::Index n = 0;
    for (const auto& v : vectorizers) n += Eigen::Index(v.size());
    return n;
  }
};

// Version 5: the same fields as 4, but the tokenizer changed (punctuation beyond ASCII separates
// words; first sentences skip more abbreviations), so a version-4 vocabulary would be read with
// features it can no longer find: refused, to be retrained.
inline constexpr file_kind classifier_file_kind{
    {'M', 'G', 'M', 'O', 'D', 'E', 'L', '\n'}, 5, "model file"};

// The first layer of a text model is feature-major (hidden x features), of a numeric one not.
inline Eigen::Index hidden_units(const classifier_file& m, const nn::parameters& p) {
  return m.text ? p.W1.rows() : p.W1.cols();
}

inline void save(const std::string& path, const classifier_file& m) {
  write_framed_with(path, classifier_file_kind, [&](byte_writer& w) {
    w.put(std::uint8_t(m.text));
    w.put(m.text_columns);
    for (const auto& v : m.vectorizers) {
      w.put(std::uint8_t(v.bigrams()));
      for (const data::vocabulary* block : {&v.words(), &v.lead(), &v.stems()}) {
        w.put(block->terms);
        w.put(block->idf);
      }
    }
    w.put(m.feature_columns);
    w.put(m.mean);
    w.put(m.scale);
    w.put(m.label_column);
    w.put(m.label_separator);
    w.put(m.label_columns);
    w.put(m.labels);
    w.put(m.thresholds);
    w.put(std::uint64_t(m.members.size()));
    for (const nn::parameters& p : m.members) put_parameters(w, p);
    w.put(m.linear_weight);
    put_matrix(w, m.linear.w);
    put_matrix(w, m.linear.b);
  });
}

// A model from the bytes of a model file; `name` names it in errors.
inline classifier_file parse_classifier_file(const std::string& bytes, const std::string& name) {
  byte_reader r(unframe(bytes, name, classifier_file_kind), name, classifier_file_kind.noun);
  classifier_file m;
  m.text = r.get<std::uint8_t>() != 0;
  m.text_columns = r.get_strings();
  for (std::size_t c = 0; c < m.text_columns.size(); ++c) {
    const bool bigrams = r.get<std::uint8_t>() != 0;
    data::vocabulary blocks[3];  // the words, the lead, the stems
    for (data::vocabulary& block : blocks) {
      block.terms = r.get_strings();
      block.idf = r.get_vector<float>();
      if (block.terms.size() != block.idf.size())
        r.damaged("a vocabulary and its idf differ in length");
    }
    m.vectorizers.emplace_back(std::move(blocks[0]), bigrams, std::move(blocks[1]),
                               std::move(blocks[2]));
  }
  m.feature_columns = r.get_strings();
  m.mean = r.get_vector<float>();
  m.scale = r.get_vector<float>();
  m.label_column = r.get_string();
  m.label_separator = r.get_string();
  m.label_columns = r.get_strings();
  m.labels = r.get_strings();
  m.thresholds = r.get_vector<double>();
  const auto count = r.get<std::uint64_t>();
  if (count == 0 || count > 1000) r.damaged("its number of networks is not from 1 to 1000");
  m.members.resize(std::size_t(count));
  for (nn::parameters& p : m.members) p = get_parameters(r);
  m.linear_weight = r.get<double>();
  m.linear.w = get_matrix(r);
  const nn::matrix linear_b = get_matrix(r);
  // The signature: every part must fit the others.
  const auto labels = Eigen::Index(m.labels.size());
  const auto fits_model = [&](const nn::parameters& p) {
    return nn::has_sizes(p, m.feature_count(), hidden_units(m, p), labels, m.text);
  };
  const bool linear_fits = m.linear_weight == 0 ? m.linear.w.size() == 0 && linear_b.size() == 0
                           : m.linear_weight > 0 && m.linear_weight <= 1
                               ? m.linear.w.rows() == labels &&
                                     m.linear.w.cols() == m.feature_count() &&
                                     linear_b.rows() == 1 && linear_b.cols() == labels
                               : false;  // a NaN weight too
  // (With weight 0 the matrices are empty, though not necessarily 1 x 0: a bias of 5 x 0 must
  // not reach a row vector, which asserts one row.)
  if (linear_fits && m.linear_weight > 0)
    m.linear.b = linear_b;
  else
    m.linear = {};
  const bool fits =
      r.done() && linear_fits && m.thresholds.size() == m.labels.size() &&
      std::all_of(m.members.begin(), m.members.end(), fits_model) &&
      (m.text ? !m.text_columns.empty()
              : m.mean.size() == m.feature_columns.size() && m.scale.size() == m.mean.size());
  if (!fits) r.damaged("its parts do not fit together");
  return m;
}

inline classifier_file load(const std::string& path) {
  return parse_classifier_file(read_framed_bytes(path, classifier_file_kind), path);
}

}  // namespace metagrad::io
