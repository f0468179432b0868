// genre_classifier train's options, parsed apart from running them
// (genre_classifier_train_options.cpp), and the steps of a run that have files of their own.
#pragma once

#include <metagrad/data/text_vectorizer.hpp>
#include <metagrad/metrics/thresholds.hpp>
#include <metagrad/nn/fit_options.hpp>
#include <metagrad/nn/loss_kind.hpp>

#include <set>
#include <string>
#include <vector>

#include "genre_classifier.hpp"

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
  // The networks (each trained by nn::resume, with seed network.seed + k), their hidden units
  // and loss, their number (0: auto) and early stopping's patience (0: auto).
  nn::fit_options network;
  Eigen::Index hidden = 128;
  nn::loss_kind loss = nn::loss_kind::bce;
  int folds = 0, patience = 0;
  bool validation_given = false;
  double validation_fraction = 0.1;
  md::vectorizer_options vectorizer;
  // The linear member: C (0: none) and its weight in the blend (-1: chosen out of fold).
  bool linear_auto = true;
  double linear_c = 10, linear_weight = -1;
  mm::threshold_objective objective = mm::threshold_objective::automatic;
  int first_layer_bits = 0;  // 3, 4, 8 or 32 in the model file; 0: the fewest that keep the scores
};

const std::set<std::string>& train_option_names();
train_options parse_train_options(const arguments& a, int default_threads,
                                  const nn::data_parallel& parallel);

// The linear member and the thresholds (genre_classifier_linear.cpp).
void add_linear_member(io::classifier_file& m, const example_set& training,
                       const std::vector<std::vector<Eigen::Index>>& held_out,
                       const std::vector<Eigen::Index>& validated,
                       const std::vector<int>& validated_folds, matrix& out_of_fold,
                       mm::threshold_objective objective, double c, double weight, int threads);
std::vector<double> tuned_thresholds(const matrix& y, const matrix& out_of_fold,
                                     const std::vector<int>& folds,
                                     mm::threshold_objective objective);

// The bits a weight of the first layers in the model file (genre_classifier_precision.cpp):
// `given`, or with 0 the fewest that keep the out-of-fold scores. networks_oof: the networks'
// out-of-fold probabilities; out_of_fold: blended with the linear member's.
void choose_first_layer_bits(int given, io::classifier_file& m, const example_set& training,
                             const std::vector<std::vector<Eigen::Index>>& held_out,
                             const std::vector<Eigen::Index>& validated, const matrix& networks_oof,
                             const matrix& out_of_fold, int threads);

}  // namespace genre_classifier
