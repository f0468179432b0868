// genre_classifier: the rows of a CSV table as a model reads them.
#include <iostream>

#include "genre_classifier.hpp"

namespace genre_classifier {

std::vector<std::string> split_list(const std::string& text) { return md::split_labels(text, ","); }

// Features and labels of `rows`, as the fitted model `m` reads them; labels the model does not
// know are named on stderr.
example_set examples(const md::csv_table& t, const io::classifier_file& m,
                     const std::vector<Eigen::Index>& rows) {
  example_set e = classify::featurize(m, t, rows, true);
  for (const auto& [name, count] : e.unknown_labels)
    std::cerr << t.file << ": label '" << name << "' (" << count << (count == 1 ? " row" : " rows")
              << ") is not one the model knows; those labels are ignored\n";
  return e;
}

}  // namespace genre_classifier
