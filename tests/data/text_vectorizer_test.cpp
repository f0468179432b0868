// The TF-IDF vectorizer on texts small enough to compute by hand.
#include <metagrad/data/text_vectorizer.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace md = metagrad::data;

TEST_CASE("tokens are lower-cased runs of letters and digits of two or more characters", "[text]") {
  CHECK(md::tokenize("The CAT, sat; on 2 mats in 1999!") ==
        std::vector<std::string>{"the", "cat", "sat", "on", "mats", "in", "1999"});
  CHECK(md::tokenize("Amélie's café") == std::vector<std::string>{"amélie", "café"});
  // Punctuation and spaces beyond ASCII separate words too: curly quotes, dashes, the ellipsis,
  // a no-break space, guillemets, CJK punctuation; letters beyond ASCII do not.
  CHECK(md::tokenize("“Hello” — she said… don’t\u00a0go «ici» 東京、大阪") ==
        std::vector<std::string>{"hello", "she", "said", "don", "go", "ici", "東京", "大阪"});
  // Letters and numbers among those blocks stay in words: µ ª ² 々; full-width commas separate.
  CHECK(md::tokenize("µm ªb x² 様々 Ｈｉ，ｙｏ") ==
        std::vector<std::string>{"µm", "ªb", "x²", "様々", "Ｈｉ", "ｙｏ"});
  // Cut-off or stray UTF-8 bytes are kept as they are (never read past the end); a run of
  // continuation bytes alone is no character.
  CHECK(md::tokenize("ab\xE2") == std::vector<std::string>{"ab\xE2"});
  CHECK(md::tokenize("ab\xE2\x80") == std::vector<std::string>{"ab\xE2\x80"});
  CHECK(md::tokenize("ab\xC2") == std::vector<std::string>{"ab\xC2"});
  CHECK(md::tokenize("\x80\x80 ab") == std::vector<std::string>{"ab"});
  // Two or more characters, not bytes: "é" alone is one character in two bytes.
  CHECK(md::tokenize("é è ab ü") == std::vector<std::string>{"ab"});
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

TEST_CASE("the first sentence ends at a terminator before a capital, digit or quote", "[text]") {
  CHECK(md::first_sentence("Heat is a 1995 crime film. It stars Al Pacino.") ==
        "Heat is a 1995 crime film.");
  CHECK(md::first_sentence("Where is it? \"Here\", said he.") == "Where is it?");
  // Initials and short capitalized abbreviations do not end it; a lower-case word does not start
  // a new one.
  CHECK(md::first_sentence("A film by J. Stuart Blackton for the U.S. Navy. Then more.") ==
        "A film by J. Stuart Blackton for the U.S. Navy.");
  CHECK(md::first_sentence("It costs 2.5 dollars. e.g. this is one sentence") ==
        "It costs 2.5 dollars. e.g. this is one sentence");
  CHECK(md::first_sentence("Made in the UK. The end.") == "Made in the UK.");
  // Titles and company words longer than two letters: listed.
  CHECK(md::first_sentence("Mrs. Danvers rules Manderley. Then more.") ==
        "Mrs. Danvers rules Manderley.");
  CHECK(md::first_sentence("Warner Bros. Pictures made it. Then more.") ==
        "Warner Bros. Pictures made it.");
  CHECK(md::first_sentence("He joined the Corps. Then more.") == "He joined the Corps.");
  CHECK(md::first_sentence("Set in Paris. Émile arrives.") == "Set in Paris.");
  CHECK(md::first_sentence("no terminator at all") == "no terminator at all");
  CHECK(md::first_sentence("") == "");
  CHECK(md::has_several_sentences("One. Two."));
  CHECK_FALSE(md::has_several_sentences("One.  "));
  CHECK_FALSE(md::has_several_sentences("Tom Hanks|Meg Ryan"));
}

TEST_CASE("a stem is a word's first five characters, whole UTF-8 characters", "[text]") {
  CHECK(md::stem("murdered") == "murde");
  CHECK(md::stem("war") == "war");
  CHECK(md::stem("éééééé") == "ééééé");  // two bytes each: ten bytes kept, none split
}

TEST_CASE("prose gets blocks of its lead and its stems, each of unit norm", "[text]") {
  const std::vector<std::string> texts{"Alpha beta film. Beta gamma murders.",
                                       "Gamma film. Alpha murdered beta."};
  const auto v = md::text_vectorizer::fit(
      texts, {.min_df = 1, .max_features = 100, .bigrams = false, .prose = md::prose_features::on});
  CHECK(v.words().terms ==
        std::vector<std::string>{"alpha", "beta", "film", "gamma", "murdered", "murders"});
  CHECK(v.lead().terms == std::vector<std::string>{"alpha", "beta", "film", "gamma"});
  CHECK(v.stems().terms == std::vector<std::string>{"alpha", "beta", "film", "gamma", "murde"});
  REQUIRE(v.size() == 15);
  const md::sparse_rows x = v.transform(texts);
  REQUIRE(x.cols() == 15);
  // Row 0's lead is "Alpha beta film."; each block of the row has unit norm of its own.
  double words = 0, lead = 0, stems = 0;
  for (md::sparse_rows::InnerIterator it(x, 0); it; ++it)
    (it.col() < 6 ? words : it.col() < 10 ? lead : stems) += double(it.value()) * it.value();
  CHECK(words == Approx(1));
  CHECK(lead == Approx(1));
  CHECK(stems == Approx(1));
  CHECK(x.coeff(0, 6 + 3) == 0.0f);  // "gamma" is not in row 0's lead
  CHECK(x.coeff(0, 6 + 0) > 0.0f);   // "alpha" is
  // "murders" and "murdered" share the stem column.
  CHECK(x.coeff(0, 10 + 4) > 0.0f);
  CHECK(x.coeff(1, 10 + 4) > 0.0f);
}

TEST_CASE("automatic prose blocks: for columns whose texts mostly have several sentences",
          "[text]") {
  const std::vector<std::string> names{"Tom Hanks|Meg Ryan", "Al Pacino", "One. Two."};
  CHECK(md::text_vectorizer::fit(names, {.min_df = 1}).size() ==
        md::text_vectorizer::fit(names, {.min_df = 1, .prose = md::prose_features::off}).size());
  CHECK(md::text_vectorizer::fit(names, {.min_df = 1}).lead().terms.empty());
  // Two of three written texts have several sentences; empty cells do not count.
  const std::vector<std::string> prose{"A b c. D e f.", "Gh ij. Kl mn.", "Op.", "", "", ""};
  const auto v = md::text_vectorizer::fit(prose, {.min_df = 1});
  CHECK_FALSE(v.lead().terms.empty());
  CHECK_FALSE(v.stems().terms.empty());
  CHECK(md::text_vectorizer::fit(prose, {.min_df = 1, .prose = md::prose_features::off})
            .lead()
            .terms.empty());
}
