// label_binarizer: label names <-> columns of a 0/1 matrix, for lists like "Comedy|Drama".
// Classes are sorted (as scikit-learn's MultiLabelBinarizer). Labels unseen in training that turn
// up later are counted and reported by name, never dropped in silence.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace metagrad::data {

// "a|b| c" -> {"a", "b", "c"}: split on the separator, spaces trimmed, empty names dropped.
inline std::vector<std::string> split_labels(std::string_view field, std::string_view separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= field.size()) {
    std::size_t end = separator.empty() ? std::string_view::npos : field.find(separator, start);
    if (end == std::string_view::npos) end = field.size();
    std::string_view name = field.substr(start, end - start);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front())))
      name.remove_prefix(1);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back())))
      name.remove_suffix(1);
    if (!name.empty()) out.emplace_back(name);
    start = end + separator.size();
    if (separator.empty()) break;
  }
  return out;
}

class label_binarizer {
 public:
  label_binarizer() = default;
  explicit label_binarizer(std::vector<std::string> classes) : classes_(std::move(classes)) {
    std::sort(classes_.begin(), classes_.end());
    classes_.erase(std::unique(classes_.begin(), classes_.end()), classes_.end());
  }

  // The classes are every label that occurs, sorted.
  static label_binarizer fit(const std::vector<std::vector<std::string>>& lists) {
    std::set<std::string> seen;
    for (const auto& list : lists) seen.insert(list.begin(), list.end());
    return label_binarizer(std::vector<std::string>(seen.begin(), seen.end()));
  }

  const std::vector<std::string>& classes() const { return classes_; }
  std::size_t size() const { return classes_.size(); }

  // One row per list; labels not among the classes are counted in unknown() by name.
  Eigen::MatrixXf transform(const std::vector<std::vector<std::string>>& lists) {
    Eigen::MatrixXf y = Eigen::MatrixXf::Zero(Eigen::Index(lists.size()), Eigen::Index(size()));
    for (std::size_t i = 0; i < lists.size(); ++i)
      for (const std::string& name : lists[i]) {
        const auto it = std::lower_bound(classes_.begin(), classes_.end(), name);
        if (it == classes_.end() || *it != name)
          ++unknown_[name];
        else
          y(Eigen::Index(i), Eigen::Index(it - classes_.begin())) = 1.0f;
      }
    return y;
  }

  // Labels met by transform() that training never saw, with how often.
  const std::map<std::string, std::size_t>& unknown() const { return unknown_; }

  std::vector<std::string> inverse(const Eigen::Ref<const Eigen::VectorXf>& row) const {
    std::vector<std::string> out;
    for (Eigen::Index j = 0; j < row.size(); ++j)
      if (row(j) > 0.5f) out.push_back(classes_[std::size_t(j)]);
    return out;
  }

 private:
  std::vector<std::string> classes_;
  std::map<std::string, std::size_t> unknown_;
};

}  // namespace metagrad::data
