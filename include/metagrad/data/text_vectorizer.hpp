// text_vectorizer: text -> TF-IDF rows, in the manner of scikit-learn's
// TfidfVectorizer(ngram_range=(1, 2), min_df, max_features, sublinear_tf=True): lower-cased word
// and number tokens, unigrams and bigrams, smooth idf ln((1 + n) / (1 + df)) + 1,
// tf = 1 + ln(count), rows scaled to unit L2 norm. One difference: max_features keeps the terms
// found in the most documents (scikit-learn: the most occurrences), so that one long text cannot
// fill the vocabulary with its own words; ties go to the earlier term.
// The result is a row-major sparse matrix: one row per text.
#pragma once

#include <Eigen/SparseCore>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace metagrad::data {

using sparse_rows = Eigen::SparseMatrix<float, Eigen::RowMajor, int>;

struct vectorizer_options {
  int min_df = 2;                    // a term must occur in this many training texts
  std::size_t max_features = 50000;  // keep the terms in most texts
  bool bigrams = true;
};

// Lower-cased tokens: runs of ASCII letters and digits, and of non-ASCII bytes (UTF-8 letters),
// as in scikit-learn's default token pattern (tokens of two or more characters).
inline std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> out;
  std::string token;
  auto flush = [&] {
    if (token.size() >= 2) out.push_back(token);
    token.clear();
  };
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80)
      token += char(std::tolower(c));
    else
      flush();
  }
  flush();
  return out;
}

class text_vectorizer {
 public:
  text_vectorizer() = default;
  text_vectorizer(std::vector<std::string> terms, std::vector<float> idf, bool bigrams = true)
      : terms_(std::move(terms)), idf_(std::move(idf)), bigrams_(bigrams) {
    index_terms();
  }

  template <class Texts>
  static text_vectorizer fit(const Texts& texts, const vectorizer_options& options = {}) {
    std::unordered_map<std::string, int> df;
    std::vector<std::string> seen;
    for (const auto& text : texts) {
      seen = terms_of(text, options.bigrams);
      std::sort(seen.begin(), seen.end());
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      for (auto& t : seen) ++df[t];
    }
    std::vector<std::pair<std::string, int>> kept;
    for (auto& [term, count] : df)
      if (count >= options.min_df) kept.emplace_back(term, count);
    std::sort(kept.begin(), kept.end(), [](auto& a, auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (kept.size() > options.max_features) kept.resize(options.max_features);
    std::sort(kept.begin(), kept.end());  // columns in term order, as scikit-learn
    const double n = double(std::size(texts));
    text_vectorizer v;
    v.bigrams_ = options.bigrams;
    for (auto& [term, count] : kept) {
      v.terms_.push_back(term);
      v.idf_.push_back(float(std::log((1 + n) / (1 + count)) + 1));
    }
    v.index_terms();
    return v;
  }

  std::size_t size() const { return terms_.size(); }
  const std::vector<std::string>& terms() const { return terms_; }
  const std::vector<float>& idf() const { return idf_; }
  bool bigrams() const { return bigrams_; }

  template <class Texts>
  sparse_rows transform(const Texts& texts) const {
    sparse_rows x(Eigen::Index(std::size(texts)), Eigen::Index(size()));
    std::vector<Eigen::Triplet<float, int>> entries;
    std::unordered_map<int, int> counts;
    int row = 0;
    for (const auto& text : texts) {
      counts.clear();
      for (const std::string& t : terms_of(text, bigrams_)) {
        const auto it = index_.find(t);
        if (it != index_.end()) ++counts[it->second];
      }
      double norm = 0;
      const std::size_t first = entries.size();
      for (auto [col, count] : counts) {
        const float value = float((1 + std::log(double(count))) * idf_[std::size_t(col)]);
        entries.emplace_back(row, col, value);
        norm += double(value) * value;
      }
      const float scale = norm > 0 ? float(1 / std::sqrt(norm)) : 0.0f;
      for (std::size_t e = first; e < entries.size(); ++e)
        entries[e] = {entries[e].row(), entries[e].col(), entries[e].value() * scale};
      ++row;
    }
    x.setFromTriplets(entries.begin(), entries.end());
    return x;
  }

 private:
  static std::vector<std::string> terms_of(std::string_view text, bool bigrams) {
    std::vector<std::string> tokens = tokenize(text);
    if (!bigrams) return tokens;
    const std::size_t n = tokens.size();
    for (std::size_t i = 0; i + 1 < n; ++i) tokens.push_back(tokens[i] + " " + tokens[i + 1]);
    return tokens;
  }
  void index_terms() {
    index_.clear();
    for (std::size_t i = 0; i < terms_.size(); ++i) index_.emplace(terms_[i], int(i));
  }

  std::vector<std::string> terms_;
  std::vector<float> idf_;
  bool bigrams_ = true;
  std::unordered_map<std::string, int> index_;
};

}  // namespace metagrad::data
