// classifier_file: everything a trained multi-label classifier needs to predict, in one file:
// how features are made (text vectorizers per column, or numeric columns and their
// standardization), the label names, the tuned thresholds and the parameters of each member of
// the ensemble (one per cross-fitting fold; their probabilities are averaged) and of the linear
// member blended with them (nn/logistic_regression.hpp), and the blend's weight. Framed by
// binary_file.hpp (version, checksum, atomic write); the loader checks that the parts agree
// (the model's signature) before anything uses them. The networks' first layers and the linear
// member's weights, nearly all of a text model's size, are kept in a few bits a value
// (quantized_columns.hpp); `round_to_stored` gives a model in memory the values its file holds.
#pragma once

#include "metagrad/data/text_vectorizer.hpp"
#include "metagrad/io/binary_file.hpp"
#include "metagrad/io/compressed.hpp"
#include "metagrad/io/parameter_fields.hpp"
#include "metagrad/io/quantized_columns.hpp"
#include "metagrad/nn/logistic_regression.hpp"
#include "metagrad/nn/parameters.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
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
  // Bits a value of the networks' first layers in the file: 3, 4 or 8 (quantized), or 32 (floats).
  int first_layer_bits = 8;
  // A text model loaded for some rows only (`load` with a feature filter): the features, in
  // order, that its first layers and linear weights hold; the rows' features are renumbered to
  // their positions here (kept_positions).
  std::optional<std::vector<Eigen::Index>> kept_features;

  // The features the vectorizers (or numeric columns) make.
  Eigen::Index input_count() const {
    if (!text) return Eigen::Index(feature_columns.size());
    Eigen::Index n = 0;
    for (const auto& v : vectorizers) n += Eigen::Index(v.size());
    return n;
  }
  // The features the parameters hold: all of them, or those kept.
  Eigen::Index feature_count() const {
    return kept_features ? Eigen::Index(kept_features->size()) : input_count();
  }
};

// Version 6: the payload compressed, the first layers in 3, 4, 8 or 32 bits a value and the
// linear member's weights in 8 (quantized_columns.hpp); a file of version 5 or before holds
// floats where these are read.
inline constexpr file_kind classifier_file_kind{
    {'M', 'G', 'M', 'O', 'D', 'E', 'L', '\n'}, 6, "model file"};

// The first layer of a text model is feature-major (hidden x features), of a numeric one not.
inline Eigen::Index hidden_units(const classifier_file& m, const nn::parameters& p) {
  return m.text ? p.W1.rows() : p.W1.cols();
}

// The linear member's weights are kept in 8 bits: at 4 and 3 its share of the size is small
// and its precision was not measured.
inline constexpr int linear_member_bits = 8;

inline nn::matrix stored_first_layer(const nn::matrix& W1, int bits) {
  return bits == 32 ? W1 : stored(W1, bits);
}

// A network of the ensemble as its file holds it: its first layer's bits, that layer quantized
// (or floats), the rest floats.
inline void put_member(byte_writer& w, const nn::parameters& p, int first_layer_bits) {
  w.put(std::uint8_t(first_layer_bits));
  if (first_layer_bits == 32)
    put_matrix(w, p.W1);
  else
    put_quantized(w, p.W1, first_layer_bits);
  for (const nn::matrix* x : {&p.b1, &p.W2, &p.b2}) put_matrix(w, *x);
}

// Columns `kept` of a matrix of `columns` columns (all without `kept`).
inline nn::matrix get_columns(byte_reader& r, bool quantized, Eigen::Index columns,
                              const std::optional<std::vector<Eigen::Index>>& kept) {
  if (!kept) return quantized ? get_quantized(r) : get_matrix(r);
  // (An empty matrix stays empty: a linear member of weight 0.)
  const auto fits = [&](Eigen::Index cols) {
    if (cols != columns && cols != 0) r.damaged("its parts do not fit together");
    return cols != 0;
  };
  if (!quantized) {
    const nn::matrix m = get_matrix(r);
    return fits(m.cols()) ? nn::matrix(m(Eigen::all, *kept)) : m;
  }
  const quantized_columns q = get_quantized_columns(r);
  return fits(q.cols) ? dequantize(q, *kept) : nn::matrix(q.rows, 0);
}

inline nn::parameters get_member(byte_reader& r, int& first_layer_bits, Eigen::Index features,
                                 const std::optional<std::vector<Eigen::Index>>& kept) {
  nn::parameters p;
  first_layer_bits = r.get<std::uint8_t>();
  if (first_layer_bits != 32 && !quantizable_bits(first_layer_bits))
    r.damaged("a first layer's bits a value are not 3, 4, 8 or 32");
  p.W1 = get_columns(r, first_layer_bits != 32, features, kept);
  for (nn::matrix* x : {&p.b1, &p.W2, &p.b2}) *x = get_matrix(r);
  return p;
}

// The model as its file holds it: the first layers and the linear weights rounded.
inline void round_to_stored(classifier_file& m) {
  for (nn::parameters& p : m.members) p.W1 = stored_first_layer(p.W1, m.first_layer_bits);
  m.linear.w = stored(m.linear.w, linear_member_bits);
}

// The payload, compressed (compressed.hpp) inside the frame.
inline void save(const std::string& path, const classifier_file& m) {
  byte_writer w;
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
  for (const nn::parameters& p : m.members) put_member(w, p, m.first_layer_bits);
  w.put(m.linear_weight);
  put_quantized(w, m.linear.w, linear_member_bits);
  put_matrix(w, m.linear.b);
  write_framed(path, classifier_file_kind, compress(w.bytes()));
}

// Which features of a text model to load, from the model as far as its vectorizers: sorted,
// each below its input_count(). Loading only those a few rows use keeps one text's prediction
// from dequantizing every network's first layer.
using feature_filter = std::function<std::vector<Eigen::Index>(const classifier_file&)>;

// A model from the bytes of a model file; `name` names it in errors.
inline classifier_file parse_classifier_file(const std::string& bytes, const std::string& name,
                                             const feature_filter& filter = {}) {
  const std::string noun = classifier_file_kind.noun;
  // Zstandard expands at most 32768-fold (4 bytes for a block of 128 KiB of one value): a size
  // claimed beyond that is forged, and refused before it is allocated.
  const std::string payload = unframe(bytes, name, classifier_file_kind);
  byte_reader r(decompress(payload, name, noun, 32768 * std::uint64_t(payload.size())), name, noun);
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
  if (filter && m.text) {
    m.kept_features = filter(m);
    const auto& kept = *m.kept_features;
    if (!std::is_sorted(kept.begin(), kept.end()) ||
        (!kept.empty() && (kept.front() < 0 || kept.back() >= m.input_count())))
      throw std::invalid_argument("load: the features to keep are not sorted positions below " +
                                  std::to_string(m.input_count()));
  }
  const auto count = r.get<std::uint64_t>();
  if (count == 0 || count > 1000) r.damaged("its number of networks is not from 1 to 1000");
  m.members.resize(std::size_t(count));
  for (nn::parameters& p : m.members)
    p = get_member(r, m.first_layer_bits, m.input_count(), m.kept_features);
  m.linear_weight = r.get<double>();
  m.linear.w = get_columns(r, true, m.input_count(), m.kept_features);
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

inline classifier_file load(const std::string& path, const feature_filter& filter = {}) {
  return parse_classifier_file(read_framed_bytes(path, classifier_file_kind), path, filter);
}

}  // namespace metagrad::io
