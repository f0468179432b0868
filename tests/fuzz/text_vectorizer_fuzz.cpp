// Fuzz target: any bytes as texts (one per line) to fit a vectorizer on and transform. Every row
// comes out with unit L2 norm (or empty) in each block of columns (the words, the lead, the
// stems), finite values, and columns inside the vocabulary.
#include <metagrad/data/text_vectorizer.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> texts;
  for (std::size_t begin = 0; begin <= text.size();) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    texts.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  metagrad::data::vectorizer_options o;
  o.min_df = 1, o.max_features = 64, o.bigrams = size % 2 == 0;
  o.prose = size % 3 == 0 ? metagrad::data::prose_features::on
                          : metagrad::data::prose_features::automatic;
  const auto v = metagrad::data::text_vectorizer::fit(texts, o);
  const auto x = v.transform(texts);
  if (x.rows() != Eigen::Index(texts.size()) || x.cols() != Eigen::Index(v.size())) std::abort();
  const Eigen::Index lead = Eigen::Index(v.words().terms.size()),
                     stems = lead + Eigen::Index(v.lead().terms.size());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    double norm[3] = {0, 0, 0};
    for (metagrad::data::sparse_rows::InnerIterator it(x, r); it; ++it) {
      if (!std::isfinite(it.value()) || it.col() < 0 || it.col() >= x.cols()) std::abort();
      norm[(it.col() >= lead) + (it.col() >= stems)] += double(it.value()) * it.value();
    }
    for (const double n : norm)
      if (n != 0 && std::abs(n - 1) > 1e-4) std::abort();
  }
  return 0;
}
