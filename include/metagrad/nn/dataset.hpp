// dataset: what fit, predict_proba and evaluate read — a model's inputs by name (dense matrices or
// sparse rows, any number of them: one per tower), the 0/1 labels and optional sample weights,
// with one row per example in each. Made from the same bindings a workspace takes:
//   nn::dataset(x = X, text = T).with_labels(Y)
// The user's matrices are held by address (no copy); subset() copies the rows it takes.
#pragma once

#include "metagrad/core/leaf.hpp"
#include "metagrad/data/select_rows.hpp"
#include "metagrad/data/text_vectorizer.hpp"
#include "metagrad/nn/parameter_sizes.hpp"

#include <Eigen/Core>

#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace metagrad::nn {

class dataset {
 public:
  using matrix = Eigen::MatrixXf;
  template <class T>
  struct named {
    std::string name;
    std::shared_ptr<const T> values;
  };

  dataset() = default;
  template <class... V>
  explicit dataset(const binding<V>&... inputs) {
    (add(inputs), ...);
  }

  dataset& with_labels(const matrix& y) {
    labels_ = borrow(y);
    check_rows("the labels", y.rows());
    return *this;
  }
  dataset& with_sample_weights(const Eigen::VectorXf& w) {
    sample_weights_ = borrow(w);
    check_rows("the sample weights", w.rows());
    return *this;
  }

  const std::vector<named<matrix>>& dense() const { return dense_; }
  const std::vector<named<data::sparse_rows>>& sparse() const { return sparse_; }
  bool has_labels() const { return labels_ != nullptr; }
  const matrix& labels() const {
    if (!labels_) throw std::invalid_argument("dataset: no labels (give them with with_labels)");
    return *labels_;
  }
  const Eigen::VectorXf* sample_weights() const { return sample_weights_.get(); }
  Eigen::Index rows() const { return rows_; }

  // Every input's shape by name (rows x features), for sizing parameters.
  std::vector<named_shape> shapes() const {
    std::vector<named_shape> out;
    for (const auto& d : dense_) out.push_back({d.name, {d.values->rows(), d.values->cols()}});
    for (const auto& s : sparse_) out.push_back({s.name, {s.values->rows(), s.values->cols()}});
    if (labels_) out.push_back({"y", {labels_->rows(), labels_->cols()}});
    return out;
  }

  // The rows `at`, in that order, copied.
  dataset subset(const std::vector<Eigen::Index>& at) const {
    dataset out;
    for (const auto& d : dense_) out.add_owned(d.name, data::select_rows(*d.values, at));
    for (const auto& s : sparse_) out.add_owned(s.name, data::select_rows(*s.values, at));
    if (labels_) out.labels_ = std::make_shared<const matrix>(data::select_rows(*labels_, at));
    if (sample_weights_)
      out.sample_weights_ = std::make_shared<const Eigen::VectorXf>((*sample_weights_)(at));
    out.rows_ = Eigen::Index(at.size());
    return out;
  }

 private:
  template <class T>
  static std::shared_ptr<const T> borrow(const T& t) {
    return std::shared_ptr<const T>(&t, [](const T*) {});
  }

  template <class V>
  void add(const binding<V>& b) {
    static_assert(std::is_same_v<V, matrix> || std::is_same_v<V, data::sparse_rows>,
                  "dataset: an input is an Eigen::MatrixXf or data::sparse_rows");
    if constexpr (std::is_same_v<V, matrix>)
      dense_.push_back({std::string(b.name), borrow(*b.value)});
    else
      sparse_.push_back({std::string(b.name), borrow(*b.value)});
    check_rows("input '" + std::string(b.name) + "'", b.value->rows());
  }
  template <class T>
  void add_owned(const std::string& name, T values) {
    auto held = std::make_shared<const T>(std::move(values));
    if constexpr (std::is_same_v<T, matrix>)
      dense_.push_back({name, held});
    else
      sparse_.push_back({name, held});
  }

  void check_rows(const std::string& what, Eigen::Index rows) {
    if (rows_ >= 0 && rows != rows_)
      throw std::invalid_argument("dataset: " + what + ": " + std::to_string(rows) +
                                  " rows, where what came before has " + std::to_string(rows_));
    rows_ = rows;
  }

  std::vector<named<matrix>> dense_;
  std::vector<named<data::sparse_rows>> sparse_;
  std::shared_ptr<const matrix> labels_;
  std::shared_ptr<const Eigen::VectorXf> sample_weights_;
  Eigen::Index rows_ = -1;
};

}  // namespace metagrad::nn
