// genre_classifier's parts, shared by its files: one per subcommand (genre_classifier_train.cpp,
// genre_classifier_evaluate.cpp, _predict.cpp, _export.cpp, _plot.cpp), the rows as a model reads
// them (genre_classifier_data.cpp) and the report (genre_classifier_report.cpp); main and the usage
// in genre_classifier.cpp.
#pragma once

#include <metagrad/classify/classifier.hpp>
#include <metagrad/classify/held_out.hpp>
#include <metagrad/data/columns.hpp>
#include <metagrad/data/csv.hpp>
#include <metagrad/data/find_data.hpp>
#include <metagrad/data/text_vectorizer.hpp>
#include <metagrad/io/classifier_file.hpp>
#include <metagrad/metrics/scores.hpp>
#include <metagrad/nn/parameters.hpp>

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "command_line.hpp"

namespace genre_classifier {

namespace classify = metagrad::classify;
namespace md = metagrad::data;
namespace mm = metagrad::metrics;
namespace nn = metagrad::nn;
namespace io = metagrad::io;
using metagrad::nn::matrix;

extern const char* const usage_text;
// The command line of subcommand argv[1]: the options its usage names, and `flags`.
arguments command_arguments(int argc, char** argv, const std::set<std::string>& flags = {});

int train(int argc, char** argv);
int evaluate(int argc, char** argv);
int predict(int argc, char** argv);
int export_model(int argc, char** argv);
int plot(int argc, char** argv);

// The rows (genre_classifier_data.cpp).
std::vector<std::string> split_list(const std::string& text);
using md::expand_columns;
using md::find_data;

// The feature rows of a table as the model reads them (classify/example_rows.hpp).
using example_set = classify::example_rows;

using md::binary_label_columns;
using md::column_texts;
using md::numeric_columns;
example_set examples(const md::csv_table& t, const io::classifier_file& m,
                     const std::vector<Eigen::Index>& rows);
using classify::split_held_out;
using md::all_rows;

// The report (genre_classifier_report.cpp).
// The report of the rows' probabilities, printed; returned as JSON and as CSV, a line per label.
struct run_report {
  nlohmann::json json;
  std::string labels_csv;
  void write(const std::string& json_path, const std::string& csv_path) const;  // "": not that
};
run_report report(const io::classifier_file& m, const matrix& y, const matrix& probabilities);

}  // namespace genre_classifier
