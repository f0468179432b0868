// The TF-IDF vectorizer on texts small enough to compute by hand.
#include <metagrad/data/text_vectorizer.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace md = metagrad::data;

TEST_CASE("tokens are lower-cased runs of letters and digits of two or more characters", "[text]") {
  CHECK(md::tokenize("The CAT, sat; on 2 mats in 1999!") ==
        std::vector<std::string>{"the", "cat", "sat", "on", "mats", "in", "1999"});
  CHECK(md::tokenize("Amélie's café") == std::vector<std::string>{"amélie", "café"});
}

TEST_CASE("the vocabulary holds unigrams and bigrams found in min_df texts", "[text]") {
  const std::vector<std::string> texts{"the cat sat", "the cat ran", "a dog ran"};
  const auto v =
      md::text_vectorizer::fit(texts, {.min_df = 2, .max_features = 100, .bigrams = true});
  CHECK(v.terms() == std::vector<std::string>{"cat", "ran", "the", "the cat"});
  // idf = ln((1 + n) / (1 + df)) + 1 with n = 3, df = 2
  CHECK(v.idf()[0] == Approx(std::log(4.0 / 3.0) + 1));
}

TEST_CASE("max_features keeps the terms found in the most texts", "[text]") {
  const std::vector<std::string> texts{"red blue", "red green", "red blue", "yellow"};
  const auto v =
      md::text_vectorizer::fit(texts, {.min_df = 1, .max_features = 2, .bigrams = false});
  CHECK(v.terms() == std::vector<std::string>{"blue", "red"});
}

TEST_CASE("rows are sublinear TF-IDF with unit L2 norm; unknown words are ignored", "[text]") {
  const std::vector<std::string> train{"spam spam spam eggs", "eggs ham", "ham spam"};
  const auto v =
      md::text_vectorizer::fit(train, {.min_df = 1, .max_features = 10, .bigrams = false});
  REQUIRE(v.terms() == std::vector<std::string>{"eggs", "ham", "spam"});
  const std::vector<std::string> texts{"spam spam spam eggs unknownword", "nothing known", ""};
  const md::sparse_rows x = v.transform(texts);
  REQUIRE(x.rows() == 3);
  REQUIRE(x.cols() == 3);
  const double idf = std::log(4.0 / 3.0) + 1;  // every term is in 2 of 3 texts
  const double spam = (1 + std::log(3.0)) * idf, eggs = idf,
               norm = std::sqrt(spam * spam + eggs * eggs);
  CHECK(x.coeff(0, 2) == Approx(spam / norm));
  CHECK(x.coeff(0, 0) == Approx(eggs / norm));
  CHECK(x.coeff(0, 1) == 0.0f);
  CHECK(x.row(1).nonZeros() == 0);
  CHECK(x.row(2).nonZeros() == 0);
}
