// text_vectorizer: text -> TF-IDF rows, in the manner of scikit-learn's
// TfidfVectorizer(ngram_range=(1, 2), min_df, max_features, sublinear_tf=True): lower-cased word
// and number tokens, unigrams and bigrams, smooth idf ln((1 + n) / (1 + df)) + 1,
// tf = 1 + ln(count), rows scaled to unit L2 norm. One difference: max_features keeps the terms
// found in the most documents (scikit-learn: the most occurrences), so that one long text cannot
// fill the vocabulary with its own words; ties go to the earlier term.
// A column of prose gets two more blocks of columns, each with its own vocabulary and unit norm:
//  - its first sentence's terms: a bag of words forgets where a word stood, and the opening
//    sentence of a document (a plot summary, an abstract, a job ad) is where it says what it is
//    about — "a 1925 American silent comedy film" — while the same words later say less;
//  - its words' stems (stem() below), one feature for the forms of a word, each rare on its own.
// (On the movies: micro / macro-F1 0.677 / 0.543 -> 0.687 / 0.560 with the first sentence, and
// 0.692 / 0.574 with both; the genre words masked. A block of plain unigrams in place of the
// stems gives 0.691 / 0.569: much of that block's gain is unigrams weighing more beside bigrams.)
// The result is a row-major sparse matrix: one row per text.
#pragma once

#include "metagrad/exec/threads.hpp"

#include <Eigen/SparseCore>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace metagrad::data {

using sparse_rows = Eigen::SparseMatrix<float, Eigen::RowMajor, int>;

// Whether a column gets the blocks of prose: always, never, or when most training texts have more
// than one sentence (prose; not a title or a list of names).
enum class prose_features { automatic, on, off };

struct vectorizer_options {
  int min_df = 2;                    // a term must occur in this many training texts
  std::size_t max_features = 50000;  // keep the terms in most texts (in each block)
  bool bigrams = true;
  prose_features prose = prose_features::automatic;
};

// The length of the punctuation or space beyond ASCII that starts at text[i], or 0: Latin-1's
// (U+00A0 to U+00BF, but the letters ª µ º and the numbers ¹ ² ³ ¼ ½ ¾), the General Punctuation
// block (U+2000 to U+206F: spaces, dashes, curly quotes, bullets, the ellipsis), CJK punctuation
// (U+3000 to U+303F, but its letters and numbers 々 〆 〇 〡-〩 〱-〵 〸-〼), full-width ASCII
// punctuation (U+FF01 to U+FF0F, U+FF1A to U+FF20, U+FF3B to U+FF40, U+FF5B to U+FF65) and the
// zero-width no-break space (U+FEFF). They separate words as ASCII punctuation does (as in
// scikit-learn, whose \w excludes them), rather than sticking to them: "“Hello”" is "hello".
inline std::size_t unicode_separator(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return k < text.size() ? unsigned(static_cast<unsigned char>(text[k])) : 0u;
  };
  const unsigned b0 = byte(i), b1 = byte(i + 1), b2 = byte(i + 2);
  const auto in = [](unsigned b, unsigned low, unsigned high) { return b >= low && b <= high; };
  if (b0 == 0xC2 && in(b1, 0xA0, 0xBF)) {  // U+00A0 to U+00BF
    const bool letter_or_number = b1 == 0xAA || b1 == 0xB5 || b1 == 0xBA || b1 == 0xB2 ||
                                  b1 == 0xB3 || b1 == 0xB9 || in(b1, 0xBC, 0xBE);
    return letter_or_number ? 0 : 2;
  }
  if ((b2 & 0xC0) != 0x80) return 0;  // no three-byte character
  if (b0 == 0xE2) return b1 == 0x80 || (b1 == 0x81 && b2 <= 0xAF) ? 3 : 0;  // U+2000 to U+206F
  if (b0 == 0xE3 && b1 == 0x80) {                                           // U+3000 to U+303F
    const bool letter_or_number =
        in(b2, 0x85, 0x87) || in(b2, 0xA1, 0xA9) || in(b2, 0xB1, 0xB5) || in(b2, 0xB8, 0xBC);
    return letter_or_number ? 0 : 3;
  }
  if (b0 == 0xEF && b1 == 0xBC)  // U+FF00 to U+FF3F
    return in(b2, 0x81, 0x8F) || in(b2, 0x9A, 0xA0) || in(b2, 0xBB, 0xBF) ? 3 : 0;
  if (b0 == 0xEF && b1 == 0xBD)  // U+FF40 to U+FF7F
    return b2 == 0x80 || in(b2, 0x9B, 0xA5) ? 3 : 0;
  return b0 == 0xEF && b1 == 0xBB && b2 == 0xBF ? 3 : 0;  // U+FEFF
}

// Lower-cased tokens: runs of ASCII letters and digits, and of other UTF-8 characters but the
// punctuation and spaces above (letters, mostly), as in scikit-learn's default token pattern:
// tokens of two or more characters (not bytes: "é" alone is one).
inline std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> out;
  std::string token;
  int characters = 0;
  auto flush = [&] {
    if (characters >= 2) out.push_back(token);
    token.clear();
    characters = 0;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (!std::isalnum(c)) {
        flush();
        continue;
      }
      token += char(std::tolower(c));
      ++characters;
    } else if (const std::size_t n = unicode_separator(text, i)) {
      flush();
      i += n - 1;
    } else {
      token += char(c);
      characters += (c & 0xC0) != 0x80;  // a continuation byte is no new character
    }
  }
  flush();
  return out;
}

// Whether the word before a period is an abbreviation, not a sentence's last word: a capital
// letter alone or a capital and a small letter ("J. Stuart", "Dr. No", "U.S. Navy"), or a longer
// title or company word ("Mrs. Danvers", "Sgt. Pepper", "Warner Bros. Pictures"). "UK" or "II"
// ends the sentence.
inline bool abbreviation(std::string_view word) {
  const auto upper = [&](std::size_t k) {
    return std::isupper(static_cast<unsigned char>(word[k])) != 0;
  };
  if (word.empty() || !upper(0)) return false;
  if (word.size() == 1) return true;
  if (word.size() == 2) return std::islower(static_cast<unsigned char>(word[1])) != 0;
  static const char* const longer[] = {"Mrs",  "Mme", "Mlle", "Messrs", "Gen",  "Col",  "Capt",
                                       "Sgt",  "Cpl", "Maj",  "Adm",    "Cmdr", "Rev",  "Prof",
                                       "Gov",  "Sen", "Pres", "Hon",    "Det",  "Insp", "Supt",
                                       "Bros", "Inc", "Ltd",  "Corp",   "Ave",  "Blvd"};
  return std::find(std::begin(longer), std::end(longer), word) != std::end(longer);
}

// The text up to the end of its first sentence: a '.', '!' or '?' followed by white space and a
// capital letter, a digit, a quote or a parenthesis, unless the period ends an abbreviation.
inline std::string_view first_sentence(std::string_view text) {
  const auto at = [&](std::size_t i) {
    return i < text.size() ? int(static_cast<unsigned char>(text[i])) : -1;
  };
  const auto space = [](int c) { return c >= 0 && std::isspace(c); };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int c = at(i);
    if ((c != '.' && c != '!' && c != '?') || !space(at(i + 1))) continue;
    std::size_t next = i + 1;
    while (space(at(next))) ++next;
    const int n = at(next);
    // (a byte from 0x80 on may begin a capital beyond ASCII: "Paris. Émile")
    if (n < 0 ||
        !(std::isupper(n) || std::isdigit(n) || n >= 0x80 || n == '"' || n == '(' || n == '\''))
      continue;
    std::size_t word = i;
    while (word > 0 && std::isalpha(at(word - 1))) --word;
    if (c == '.' && abbreviation(text.substr(word, i - word))) continue;
    return text.substr(0, i + 1);
  }
  return text;
}

// A word's stem, crudely: its first five characters (whole UTF-8 characters; "murdered",
// "murderer" and "murders" -> "murde"). Truncation stems about as well as a suffix stripper for
// classifying and needs no language's rules.
inline std::string stem(const std::string& word) {
  std::size_t end = 0;
  for (int characters = 0; end < word.size() && characters < 5; ++characters) do
      ++end;
    while (end < word.size() && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80);
  return word.substr(0, end);
}

// Whether a text goes on after its first sentence (more than white space).
inline bool has_several_sentences(std::string_view text) {
  const std::string_view rest = text.substr(first_sentence(text).size());
  return std::any_of(rest.begin(), rest.end(),
                     [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
}

// One block of columns: its terms (in column order) and their IDF.
struct vocabulary {
  std::vector<std::string> terms;
  std::vector<float> idf;
};

class text_vectorizer {
 public:
  text_vectorizer() = default;
  // A fitted vectorizer from its vocabularies: of the whole text, of the first sentence and of the
  // stems (empty ones: no such block).
  explicit text_vectorizer(vocabulary words, bool bigrams = true, vocabulary first = {},
                           vocabulary stems = {})
      : blocks_{block(std::move(words)), block(std::move(first)), block(std::move(stems))},
        bigrams_(bigrams) {}

  template <class Texts>
  static text_vectorizer fit(const Texts& texts, const vectorizer_options& options = {}) {
    text_vectorizer v;
    v.bigrams_ = options.bigrams;
    const int blocks = is_prose(texts, options.prose) ? 3 : 1;
    for (int which = 0; which < blocks; ++which)
      v.blocks_[which] = block::fit(
          texts, options, [&](std::string_view t) { return terms_in(which, t, options.bigrams); });
    return v;
  }

  // Columns: the words' block, then the first sentence's and the stems'.
  std::size_t size() const {
    return blocks_[0].v.terms.size() + blocks_[1].v.terms.size() + blocks_[2].v.terms.size();
  }
  const std::vector<std::string>& terms() const { return words().terms; }
  const std::vector<float>& idf() const { return words().idf; }
  const vocabulary& words() const { return blocks_[0].v; }
  const vocabulary& lead() const { return blocks_[1].v; }
  const vocabulary& stems() const { return blocks_[2].v; }
  bool bigrams() const { return bigrams_; }

  template <class Texts>
  sparse_rows transform(const Texts& texts, int threads = exec::default_threads()) const {
    const auto rows = Eigen::Index(std::size(texts));
    // Rows split among threads, each with its own entries, joined in row order: the same
    // matrix for any number of threads.
    const int parts = rows < 64 ? 1 : int(std::min<Eigen::Index>(threads, rows));
    std::vector<std::vector<Eigen::Triplet<float, int>>> entries(static_cast<std::size_t>(parts));
    exec::parallel_parts(parts, [&](int part) {
      const exec::range mine = exec::partition(rows, parts, part);
      std::unordered_map<int, int> counts;
      auto text = std::begin(texts);
      std::advance(text, mine.begin);
      for (Eigen::Index row = mine.begin; row < mine.end; ++row, ++text) {
        const std::string_view t(*text);
        int offset = 0;
        for (int which = 0; which < 3; ++which) {
          const block& b = blocks_[which];
          if (b.v.terms.empty()) continue;
          b.add_row(terms_in(which, t, bigrams_), offset, int(row), counts,
                    entries[std::size_t(part)]);
          offset += int(b.v.terms.size());
        }
      }
    });
    for (std::size_t part = 1; part < entries.size(); ++part)
      entries[0].insert(entries[0].end(), entries[part].begin(), entries[part].end());
    sparse_rows x(rows, Eigen::Index(size()));
    x.setFromTriplets(entries[0].begin(), entries[0].end());
    return x;
  }

 private:
  // A vocabulary and where each of its terms is.
  struct block {
    vocabulary v;
    std::unordered_map<std::string, int> index;

    block() = default;
    explicit block(vocabulary from) : v(std::move(from)) {
      for (std::size_t k = 0; k < v.terms.size(); ++k) index.emplace(v.terms[k], int(k));
    }

    // The vocabulary of the terms `terms_in(text)` of the texts.
    template <class Texts, class Terms>
    static block fit(const Texts& texts, const vectorizer_options& options, Terms terms_in) {
      std::unordered_map<std::string, int> df;
      std::vector<std::string> seen;
      for (const auto& text : texts) {
        seen = terms_in(std::string_view(text));
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
      vocabulary v;
      for (auto& [term, count] : kept) {
        v.terms.push_back(term);
        v.idf.push_back(float(std::log((1 + n) / (1 + count)) + 1));
      }
      return block(std::move(v));
    }

    // Row `row`'s entries of this block, from column `offset` on: sublinear TF-IDF, unit norm.
    void add_row(const std::vector<std::string>& text_terms, int offset, int row,
                 std::unordered_map<int, int>& counts,
                 std::vector<Eigen::Triplet<float, int>>& entries) const {
      counts.clear();
      for (const std::string& t : text_terms) {
        const auto it = index.find(t);
        if (it != index.end()) ++counts[it->second];
      }
      // In column order, so that the norm is summed in the same order whatever the map's history.
      std::vector<std::pair<int, int>> sorted(counts.begin(), counts.end());
      std::sort(sorted.begin(), sorted.end());
      double norm = 0;
      const std::size_t first = entries.size();
      for (auto [col, count] : sorted) {
        const float value = float((1 + std::log(double(count))) * v.idf[std::size_t(col)]);
        entries.emplace_back(row, offset + col, value);
        norm += double(value) * value;
      }
      const float scale = norm > 0 ? float(1 / std::sqrt(norm)) : 0.0f;
      for (std::size_t e = first; e < entries.size(); ++e)
        entries[e] = {entries[e].row(), entries[e].col(), entries[e].value() * scale};
    }
  };

  template <class Texts>
  static bool is_prose(const Texts& texts, prose_features f) {
    if (f != prose_features::automatic) return f == prose_features::on;
    std::size_t several = 0, written = 0;  // (empty cells say nothing either way)
    for (const auto& text : texts) {
      written += !std::string_view(text).empty();
      several += has_several_sentences(std::string_view(text));
    }
    return 2 * several > written;
  }

  // The terms of block `which` in a text: its words, its first sentence's words, its stems.
  static std::vector<std::string> terms_in(int which, std::string_view text, bool bigrams) {
    if (which == 1) return terms_of(first_sentence(text), bigrams);
    if (which == 2) return stems_of(text);
    return terms_of(text, bigrams);
  }
  static std::vector<std::string> terms_of(std::string_view text, bool bigrams) {
    std::vector<std::string> tokens = tokenize(text);
    if (!bigrams) return tokens;
    const std::size_t n = tokens.size();
    for (std::size_t i = 0; i + 1 < n; ++i) tokens.push_back(tokens[i] + " " + tokens[i + 1]);
    return tokens;
  }
  static std::vector<std::string> stems_of(std::string_view text) {
    std::vector<std::string> tokens = tokenize(text);
    for (std::string& t : tokens) t = stem(t);
    return tokens;
  }

  block blocks_[3];  // the words, the first sentence, the stems
  bool bigrams_ = true;
};

}  // namespace metagrad::data
