// genre_classifier train's options, parsed apart from running them
// (genre_classifier_train_options.cpp).
#pragma once

#include <metagrad/classify/fit_classifier.hpp>
#include <metagrad/data/text_vectorizer.hpp>

#include <set>
#include <string>
#include <vector>

#include "genre_classifier.hpp"
#include "genre_classifier_networks.hpp"

namespace genre_classifier {

struct train_options {
  // Files: the data (found as find_data finds them), and every file the run writes.
  std::string data, test;  // test: "" without a test file
  std::string model, history, report, labels_csv, checkpoint;
  double checkpoint_every = 60;
  // Columns: text columns and one label column of lists, or numeric columns and 0/1 label columns
  // (patterns with '*').
  bool text = false;
  std::vector<std::string> text_columns;
  std::string label_column, label_separator, feature_columns, label_columns;
  // The test rows: a file, the rows whose id is a multiple of id_multiple, or a stratified share.
  enum class test_split { file, id_multiple, fraction } split = test_split::fraction;
  long id_multiple = 5;
  std::string id_column = "id";
  double test_fraction = 0.2;
  md::vectorizer_options vectorizer;
  classify::classifier_options classifier;  // networks, validation, linear member, thresholds
  const nn::fit_options& network() const { return classifier.networks.fit; }
};

train_options parse_train_options(const arguments& a, int default_threads,
                                  const nn::data_parallel& parallel);

}  // namespace genre_classifier
